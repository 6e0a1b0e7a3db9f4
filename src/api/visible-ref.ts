import type { EntityManager } from 'typeorm';
import { readRows } from '../database/raw';
import type { Caller } from './caller';
import { parseId } from './input';
import { MorError } from './mor-error';
import { managedOwnerId, visibleRowsWhere } from './ownership';

/**
 * "Foreign is missing": the one lookup for an object a request names by id (or number, name...).
 * It finds the object only when the caller may see or use it, in one indexed SQL read, so another
 * owner's object and a missing one are the same `null` and the method answers both with its own
 * missing-object text. Which rows a caller sees follows src/api/ownership.ts: admin and accountant
 * everything; a reseller itself, its users and what they own, and what it owns; a user itself and
 * what it owns, and uses what its reseller (or the admin) owns.
 */

/** MOR's Global location. */
const GLOBAL_LOCATION_ID = 1;

type Condition = { sql: string; args: number[] } | null;

interface RefKind {
  /** FROM clause; the object's table is aliased `t`. */
  from: string;
  /** The column a request names the object by. */
  key: string;
  /** Whether the key is a numeric id (parsed with parseId) or text matched exactly. */
  numeric: boolean;
  scope: (caller: Caller) => Condition;
}

/** Rows of an account the caller may see (canAccessUser), through the users row aliased `u`. */
const byAccount = (table: string): RefKind => ({
  from: `${table} t JOIN users u ON u.id = t.user_id`,
  key: 't.id',
  numeric: true,
  scope: (caller) => visibleRowsWhere(caller, 'u.id', 'u.owner_id'),
});

/** Rows a manager owns: every owner's for admin and accountant, the caller's own (a user: its manager's). */
const ownerIs = (column: string) => (caller: Caller): Condition =>
  caller.role === 'admin' || caller.role === 'accountant' ? null : { sql: `${column} = ?`, args: [managedOwnerId(caller)] };
const byManager = (from: string, ownerColumn: string): RefKind => ({ from, key: 't.id', numeric: true, scope: ownerIs(ownerColumn) });

function didScope(caller: Caller): Condition {
  if (caller.role === 'reseller') return { sql: '(t.reseller_id = ? OR t.user_id = ?)', args: [caller.id, caller.id] };
  return caller.role === 'user' ? { sql: 't.user_id = ?', args: [caller.id] } : null;
}

const KINDS = {
  user: { from: 'users t', key: 't.id', numeric: true, scope: (caller) => visibleRowsWhere(caller, 't.id', 't.owner_id') },
  device: byAccount('devices'),
  /** A device's caller ID, by number. */
  cli: {
    from: 'device_clis t JOIN devices d ON d.id = t.device_id JOIN users u ON u.id = d.user_id',
    key: 't.cli',
    numeric: false,
    scope: (caller) => visibleRowsWhere(caller, 'u.id', 'u.owner_id'),
  },
  phonebook: byAccount('phonebooks'),
  /** Locations: also MOR's Global one (id 1), which every account knows and uses (its rules stay the admin's). */
  location: {
    from: 'locations t',
    key: 't.id',
    numeric: true,
    scope: (caller) => {
      const own = ownerIs('t.owner_id')(caller);
      return own && { sql: `(${own.sql} OR t.id = ${GLOBAL_LOCATION_ID})`, args: own.args };
    },
  },
  location_rule: byManager('location_rules t JOIN locations l ON l.id = t.location_id', 'l.owner_id'),
  lcr: byManager('lcrs t', 't.owner_id'),
  tariff: byManager('tariffs t', 't.owner_id'),
  provider: byManager('providers t', 't.user_id'),
  /** A DID by its number: the admin and accountant see all of them, a reseller those given to it or its own, a user those assigned to it. */
  did_number: { from: 'dids t', key: 't.did', numeric: false, scope: didScope },
} satisfies Record<string, RefKind>;

export type RefKindName = keyof typeof KINDS;

/**
 * The object of `kind` that `raw` names, with `columns` (of `t`), when the caller may see or use it;
 * null when it is missing, malformed or another owner's.
 */
export async function visibleRef<T extends Record<string, unknown> = { id: number }>(
  m: EntityManager,
  caller: Caller,
  kind: RefKindName,
  raw: string | number | null | undefined,
  columns = 't.id',
): Promise<T | null> {
  const spec: RefKind = KINDS[kind];
  const value = spec.numeric ? parseId(raw === null || raw === undefined ? undefined : String(raw)) : raw === null || raw === undefined || raw === '' ? null : String(raw);
  if (value === null) return null;
  const scope = spec.scope(caller);
  const sql = `SELECT ${columns} FROM ${spec.from} WHERE ${spec.key} = ?${scope ? ` AND ${scope.sql}` : ''} LIMIT 1`;
  const rows = await readRows<T>(m, sql, [value, ...(scope?.args ?? [])]);
  return rows[0] ?? null;
}

/** visibleRef, or the method's own missing-object text (the same for another owner's object). */
export async function visibleOrMissing<T extends Record<string, unknown> = { id: number }>(
  m: EntityManager,
  caller: Caller,
  kind: RefKindName,
  raw: string | number | null | undefined,
  notFound: string,
  columns?: string,
): Promise<T> {
  const row = await visibleRef<T>(m, caller, kind, raw, columns);
  if (row === null) throw new MorError(notFound);
  return row;
}
