import type { EntityManager } from 'typeorm';

/** A call in progress, as the calls family keeps it in `activecalls`. */
export interface ActiveCall {
  id: number;
  uniqueid: string;
  channel: string;
  user_id: number;
  device_id: number;
  server_id: number;
}

/**
 * What telephony needs from the calls family: a call in progress (spy). The calls family provides
 * it (src/families/calls/active-calls.port.ts). Legs telephony originates (callback, click-to-call,
 * autodialer) need nothing here: each carries the device's accountcode and MOR_* variables and comes
 * back through call_authorize / call_end like any other call (docs/switch.md).
 */
export interface CallsPort {
  activeCall(id: number, m: EntityManager): Promise<ActiveCall | null>;
}

export const CALLS_PORT = Symbol('CallsPort');
