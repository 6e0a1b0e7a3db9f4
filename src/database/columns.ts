import { TableColumnOptions, TableIndexOptions } from 'typeorm';

/**
 * Column builders for migrations. Migrations use TypeORM's Table API (not raw DDL) so one
 * migration creates the same schema on SQLite and MySQL/MariaDB.
 */
export const col = {
  id: (): TableColumnOptions => ({ name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' }),
  int: (name: string, dflt?: number | null): TableColumnOptions => ({ name, type: 'int', isNullable: dflt === null, default: dflt ?? undefined }),
  bigint: (name: string, dflt?: number | null): TableColumnOptions => ({ name, type: 'bigint', isNullable: dflt === null, default: dflt ?? undefined }),
  /** 0/1 flags, as MOR stores them. */
  flag: (name: string, dflt = 0): TableColumnOptions => ({ name, type: 'smallint', default: dflt }),
  str: (name: string, length = 255, dflt: string | null = ''): TableColumnOptions => ({
    name, type: 'varchar', length: String(length), isNullable: dflt === null, default: dflt === null ? undefined : `'${dflt}'`,
  }),
  text: (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: true }),
  /** Money, rates and exchange rates: exact DECIMAL(20,6). */
  money: (name: string, dflt: string | null = '0'): TableColumnOptions => ({
    name, type: 'decimal', precision: 20, scale: 6, isNullable: dflt === null, default: dflt === null ? undefined : dflt,
  }),
  datetime: (name: string, nullable = true): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable }),
  date: (name: string): TableColumnOptions => ({ name, type: 'date', isNullable: true }),
};

export const index = (name: string, columnNames: string[], isUnique = false): TableIndexOptions => ({ name, columnNames, isUnique });
