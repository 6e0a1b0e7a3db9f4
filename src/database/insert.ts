import type { EntityManager } from 'typeorm';

/**
 * Runs a raw INSERT and returns the new row's id: mysql2 answers with a result header
 * (`insertId`), better-sqlite3 through TypeORM with the last row id itself.
 */
export async function insertReturningId(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result: unknown = await m.query(sql, params);
  const id = typeof result === 'object' && result !== null && 'insertId' in result ? (result as { insertId: number | string }).insertId : result;
  return Number(id);
}
