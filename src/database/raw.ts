import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Hot paths read plain rows with raw SQL (TypeORM's query builder costs more than the query).
 * This turns such a row into the entity shape, applying the columns' transformers (decimals).
 */
export function fromRow<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const column of db.getMetadata(entity).columns) {
    if (!(column.databaseName in row)) continue;
    const value = row[column.databaseName];
    const transformer = column.transformer;
    out[column.propertyName] = transformer && !Array.isArray(transformer) ? transformer.from(value) : value;
  }
  return out as T;
}
