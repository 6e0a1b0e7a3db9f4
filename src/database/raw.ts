import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

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

type Value = string | number;

/**
 * `SELECT * FROM <entity's table> WHERE a = ? AND b IN (?, ?) [ORDER BY c]`, hydrated with
 * fromRow: the plain-SQL equivalent of a simple repository find, for per-call paths.
 */
export async function selectRows<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  where: Record<string, Value | readonly Value[]>,
  orderBy?: string,
): Promise<T[]> {
  const conditions: string[] = [];
  const values: Value[] = [];
  for (const [column, value] of Object.entries(where)) {
    if (Array.isArray(value)) {
      if (value.length === 0) return [];
      conditions.push(`${column} IN (${value.map(() => '?').join(', ')})`);
      values.push(...value);
    } else {
      conditions.push(`${column} = ?`);
      values.push(value as Value);
    }
  }
  const table = m.connection.getMetadata(entity).tableName;
  const sql = `SELECT * FROM ${table}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  const rows: Record<string, unknown>[] = await m.query(sql, values);
  return rows.map((row) => fromRow(m.connection, entity, row));
}
