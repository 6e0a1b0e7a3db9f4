import type { Caller } from './caller';

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
