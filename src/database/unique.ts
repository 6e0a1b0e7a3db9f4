import { MorError } from '../api/mor-error';

/** A unique index, as the migration names it, and the column it covers. */
export interface UniqueIndex {
  table: string;
  column: string;
  name: string;
}

/** The driver error behind a TypeORM QueryFailedError (or the error itself). */
function driverError(error: unknown): { code?: unknown; errno?: unknown; message?: unknown } {
  const e = error as { driverError?: unknown } | null;
  return ((e && typeof e === 'object' && e.driverError) || error || {}) as { code?: unknown; errno?: unknown; message?: unknown };
}

/**
 * Whether a write failed on this unique index: MariaDB's ER_DUP_ENTRY names the key,
 * SQLite's UNIQUE constraint names the column. Two concurrent requests can both pass an
 * existence check; the index is what refuses the second.
 */
export function violates(error: unknown, index: UniqueIndex): boolean {
  const d = driverError(error);
  const message = String(d.message ?? '');
  if (d.code === 'ER_DUP_ENTRY' || d.errno === 1062) return message.includes(`'${index.name}'`) || message.includes(`'${index.table}.${index.name}'`);
  return String(d.code ?? '').startsWith('SQLITE_CONSTRAINT') && message.includes(`${index.table}.${index.column}`);
}

/** Whether a write failed on any unique index or primary key (a lost race between two requests). */
export function isUniqueViolation(error: unknown): boolean {
  const d = driverError(error);
  return d.code === 'ER_DUP_ENTRY' || d.errno === 1062 || d.code === 'SQLITE_CONSTRAINT_UNIQUE' || d.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Runs a write; a violation of one of the given indexes answers its MOR text instead of a 500. */
export async function uniqueOr<T>(work: () => Promise<T>, texts: ReadonlyArray<readonly [UniqueIndex, string]>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const hit = texts.find(([index]) => violates(error, index));
    if (hit) throw new MorError(hit[1]);
    throw error;
  }
}

export const UNIQUE = {
  username: { table: 'users', column: 'username', name: 'ux_users_username' },
  resellerGroupName: { table: 'reseller_groups', column: 'name', name: 'ux_reseller_groups_name' },
} as const satisfies Record<string, UniqueIndex>;
