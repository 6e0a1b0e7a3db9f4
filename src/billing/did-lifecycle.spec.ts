import {
  DID_STATUSES,
  DidAction,
  DidActor,
  DidDeviceRef,
  DidState,
  DidStatus,
  didStatusLabel,
  isValidCallLimit,
  isValidDidNumber,
  newDidState,
  parseDidStatus,
  planDidTransition,
} from './did-lifecycle';

const ADMIN: DidActor = { role: 'admin', id: 0, canManageDids: false };
const ACCOUNTANT: DidActor = { role: 'accountant', id: 7, canManageDids: true };
const ACCOUNTANT_NO_PERM: DidActor = { role: 'accountant', id: 7, canManageDids: false };
const RESELLER: DidActor = { role: 'reseller', id: 50, canManageDids: true };
const RESELLER_NO_PERM: DidActor = { role: 'reseller', id: 50, canManageDids: false };
const SIMPLE_USER: DidActor = { role: 'user', id: 2, canManageDids: true };

/** Admin-owned user 2's SIP device, and a trunk. */
const DEVICE: DidDeviceRef = { id: 10, userId: 2, userOwnerId: 0, isTrunk: false };
const TRUNK: DidDeviceRef = { id: 11, userId: 2, userOwnerId: 0, isTrunk: true };
/** Reseller 50's user 60's device. */
const RS_DEVICE: DidDeviceRef = { id: 20, userId: 60, userOwnerId: 50, isTrunk: false };

function did(status: DidStatus, over: Partial<DidState> = {}): DidState {
  const base: DidState = {
    status,
    deviceId: null,
    dialplanId: null,
    userId: null,
    resellerId: null,
    hasCalls: false,
    inQueues: false,
  };
  if (status === 'active') Object.assign(base, { deviceId: 10, userId: 2 });
  if (status === 'reserved' || status === 'closed') base.userId = 2;
  return { ...base, ...over };
}

const plan = (d: DidState | undefined, a: DidAction, actor: DidActor = ADMIN) =>
  planDidTransition(d, a, { actor });

type Row = [label: string, state: DidState | undefined, action: DidAction, actor: DidActor, expected: Partial<DidState> | null | string];

/** expected: a string is a refusal text; an object is a subset of `next`; null means "row deleted". */
const rows: Row[] = [
  // did_create
  ['create free', undefined, { kind: 'did_create', number: '37060000001' }, ADMIN, { status: 'free', resellerId: null }],
  ['create by reseller is held by it', undefined, { kind: 'did_create', number: '1' }, RESELLER, { status: 'free', resellerId: 50 }],
  ['create existing', did('free'), { kind: 'did_create', number: '1' }, ADMIN, 'DID already exists'],
  ['create non-numeric', undefined, { kind: 'did_create', number: '37a' }, ADMIN, 'Invalid DID specified'],
  ['create with plus', undefined, { kind: 'did_create', number: '+370' }, ADMIN, 'Invalid DID specified'],
  ['create empty', undefined, { kind: 'did_create', number: '' }, ADMIN, 'Invalid DID specified'],
  ['create without permission', undefined, { kind: 'did_create', number: '1' }, RESELLER_NO_PERM, 'You are not authorized to manage DIDs'],
  ['create by simple user', undefined, { kind: 'did_create', number: '1' }, SIMPLE_USER, 'Access Denied'],

  // did_device_assign
  ['assign free', did('free'), { kind: 'did_device_assign', device: DEVICE }, ADMIN, { status: 'active', deviceId: 10, userId: 2 }],
  ['assign by accountant', did('free'), { kind: 'did_device_assign', device: DEVICE }, ACCOUNTANT, { status: 'active' }],
  ['assign accountant without permission', did('free'), { kind: 'did_device_assign', device: DEVICE }, ACCOUNTANT_NO_PERM, 'You are not authorized to manage DIDs'],
  ['assign trunk via plain method', did('free'), { kind: 'did_device_assign', device: TRUNK }, ADMIN, { status: 'active', deviceId: 11 }],
  ['assign reserved to same user', did('reserved'), { kind: 'did_device_assign', device: DEVICE }, ADMIN, { status: 'active', deviceId: 10 }],
  ['assign reserved to other user', did('reserved', { userId: 3 }), { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID is not free'],
  ['assign active', did('active'), { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID is not free'],
  ['assign on dial plan', did('active', { deviceId: null, dialplanId: 4 }), { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID is not free'],
  ['assign closed', did('closed'), { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID is not free'],
  ['assign terminated', did('terminated'), { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID is terminated'],
  ['assign missing DID', undefined, { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID was not found'],
  ['assign missing device', did('free'), { kind: 'did_device_assign', device: null }, ADMIN, 'Device was not found'],
  ['admin assigns to reseller user device', did('free'), { kind: 'did_device_assign', device: RS_DEVICE }, ADMIN, 'Your are not authorized to use this Device'],
  ['admin assigns DID given to reseller', did('free', { resellerId: 50 }), { kind: 'did_device_assign', device: DEVICE }, ADMIN, 'DID is not free'],
  ['reseller assigns its DID', did('free', { resellerId: 50 }), { kind: 'did_device_assign', device: RS_DEVICE }, RESELLER, { status: 'active', deviceId: 20, userId: 60, resellerId: 50 }],
  ['reseller assigns foreign DID (as missing)', did('free'), { kind: 'did_device_assign', device: RS_DEVICE }, RESELLER, 'DID was not found'],
  ['reseller assigns to admin device (as missing)', did('free', { resellerId: 50 }), { kind: 'did_device_assign', device: DEVICE }, RESELLER, 'Device was not found'],
  ['reseller without permission', did('free', { resellerId: 50 }), { kind: 'did_device_assign', device: RS_DEVICE }, RESELLER_NO_PERM, 'You are not authorized to manage DIDs'],

  // did_trunk_device_assign
  ['trunk assign', did('free'), { kind: 'did_trunk_device_assign', device: TRUNK }, ADMIN, { status: 'active', deviceId: 11 }],
  ['trunk assign to non-trunk', did('free'), { kind: 'did_trunk_device_assign', device: DEVICE }, ADMIN, 'Device was not assigned'],
  ['trunk assign terminated', did('terminated'), { kind: 'did_trunk_device_assign', device: TRUNK }, ADMIN, 'DID is terminated'],
  ['trunk assign active', did('active'), { kind: 'did_trunk_device_assign', device: TRUNK }, ADMIN, 'DID is not free'],
  ['trunk assign missing device', did('free'), { kind: 'did_trunk_device_assign', device: null }, ADMIN, 'Device was not found'],

  // did_device_unassign
  ['unassign active', did('active'), { kind: 'did_device_unassign' }, ADMIN, { status: 'free', deviceId: null, userId: null }],
  ['unassign keeps reseller hold', did('active', { resellerId: 50, deviceId: 20, userId: 60 }), { kind: 'did_device_unassign' }, RESELLER, { status: 'free', resellerId: 50 }],
  ['unassign free', did('free'), { kind: 'did_device_unassign' }, ADMIN, 'DID is already free'],
  ['unassign terminated', did('terminated'), { kind: 'did_device_unassign' }, ADMIN, 'DID is terminated'],
  ['unassign dial plan', did('active', { deviceId: null, dialplanId: 4 }), { kind: 'did_device_unassign' }, ADMIN, 'DID is assigned to dialplan'],
  ['unassign reserved', did('reserved'), { kind: 'did_device_unassign' }, ADMIN, 'Device was not found'],
  ['unassign closed', did('closed'), { kind: 'did_device_unassign' }, ADMIN, 'Device was not found'],
  ['unassign missing', undefined, { kind: 'did_device_unassign' }, ADMIN, 'DID was not found'],
  ['unassign foreign (reseller, as missing)', did('active'), { kind: 'did_device_unassign' }, RESELLER, 'DID was not found'],
  ['unassign without permission', did('active'), { kind: 'did_device_unassign' }, ACCOUNTANT_NO_PERM, 'You are not authorized to manage DIDs'],

  // did_details_update
  ['details only', did('active'), { kind: 'did_details_update', callLimit: '5' }, ADMIN, { status: 'active', deviceId: 10 }],
  ['details on terminated', did('terminated'), { kind: 'did_details_update' }, ADMIN, { status: 'terminated' }],
  ['call limit zero', did('free'), { kind: 'did_details_update', callLimit: '0' }, ADMIN, { status: 'free' }],
  ['call limit negative', did('free'), { kind: 'did_details_update', callLimit: '-1' }, ADMIN, 'Call limit is incorrect format'],
  ['call limit text', did('free'), { kind: 'did_details_update', callLimit: 'abc' }, ADMIN, 'Call limit is incorrect format'],
  ['call limit decimal', did('free'), { kind: 'did_details_update', callLimit: '1.5' }, ADMIN, 'Call limit is incorrect format'],
  ['details missing', undefined, { kind: 'did_details_update' }, ADMIN, 'DID was not found'],
  ['details foreign (reseller)', did('free'), { kind: 'did_details_update' }, RESELLER, 'DID was not found'],
  ['details accountant without permission', did('free'), { kind: 'did_details_update' }, ACCOUNTANT_NO_PERM, 'Access Denied'],
  ['reserve to user', did('free'), { kind: 'did_details_update', didUser: { id: 2, isReseller: false } }, ADMIN, { status: 'reserved', userId: 2 }],
  ['reserve to reseller stays free', did('free'), { kind: 'did_details_update', didUser: { id: 50, isReseller: true } }, ADMIN, { status: 'free', resellerId: 50, userId: null }],
  ['reseller reserves to its user', did('free', { resellerId: 50 }), { kind: 'did_details_update', didUser: { id: 60, isReseller: false } }, RESELLER, { status: 'reserved', userId: 60, resellerId: 50 }],
  ['reseller reserves to reseller', did('free', { resellerId: 50 }), { kind: 'did_details_update', didUser: { id: 51, isReseller: true } }, RESELLER, 'Access Denied'],
  ['admin reserves reseller-held DID', did('free', { resellerId: 50 }), { kind: 'did_details_update', didUser: { id: 2, isReseller: false } }, ADMIN, 'DID is not free'],
  ['reserve reserved', did('reserved'), { kind: 'did_details_update', didUser: { id: 3, isReseller: false } }, ADMIN, 'DID is not free'],
  ['reserve active', did('active'), { kind: 'did_details_update', didUser: { id: 2, isReseller: false } }, ADMIN, 'DID is not free'],
  ['reserve closed', did('closed'), { kind: 'did_details_update', didUser: { id: 2, isReseller: false } }, ADMIN, 'DID is not free'],
  ['reserve terminated', did('terminated'), { kind: 'did_details_update', didUser: { id: 2, isReseller: false } }, ADMIN, 'DID is not free'],
  ['free (-1) reserved', did('reserved'), { kind: 'did_details_update', didUser: 'free' }, ADMIN, { status: 'free', userId: null }],
  ['free (-1) closed', did('closed'), { kind: 'did_details_update', didUser: 'free' }, ADMIN, { status: 'free', userId: null }],
  ['free (-1) terminated', did('terminated'), { kind: 'did_details_update', didUser: 'free' }, ADMIN, { status: 'free' }],
  ['free (-1) takes DID back from reseller', did('free', { resellerId: 50 }), { kind: 'did_details_update', didUser: 'free' }, ADMIN, { status: 'free', resellerId: null }],
  ['free (-1) by reseller keeps hold', did('free', { resellerId: 50 }), { kind: 'did_details_update', didUser: 'free' }, RESELLER, { status: 'free', resellerId: 50 }],
  ['free (-1) active', did('active'), { kind: 'did_details_update', didUser: 'free' }, ADMIN, 'DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed'],

  // did_subscription_stop
  ['stop active device DID', did('active'), { kind: 'did_subscription_stop' }, ADMIN, { status: 'closed', deviceId: null, userId: 2 }],
  ['stop free', did('free'), { kind: 'did_subscription_stop' }, ADMIN, 'DID is not assigned to Device'],
  ['stop reserved', did('reserved'), { kind: 'did_subscription_stop' }, ADMIN, 'DID is not assigned to Device'],
  ['stop closed', did('closed'), { kind: 'did_subscription_stop' }, ADMIN, 'DID is not assigned to Device'],
  ['stop terminated', did('terminated'), { kind: 'did_subscription_stop' }, ADMIN, 'DID is not assigned to Device'],
  ['stop dial plan', did('active', { deviceId: null, dialplanId: 4 }), { kind: 'did_subscription_stop' }, ADMIN, 'DID is not assigned to Device'],
  ['stop missing', undefined, { kind: 'did_subscription_stop' }, ADMIN, 'DID was not found'],
  ['stop simple user', did('active'), { kind: 'did_subscription_stop' }, SIMPLE_USER, 'Access Denied'],

  // did_close
  ['close active', did('active'), { kind: 'did_close' }, ADMIN, { status: 'closed', deviceId: null, userId: 2 }],
  ['close closed', did('closed'), { kind: 'did_close' }, ADMIN, 'DID is already closed.'],
  ['close dial plan', did('active', { deviceId: null, dialplanId: 4 }), { kind: 'did_close' }, ADMIN, 'DID is assigned to Dial Plan.'],
  ['close free', did('free'), { kind: 'did_close' }, ADMIN, 'DID is not assigned to Device.'],
  ['close reserved', did('reserved'), { kind: 'did_close' }, ADMIN, 'DID is not assigned to Device.'],
  ['close terminated', did('terminated'), { kind: 'did_close' }, ADMIN, 'DID is not assigned to Device.'],
  ['close missing', undefined, { kind: 'did_close' }, ADMIN, 'DID was not found.'],
  ['close foreign (reseller)', did('active'), { kind: 'did_close' }, RESELLER, 'DID was not found.'],
  ['close by own reseller', did('active', { resellerId: 50, deviceId: 20, userId: 60 }), { kind: 'did_close' }, RESELLER, { status: 'closed', userId: 60, resellerId: 50 }],

  // did_terminate
  ['terminate free', did('free'), { kind: 'did_terminate' }, ADMIN, { status: 'terminated', userId: null, resellerId: null }],
  ['terminate closed', did('closed'), { kind: 'did_terminate' }, ADMIN, { status: 'terminated', userId: null }],
  ['terminate free held by reseller', did('free', { resellerId: 50 }), { kind: 'did_terminate' }, ADMIN, 'DID was not terminated'],
  ['terminate reserved', did('reserved'), { kind: 'did_terminate' }, ADMIN, 'DID was not terminated. Only Free or Closed DIDs can be terminate'],
  ['terminate active', did('active'), { kind: 'did_terminate' }, ADMIN, 'DID was not terminated. Only Free or Closed DIDs can be terminate'],
  ['terminate terminated', did('terminated'), { kind: 'did_terminate' }, ADMIN, 'DID was not terminated. Only Free or Closed DIDs can be terminate'],
  ['terminate missing', undefined, { kind: 'did_terminate' }, ADMIN, 'DID was not found'],
  ['terminate accountant without permission', did('free'), { kind: 'did_terminate' }, ACCOUNTANT_NO_PERM, 'Access Denied'],

  // did_make_free
  ['make free terminated', did('terminated'), { kind: 'did_make_free' }, ADMIN, { status: 'free' }],
  ['make free reserved', did('reserved'), { kind: 'did_make_free' }, ADMIN, { status: 'free', userId: null }],
  ['make free closed', did('closed'), { kind: 'did_make_free' }, ADMIN, { status: 'free', userId: null }],
  ['make free closed keeps reseller', did('closed', { resellerId: 50, userId: 60 }), { kind: 'did_make_free' }, RESELLER, { status: 'free', resellerId: 50, userId: null }],
  ['make free free', did('free'), { kind: 'did_make_free' }, ADMIN, 'DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed'],
  ['make free active', did('active'), { kind: 'did_make_free' }, ADMIN, 'DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed'],
  ['make free missing', undefined, { kind: 'did_make_free' }, ADMIN, 'DID was not found'],

  // did_delete
  ['delete terminated', did('terminated'), { kind: 'did_delete' }, ADMIN, null],
  ['delete by accountant', did('terminated'), { kind: 'did_delete' }, ACCOUNTANT, null],
  ['delete free', did('free'), { kind: 'did_delete' }, ADMIN, 'DID status must be terminated'],
  ['delete reserved', did('reserved'), { kind: 'did_delete' }, ADMIN, 'DID status must be terminated'],
  ['delete active', did('active'), { kind: 'did_delete' }, ADMIN, 'DID status must be terminated'],
  ['delete closed', did('closed'), { kind: 'did_delete' }, ADMIN, 'DID status must be terminated'],
  ['delete with calls', did('terminated', { hasCalls: true, inQueues: true }), { kind: 'did_delete' }, ADMIN, 'Cannot delete DID associated with calls'],
  ['delete in queues', did('terminated', { inQueues: true }), { kind: 'did_delete' }, ADMIN, 'Cannot delete DID associated with queues'],
  ['delete missing', undefined, { kind: 'did_delete' }, ADMIN, 'DID was not found'],
  ['delete by reseller', did('terminated', { resellerId: 50 }), { kind: 'did_delete' }, RESELLER, 'Access Denied'],
];

describe('planDidTransition', () => {
  test.each(rows)('%s', (_label, state, action, actor, expected) => {
    const result = plan(state, action, actor);
    if (typeof expected === 'string') {
      expect(result).toEqual({ ok: false, error: expected });
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    if (expected === null) expect(result.next).toBeNull();
    else expect(result.next).toMatchObject(expected);
  });

  const successTexts: [DidAction['kind'], DidState | undefined, DidAction, string][] = [
    ['did_create', undefined, { kind: 'did_create', number: '1' }, 'DID created'],
    ['did_device_assign', did('free'), { kind: 'did_device_assign', device: DEVICE }, 'Device assigned to DID'],
    ['did_trunk_device_assign', did('free'), { kind: 'did_trunk_device_assign', device: TRUNK }, 'Device assigned to DID'],
    ['did_device_unassign', did('active'), { kind: 'did_device_unassign' }, 'Device was unassigned from DID'],
    ['did_details_update', did('free'), { kind: 'did_details_update' }, 'DID details successfully updated'],
    ['did_subscription_stop', did('active'), { kind: 'did_subscription_stop' }, 'DID was successfully closed'],
    ['did_close', did('active'), { kind: 'did_close' }, 'DID successfully closed'],
    ['did_terminate', did('free'), { kind: 'did_terminate' }, 'DID successfully terminated'],
    ['did_make_free', did('terminated'), { kind: 'did_make_free' }, 'DID successfully made available'],
    ['did_delete', did('terminated'), { kind: 'did_delete' }, 'DID successfully deleted'],
  ];
  test.each(successTexts)('%s answers its exact success text', (_kind, state, action, text) => {
    expect(plan(state, action)).toMatchObject({ ok: true, success: text });
  });

  test('never mutates the input state', () => {
    const state = did('active');
    const copy = { ...state };
    plan(state, { kind: 'did_close' });
    plan(state, { kind: 'did_device_unassign' });
    expect(state).toEqual(copy);
  });

  test('every status and method yields a decision (no throw, valid next status)', () => {
    const actions: DidAction[] = [
      { kind: 'did_device_assign', device: DEVICE },
      { kind: 'did_trunk_device_assign', device: TRUNK },
      { kind: 'did_device_unassign' },
      { kind: 'did_details_update', didUser: { id: 2, isReseller: false } },
      { kind: 'did_details_update', didUser: 'free' },
      { kind: 'did_subscription_stop' },
      { kind: 'did_close' },
      { kind: 'did_terminate' },
      { kind: 'did_make_free' },
      { kind: 'did_delete' },
    ];
    for (const status of DID_STATUSES) {
      for (const action of actions) {
        const result = plan(did(status), action);
        if (result.ok && result.next) expect(DID_STATUSES).toContain(result.next.status);
        if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('DID helpers', () => {
  test('status labels and parsing', () => {
    expect(DID_STATUSES.map(didStatusLabel)).toEqual(['Free', 'Reserved', 'Active', 'Closed', 'Terminated']);
    expect(parseDidStatus('closed')).toBe('closed');
    expect(parseDidStatus('Closed')).toBeNull();
    expect(parseDidStatus('')).toBeNull();
  });

  test('new DID is free and unassigned', () => {
    expect(newDidState(ADMIN)).toEqual({
      status: 'free',
      deviceId: null,
      dialplanId: null,
      userId: null,
      resellerId: null,
      hasCalls: false,
      inQueues: false,
    });
  });

  test.each([
    ['37060000001', true],
    ['0', true],
    ['', false],
    ['+370', false],
    ['37 06', false],
    ['abc', false],
    ['1'.repeat(50), true],
    ['1'.repeat(51), false],
  ])('isValidDidNumber(%p) = %p', (text, valid) => expect(isValidDidNumber(text)).toBe(valid));

  test.each([
    ['0', true],
    ['25', true],
    ['-1', false],
    ['', false],
    ['1e3', false],
    ['999999999', true],
    ['9'.repeat(10240), false],
  ])('isValidCallLimit(%p) = %p', (text, valid) => expect(isValidCallLimit(text)).toBe(valid));
});
