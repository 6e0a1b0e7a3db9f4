/**
 * MOR's DID state machine in one place (reference 04, DID methods and §S "DIDs / Lifecycle").
 *
 * Pure: the service loads the DID (and the target device) inside its transaction, asks
 * `planDidTransition` what to do, and either persists `next` and answers `success`, or answers
 * `error` verbatim in the method's envelope. Refusal texts are MOR's own, typos included.
 */

/** DID statuses exactly as MOR names them in `search_status` (lowercase). */
export const DID_STATUSES = ['free', 'reserved', 'active', 'closed', 'terminated'] as const;
export type DidStatus = (typeof DID_STATUSES)[number];

/** Capitalised labels, as `dids_get` prints `<status>Active</status>`. */
const STATUS_LABELS: Record<DidStatus, string> = {
  free: 'Free',
  reserved: 'Reserved',
  active: 'Active',
  closed: 'Closed',
  terminated: 'Terminated',
};

export function didStatusLabel(status: DidStatus): string {
  return STATUS_LABELS[status];
}

/** Parses a `search_status` value; MOR documents the lowercase names only. */
export function parseDidStatus(text: string): DidStatus | null {
  return (DID_STATUSES as readonly string[]).includes(text) ? (text as DidStatus) : null;
}

/** The lifecycle-relevant part of a DID row. */
export interface DidState {
  status: DidStatus;
  /** Device the DID routes to (ordinary or trunk); null when none. */
  deviceId: number | null;
  /** Dial plan the DID routes to; a DID uses either a device or a dial plan. */
  dialplanId: number | null;
  /** User the DID is reserved to / active for (kept while Closed: MOR holds it for the user). */
  userId: number | null;
  /** Reseller the admin gave the DID to; the DID stays Free from the reseller's point of view. */
  resellerId: number | null;
  /** Whether any call record references the DID (blocks did_delete). */
  hasCalls: boolean;
  /** Whether any queue references the DID (blocks did_delete). */
  inQueues: boolean;
}

/** Who calls. Admin is user id 0; accountants act with the admin's rights plus permissions. */
export interface DidActor {
  role: 'admin' | 'accountant' | 'reseller' | 'user';
  id: number;
  /** The "Manage DIDs" permission of an accountant or reseller; ignored for the admin. */
  canManageDids: boolean;
}

export interface DidContext {
  actor: DidActor;
}

/** The target device of an assignment, as the service loaded it (null: no such device). */
export interface DidDeviceRef {
  id: number;
  /** The device's user. */
  userId: number;
  /** Owner of the device's user: 0 for admin-owned users, the reseller's id otherwise. */
  userOwnerId: number;
  isTrunk: boolean;
}

/** A user/reseller given by `did_user_id`; `'free'` stands for `did_user_id=-1`. */
export type DidUserTarget = { id: number; isReseller: boolean } | 'free';

/** One action per DID method; `kind` is the method's canonical name. */
export type DidAction =
  | { kind: 'did_create'; number: string }
  | { kind: 'did_device_assign'; device: DidDeviceRef | null }
  | { kind: 'did_trunk_device_assign'; device: DidDeviceRef | null }
  | { kind: 'did_device_unassign' }
  | { kind: 'did_details_update'; didUser?: DidUserTarget; callLimit?: string }
  | { kind: 'did_subscription_stop' }
  | { kind: 'did_close' }
  | { kind: 'did_terminate' }
  | { kind: 'did_make_free' }
  | { kind: 'did_delete' };

export type DidActionKind = DidAction['kind'];

/** `next` is the state to persist; null after did_delete (remove the row). */
export type DidPlan =
  | { ok: true; next: DidState | null; success: string }
  | { ok: false; error: string };

/** MOR's exact texts (sic where marked). */
export const DID_TEXTS = {
  accessDenied: 'Access Denied',
  notFound: 'DID was not found',
  notFoundDot: 'DID was not found.',
  cannotManage: 'You are not authorized to manage DIDs',
  foreignDevice: 'Your are not authorized to use this Device', // sic "Your"
  deviceNotFound: 'Device was not found',
  deviceNotAssigned: 'Device was not assigned',
  alreadyExists: 'DID already exists',
  invalidDid: 'Invalid DID specified',
  terminated: 'DID is terminated',
  notFree: 'DID is not free',
  alreadyFree: 'DID is already free',
  onDialplan: 'DID is assigned to dialplan',
  callLimitFormat: 'Call limit is incorrect format',
  notOnDevice: 'DID is not assigned to Device',
  closeOnDialPlan: 'DID is assigned to Dial Plan.',
  closeNotOnDevice: 'DID is not assigned to Device.',
  alreadyClosed: 'DID is already closed.',
  notTerminatedReseller: 'DID was not terminated',
  notTerminatedStatus: 'DID was not terminated. Only Free or Closed DIDs can be terminate', // sic
  notFreed: 'DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed',
  deleteNeedsTerminated: 'DID status must be terminated',
  deleteHasCalls: 'Cannot delete DID associated with calls',
  deleteInQueues: 'Cannot delete DID associated with queues',
} as const;

export const DID_SUCCESS: Record<DidActionKind, string> = {
  did_create: 'DID created',
  did_device_assign: 'Device assigned to DID',
  did_trunk_device_assign: 'Device assigned to DID',
  did_device_unassign: 'Device was unassigned from DID',
  did_details_update: 'DID details successfully updated',
  did_subscription_stop: 'DID was successfully closed',
  did_close: 'DID successfully closed',
  did_terminate: 'DID successfully terminated',
  did_make_free: 'DID successfully made available',
  did_delete: 'DID successfully deleted',
};

/** Methods whose error lists carry "You are not authorized to manage DIDs"; the rest say Access Denied. */
const MANAGE_TEXT_METHODS: ReadonlySet<DidActionKind> = new Set([
  'did_create',
  'did_device_assign',
  'did_trunk_device_assign',
  'did_device_unassign',
]);

/** Statuses did_make_free accepts (reference: "Only Terminated, Reserved or Closed DIDs can be freed"). */
const FREEABLE: ReadonlySet<DidStatus> = new Set(['terminated', 'reserved', 'closed']);

const refuse = (error: string): DidPlan => ({ ok: false, error });
const accept = (kind: DidActionKind, next: DidState | null): DidPlan => ({
  ok: true,
  next,
  success: DID_SUCCESS[kind],
});

/** A fresh DID as did_create stores it: Free, and held by the reseller when a reseller creates it. */
export function newDidState(actor: DidActor): DidState {
  return {
    status: 'free',
    deviceId: null,
    dialplanId: null,
    userId: null,
    resellerId: actor.role === 'reseller' ? actor.id : null,
    hasCalls: false,
    inQueues: false,
  };
}

/** The longest DID number stored (the `dids.did` column). */
export const MAX_DID_LENGTH = 50;

/** DID numbers over the API are digits only (E.164 without "+"): did_create answers Invalid DID specified. */
export function isValidDidNumber(text: string): boolean {
  return text.length <= MAX_DID_LENGTH && /^\d+$/.test(text);
}

/** `call_limit` is 0 (unlimited) or a positive whole number that fits the INT column. */
export function isValidCallLimit(text: string): boolean {
  return /^\d{1,9}$/.test(text.trim());
}

/**
 * Decides one DID method. `did` is the row the method's identifier found (undefined: none).
 * Check order: caller role, permission, input format, existence, visibility, then state.
 */
export function planDidTransition(
  did: DidState | undefined,
  action: DidAction,
  ctx: DidContext,
): DidPlan {
  const denied = checkActor(action.kind, ctx.actor);
  if (denied) return refuse(denied);
  if (action.kind === 'did_create') return planCreate(did, action.number, ctx.actor);
  if (action.kind === 'did_details_update' && action.callLimit !== undefined) {
    if (!isValidCallLimit(action.callLimit)) return refuse(DID_TEXTS.callLimitFormat);
  }
  if (!did) return refuse(notFoundText(action.kind));
  // Another reseller's DID answers as a missing one (foreign is missing), though MOR's lists
  // carry "Your are not authorized to use this DID" for it.
  if (!isVisibleTo(did, ctx.actor)) return refuse(notFoundText(action.kind));
  return planOnExisting(did, action, ctx.actor);
}

function planOnExisting(did: DidState, action: DidAction, actor: DidActor): DidPlan {
  switch (action.kind) {
    case 'did_device_assign':
      return planAssign(did, action.kind, action.device, actor, false);
    case 'did_trunk_device_assign':
      return planAssign(did, action.kind, action.device, actor, true);
    case 'did_device_unassign':
      return planUnassign(did);
    case 'did_details_update':
      return planDetails(did, action.didUser, actor);
    case 'did_subscription_stop':
      return planSubscriptionStop(did);
    case 'did_close':
      return planClose(did);
    case 'did_terminate':
      return planTerminate(did);
    case 'did_make_free':
      return planMakeFree(did);
    case 'did_delete':
      return planDelete(did);
    case 'did_create':
      return refuse(DID_TEXTS.alreadyExists);
  }
}

/** Role gate. Simple users have no DID methods; did_delete is admin/accountant only (inferred). */
function checkActor(kind: DidActionKind, actor: DidActor): string | null {
  if (actor.role === 'user') return DID_TEXTS.accessDenied;
  if (kind === 'did_delete' && actor.role === 'reseller') return DID_TEXTS.accessDenied;
  if (actor.role !== 'admin' && !actor.canManageDids) {
    return MANAGE_TEXT_METHODS.has(kind) ? DID_TEXTS.cannotManage : DID_TEXTS.accessDenied;
  }
  return null;
}

/** did_close lists its texts with a trailing period; every other method without. */
function notFoundText(kind: DidActionKind): string {
  return kind === 'did_close' ? DID_TEXTS.notFoundDot : DID_TEXTS.notFound;
}

/** Admin and accountant see every DID; a reseller only the DIDs given to it. */
function isVisibleTo(did: DidState, actor: DidActor): boolean {
  return actor.role !== 'reseller' || did.resellerId === actor.id;
}

function planCreate(existing: DidState | undefined, number: string, actor: DidActor): DidPlan {
  if (!isValidDidNumber(number)) return refuse(DID_TEXTS.invalidDid);
  if (existing) return refuse(DID_TEXTS.alreadyExists);
  return accept('did_create', newDidState(actor));
}

/** Whether the actor may route a DID to this device: its user must belong to the actor (admin: owner 0). */
function ownsDevice(device: DidDeviceRef, actor: DidActor): boolean {
  const ownerId = actor.role === 'reseller' ? actor.id : 0;
  return device.userOwnerId === ownerId;
}

function planAssign(
  did: DidState,
  kind: 'did_device_assign' | 'did_trunk_device_assign',
  device: DidDeviceRef | null,
  actor: DidActor,
  trunkOnly: boolean,
): DidPlan {
  if (!device) return refuse(DID_TEXTS.deviceNotFound);
  // A reseller's device of another owner is a missing one to it; the admin sees every device.
  if (!ownsDevice(device, actor)) return refuse(actor.role === 'reseller' ? DID_TEXTS.deviceNotFound : DID_TEXTS.foreignDevice);
  if (trunkOnly && !device.isTrunk) return refuse(DID_TEXTS.deviceNotAssigned);
  if (did.status === 'terminated') return refuse(DID_TEXTS.terminated);
  if (!isAssignableTo(did, device, actor)) return refuse(DID_TEXTS.notFree);
  return accept(kind, { ...did, status: 'active', deviceId: device.id, dialplanId: null, userId: device.userId });
}

/**
 * "DID is not free": it is on a dial plan or device (Active/Closed), reserved to another user,
 * or the admin tries to use a DID it gave to a reseller.
 */
function isAssignableTo(did: DidState, device: DidDeviceRef, actor: DidActor): boolean {
  if (did.dialplanId !== null || did.deviceId !== null) return false;
  if (did.resellerId !== null && actor.role !== 'reseller') return false;
  if (did.status === 'free') return true;
  return did.status === 'reserved' && did.userId === device.userId;
}

/** Unassigning returns the DID to Free (the reseller keeps it; the user's hold ends). */
function planUnassign(did: DidState): DidPlan {
  if (did.status === 'terminated') return refuse(DID_TEXTS.terminated);
  if (did.dialplanId !== null) return refuse(DID_TEXTS.onDialplan);
  if (did.status === 'free') return refuse(DID_TEXTS.alreadyFree);
  if (did.deviceId === null) return refuse(DID_TEXTS.deviceNotFound);
  return accept('did_device_unassign', { ...did, status: 'free', deviceId: null, userId: null });
}

/** did_details_update: plain details never change the status; did_user_id reserves or frees. */
function planDetails(did: DidState, target: DidUserTarget | undefined, actor: DidActor): DidPlan {
  if (target === undefined) return accept('did_details_update', { ...did });
  if (target === 'free') return planRelease(did, actor);
  return planReserve(did, target, actor);
}

/**
 * Reserve (only a Free DID). To a reseller: the DID stays Free and the reseller holds it;
 * to a user: Reserved for that user. A reseller may reserve only to its own users.
 */
function planReserve(did: DidState, target: { id: number; isReseller: boolean }, actor: DidActor): DidPlan {
  if (actor.role === 'reseller' && target.isReseller) return refuse(DID_TEXTS.accessDenied);
  if (did.status !== 'free') return refuse(DID_TEXTS.notFree);
  if (did.resellerId !== null && actor.role !== 'reseller') return refuse(DID_TEXTS.notFree);
  const next: DidState = target.isReseller
    ? { ...did, resellerId: target.id }
    : { ...did, status: 'reserved', userId: target.id };
  return accept('did_details_update', next);
}

/**
 * did_user_id=-1: same rule as did_make_free, plus a Free DID, where the admin takes the DID
 * back from its reseller (a reseller's own Free DID is left as it is).
 */
function planRelease(did: DidState, actor: DidActor): DidPlan {
  if (did.status === 'free') {
    const resellerId = actor.role === 'reseller' ? did.resellerId : null;
    return accept('did_details_update', { ...did, resellerId });
  }
  if (!FREEABLE.has(did.status)) return refuse(DID_TEXTS.notFreed);
  return accept('did_details_update', freed(did));
}

/** Stopping the subscription closes an Active device DID, as the GUI's "stop subscription" does. */
function planSubscriptionStop(did: DidState): DidPlan {
  if (did.status !== 'active' || did.deviceId === null) return refuse(DID_TEXTS.notOnDevice);
  return accept('did_subscription_stop', closed(did));
}

function planClose(did: DidState): DidPlan {
  if (did.status === 'closed') return refuse(DID_TEXTS.alreadyClosed);
  if (did.dialplanId !== null) return refuse(DID_TEXTS.closeOnDialPlan);
  if (did.status !== 'active' || did.deviceId === null) return refuse(DID_TEXTS.closeNotOnDevice);
  return accept('did_close', closed(did));
}

/** Closed: calls get a hangup, the device link ends, the user keeps the hold until freed. */
function closed(did: DidState): DidState {
  return { ...did, status: 'closed', deviceId: null };
}

/**
 * Only Free or Closed DIDs can be terminated; a Free DID still held by a reseller answers the
 * older plain "DID was not terminated". Terminated keeps nothing but history.
 */
function planTerminate(did: DidState): DidPlan {
  if (did.status === 'free' && did.resellerId !== null) return refuse(DID_TEXTS.notTerminatedReseller);
  if (did.status !== 'free' && did.status !== 'closed') return refuse(DID_TEXTS.notTerminatedStatus);
  return accept('did_terminate', {
    ...did,
    status: 'terminated',
    deviceId: null,
    dialplanId: null,
    userId: null,
    resellerId: null,
  });
}

function planMakeFree(did: DidState): DidPlan {
  if (!FREEABLE.has(did.status)) return refuse(DID_TEXTS.notFreed);
  return accept('did_make_free', freed(did));
}

/** Free again: the user's hold ends; a reseller that held the DID keeps it. */
function freed(did: DidState): DidState {
  return { ...did, status: 'free', deviceId: null, dialplanId: null, userId: null };
}

/** Only a Terminated DID with no calls and no queue use may be deleted. */
function planDelete(did: DidState): DidPlan {
  if (did.status !== 'terminated') return refuse(DID_TEXTS.deleteNeedsTerminated);
  if (did.hasCalls) return refuse(DID_TEXTS.deleteHasCalls);
  if (did.inQueues) return refuse(DID_TEXTS.deleteInQueues);
  return accept('did_delete', null);
}
