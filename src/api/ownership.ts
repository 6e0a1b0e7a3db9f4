import type { EntityManager } from 'typeorm';
import { User } from '../families/users/user.entity';
import type { Caller } from './caller';
import { fromRowAsFind } from '../database/raw';
import { MorError } from './mor-error';
import { visibleRef } from './visible-ref';

/**
 * The one place that says who may see what. Admin and accountant see everything, a reseller
 * itself and the users it owns, a simple user only itself.
 */
export function canAccessUser(caller: Caller, target: { id: number; owner_id: number }): boolean {
  switch (caller.role) {
    case 'admin':
    case 'accountant':
      return true;
    case 'reseller':
      return target.id === caller.id || target.owner_id === caller.id;
    default:
      return target.id === caller.id;
  }
}

/** The owner id whose resources (tariffs, LCRs, providers, DIDs...) the caller manages. */
export function managedOwnerId(caller: Caller): number {
  switch (caller.role) {
    case 'admin':
    case 'accountant':
      return 0;
    case 'reseller':
      return caller.id;
    default:
      return caller.ownerId;
  }
}

/** Whether the caller may manage a resource owned by `ownerId`. */
export function managesOwner(caller: Caller, ownerId: number): boolean {
  return caller.role !== 'user' && managedOwnerId(caller) === ownerId;
}

/** The user a `user_id`-style param names, when the caller may see it; null otherwise (missing, malformed, foreign). */
export async function accessibleUser(m: EntityManager, caller: Caller, rawId: string | undefined): Promise<User | null> {
  const row = await visibleRef(m, caller, 'user', rawId, userColumns(m));
  return row && fromRowAsFind(m.connection, User, row);
}

const selectable = new WeakMap<object, string>();

/** The users columns a repository find reads (not those marked `select: false`, the password). */
function userColumns(m: EntityManager): string {
  const metadata = m.connection.getMetadata(User);
  let columns = selectable.get(metadata);
  if (columns === undefined) {
    columns = metadata.columns.filter((c) => c.isSelect).map((c) => `t.${c.databaseName}`).join(', ');
    selectable.set(metadata, columns);
  }
  return columns;
}

/**
 * SQL condition (and its binds) limiting rows that carry a user id and that user's owner id to what
 * the caller may see, as canAccessUser decides; empty for admin and accountant.
 */
export function visibleRowsWhere(caller: Caller, userColumn: string, ownerColumn: string): { sql: string; args: number[] } | null {
  switch (caller.role) {
    case 'admin':
    case 'accountant':
      return null;
    case 'reseller':
      return { sql: `(${userColumn} = ? OR ${ownerColumn} = ?)`, args: [caller.id, caller.id] };
    default:
      return { sql: `${userColumn} = ?`, args: [caller.id] };
  }
}

/**
 * WHERE conditions for rows of the users the caller may see (`user_id` / `owner_id` columns),
 * narrowed to one user when `rawUserId` is sent; a missing or foreign user answers `notFound`.
 */
export async function userRowsWhere(m: EntityManager, caller: Caller, rawUserId: string | undefined, notFound: string): Promise<{ where: string[]; args: (string | number)[] }> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const scope = visibleRowsWhere(caller, 'user_id', 'owner_id');
  if (scope) {
    where.push(scope.sql);
    args.push(...scope.args);
  }
  if (rawUserId) {
    const user = await accessibleUser(m, caller, rawUserId);
    if (!user) throw new MorError(notFound);
    where.push('user_id = ?');
    args.push(user.id);
  }
  return { where, args };
}
