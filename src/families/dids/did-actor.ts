import type { Caller } from '../../api/caller';
import type { DidActor, DidState } from '../../billing/did-lifecycle';
import type { Did } from './did.entity';

/**
 * The lifecycle's view of the caller. Accountants and resellers reach a DID method only through
 * the pipeline's permission check, so having got here they may manage DIDs.
 */
export function didActor(caller: Caller): DidActor {
  return { role: caller.role, id: caller.id, canManageDids: true };
}

export function didState(row: Did): DidState {
  return {
    status: row.status,
    deviceId: row.device_id,
    dialplanId: row.dialplan_id,
    userId: row.user_id,
    resellerId: row.reseller_id,
    hasCalls: false,
    inQueues: false,
  };
}

/** The row columns a planned state writes back. */
export function stateColumns(next: DidState): Partial<Did> {
  return {
    status: next.status,
    device_id: next.deviceId,
    dialplan_id: next.dialplanId,
    user_id: next.userId,
    reseller_id: next.resellerId,
  };
}
