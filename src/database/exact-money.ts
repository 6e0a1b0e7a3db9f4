import type { DataSource, EntityManager } from 'typeorm';
import { Decimal, money, toStorageExact } from '../billing/money';

/**
 * SQLite has no exact decimal: a column declared DECIMAL has NUMERIC affinity and keeps only 15
 * significant digits. There, money columns are declared `decimal_text(20,6)` instead (TEXT
 * affinity, holding the same canonical 6-decimal text MariaDB returns), and money arithmetic in SQL
 * runs in decimal.js through the functions registered here. MariaDB keeps real DECIMAL(20,6).
 */
export const SQLITE_MONEY_TYPE = 'decimal_text';

interface SqliteConnection {
  function(name: string, options: { deterministic: boolean }, fn: (...args: unknown[]) => unknown): unknown;
  aggregate(name: string, options: { start: () => unknown; step: (total: unknown, value: unknown) => unknown; result?: (total: unknown) => unknown; deterministic: boolean }): unknown;
}

type Amount = string | number | null;

/** Registers dec_add, dec_sub, dec_cmp, dec_norm and the aggregate dec_sum on a better-sqlite3 connection. */
export function registerMoneyFunctions(db: SqliteConnection): void {
  const det = { deterministic: true };
  db.function('dec_add', det, (a, b) => toStorageExact(money(a as Amount).plus(money(b as Amount))));
  db.function('dec_sub', det, (a, b) => toStorageExact(money(a as Amount).minus(money(b as Amount))));
  db.function('dec_cmp', det, (a, b) => money(a as Amount).comparedTo(money(b as Amount)));
  db.function('dec_norm', det, (a) => (a === null ? null : toStorageExact(a as string | number)));
  db.aggregate('dec_sum', {
    deterministic: true,
    start: () => new Decimal(0),
    step: (total, value) => (value === null ? total : (total as Decimal).plus(money(value as Amount))),
    result: (total) => toStorageExact(total as Decimal),
  });
}

interface FullTypeDriver {
  createFullType(column: { type: unknown; length?: unknown; precision?: unknown; scale?: unknown }): string;
}

/** Makes the SQLite driver declare every DECIMAL column of a migration as exact text. */
export function declareMoneyAsText(db: DataSource): void {
  const driver = db.driver as unknown as FullTypeDriver;
  const fullType = driver.createFullType.bind(driver);
  driver.createFullType = (column) => fullType(column.type === 'decimal' ? { ...column, type: SQLITE_MONEY_TYPE } : column);
}

/** Money expressions in SQL, the same meaning on both databases (bind amounts as toStorage text). */
export interface MoneySql {
  /** `column + ?` */
  add(column: string): string;
  /** `SUM(expr)`, exact; NULL for no rows is not returned: an empty sum is 0. */
  sum(expr: string): string;
  /** `a <op> b` compared as numbers. */
  compare(a: string, op: '<' | '<=' | '=' | '<>' | '>=' | '>', b: string): string;
}

const SQLITE_MONEY: MoneySql = {
  add: (column) => `dec_add(${column}, ?)`,
  sum: (expr) => `dec_sum(${expr})`,
  compare: (a, op, b) => `dec_cmp(${a}, ${b}) ${op} 0`,
};

const MYSQL_MONEY: MoneySql = {
  add: (column) => `${column} + ?`,
  sum: (expr) => `COALESCE(SUM(${expr}), 0)`,
  compare: (a, op, b) => `${a} ${op} ${b}`,
};

export function moneySql(m: EntityManager): MoneySql {
  return m.connection.options.type === 'mysql' ? MYSQL_MONEY : SQLITE_MONEY;
}
