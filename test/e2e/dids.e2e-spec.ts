import { Did } from '../../src/families/dids/did.entity';
import { Tariff } from '../../src/families/tariffs/tariff.entity';
import { createDevice, createProvider } from '../support/device-fixtures';
import { TestApp, errorOf } from '../support/test-app';

const RKEY = 'reseller-key-1';

/** DID methods: every lifecycle transition allowed and refused, rates, the reseller flow, ownership. */
describe('DIDs', () => {
  let t: TestApp;
  let user: { id: number };
  let reseller: { id: number; username: string };
  let rUser: { id: number };
  let device: { id: number };
  let trunk: { id: number };
  let rDevice: { id: number };
  let n = 0;
  let P = '';
  let resellerProvider = '';
  const nextNumber = () => `3706000${String(++n).padStart(4, '0')}`;
  const R = { u: 'res1', key: RKEY };

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'alice' });
    reseller = await t.createReseller('res1', RKEY);
    rUser = await t.createUser({ username: 'rbob', owner_id: reseller.id });
    device = await createDevice(t, user.id);
    trunk = await createDevice(t, user.id, { istrunk: 1 });
    rDevice = await createDevice(t, rUser.id);
    P = await createProvider(t, 'prov-admin');
    resellerProvider = await createProvider(t, 'prov-res1', reseller.id);
  });
  afterAll(async () => t.close());

  const ok = (r: { xml: any }) => r.xml.page.status.success;
  const err = (r: { xml: any }) => errorOf(r.xml);
  async function newDid(): Promise<{ number: string; id: string }> {
    const number = nextNumber();
    const r = await t.call('did_create', { provider_id: P, did: number });
    expect(ok(r)).toBe('DID created');
    return { number, id: r.xml.page.did_details.id };
  }
  const row = (id: string) => t.db.getRepository(Did).findOneByOrFail({ id: Number(id) });

  describe('lifecycle matrix: every method from every state', () => {
    const NOT_FREED = 'DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed';
    const NOT_TERM = 'DID was not terminated. Only Free or Closed DIDs can be terminate';
    const MUST_TERM = 'DID status must be terminated';
    type Setup = Partial<Did>;
    const setups: Record<string, () => Setup> = {
      free: () => ({ status: 'free' }),
      reserved: () => ({ status: 'reserved', user_id: user.id }),
      active: () => ({ status: 'active', device_id: device.id, user_id: user.id }),
      dialplan: () => ({ status: 'active', dialplan_id: 7, user_id: user.id }),
      closed: () => ({ status: 'closed', user_id: user.id }),
      terminated: () => ({ status: 'terminated' }),
    };
    /** [method, state, expected text, status after success] */
    const table: Array<[string, string, string, string?]> = [
      ['assign', 'free', 'Device assigned to DID', 'active'], ['assign', 'reserved', 'Device assigned to DID', 'active'],
      ['assign', 'active', 'DID is not free'], ['assign', 'dialplan', 'DID is not free'], ['assign', 'closed', 'DID is not free'], ['assign', 'terminated', 'DID is terminated'],
      ['unassign', 'free', 'DID is already free'], ['unassign', 'reserved', 'Device was not found'], ['unassign', 'active', 'Device was unassigned from DID', 'free'],
      ['unassign', 'dialplan', 'DID is assigned to dialplan'], ['unassign', 'closed', 'Device was not found'], ['unassign', 'terminated', 'DID is terminated'],
      ['reserve', 'free', 'DID details successfully updated', 'reserved'], ['reserve', 'reserved', 'DID is not free'], ['reserve', 'active', 'DID is not free'],
      ['reserve', 'dialplan', 'DID is not free'], ['reserve', 'closed', 'DID is not free'], ['reserve', 'terminated', 'DID is not free'],
      ['release', 'free', 'DID details successfully updated', 'free'], ['release', 'reserved', 'DID details successfully updated', 'free'], ['release', 'active', NOT_FREED],
      ['release', 'dialplan', NOT_FREED], ['release', 'closed', 'DID details successfully updated', 'free'], ['release', 'terminated', 'DID details successfully updated', 'free'],
      ['stop', 'free', 'DID is not assigned to Device'], ['stop', 'reserved', 'DID is not assigned to Device'], ['stop', 'active', 'DID was successfully closed', 'closed'],
      ['stop', 'dialplan', 'DID is not assigned to Device'], ['stop', 'closed', 'DID is not assigned to Device'], ['stop', 'terminated', 'DID is not assigned to Device'],
      ['close', 'free', 'DID is not assigned to Device.'], ['close', 'reserved', 'DID is not assigned to Device.'], ['close', 'active', 'DID successfully closed', 'closed'],
      ['close', 'dialplan', 'DID is assigned to Dial Plan.'], ['close', 'closed', 'DID is already closed.'], ['close', 'terminated', 'DID is not assigned to Device.'],
      ['terminate', 'free', 'DID successfully terminated', 'terminated'], ['terminate', 'reserved', NOT_TERM], ['terminate', 'active', NOT_TERM],
      ['terminate', 'dialplan', NOT_TERM], ['terminate', 'closed', 'DID successfully terminated', 'terminated'], ['terminate', 'terminated', NOT_TERM],
      ['make_free', 'free', NOT_FREED], ['make_free', 'reserved', 'DID successfully made available', 'free'], ['make_free', 'active', NOT_FREED],
      ['make_free', 'dialplan', NOT_FREED], ['make_free', 'closed', 'DID successfully made available', 'free'], ['make_free', 'terminated', 'DID successfully made available', 'free'],
      ['delete', 'free', MUST_TERM], ['delete', 'reserved', MUST_TERM], ['delete', 'active', MUST_TERM],
      ['delete', 'dialplan', MUST_TERM], ['delete', 'closed', MUST_TERM], ['delete', 'terminated', 'DID successfully deleted'],
    ];
    const run = (method: string, d: { number: string; id: string }) => {
      switch (method) {
        case 'assign': return t.call('did_device_assign', { device_id: String(device.id), did: d.number });
        case 'unassign': return t.call('did_device_unassign', { did: d.number });
        case 'reserve': return t.call('did_details_update', { did_id: d.id, did_user_id: String(user.id) });
        case 'release': return t.call('did_details_update', { did_id: d.id, did_user_id: '-1' });
        case 'stop': return t.call('did_subscription_stop', { did_id: d.id });
        default: return t.call(`did_${method}`, { dids_id: d.id });
      }
    };

    const rows = table.map(([m, st, e, a]): [string, string, string, string] => [m, st, e, a ?? '']);
    it.each(rows)('%s from %s → %s', async (method, state, expected, after) => {
      const d = await newDid();
      await t.db.getRepository(Did).update(Number(d.id), setups[state]());
      const r = await run(method, d);
      // did_delete answers <status><status>; the others <status><success>; every refusal <status><error>.
      expect(ok(r) ?? r.xml.page.status.status ?? r.xml.page.status.error).toBe(expected);
      if (after) expect((await t.db.getRepository(Did).findOneBy({ id: Number(d.id) }))?.status).toBe(after);
      if (expected === 'DID successfully deleted') expect(await t.db.getRepository(Did).findOneBy({ id: Number(d.id) })).toBeNull();
    });
  });

  describe('did_create', () => {
    it('creates a Free DID with three rates', async () => {
      const d = await newDid();
      expect((await row(d.id)).status).toBe('free');
      const rates = await t.call('did_rates_get', { did: d.number });
      expect(rates.xml.page.rates.rate.map((x: any) => x.rate_type)).toEqual(['provider', 'owner', 'incoming']);
    });
    it('refuses duplicates, non-digits, a missing provider and simple users', async () => {
      const d = await newDid();
      expect(err(await t.call('did_create', { provider_id: P, did: d.number }))).toBe('DID already exists');
      expect(err(await t.call('did_create', { provider_id: P, did: '37a' }))).toBe('Invalid DID specified');
      expect(err(await t.call('did_create', { did: nextNumber() }))).toBe('Provider was not found');
      expect(err(await t.call('did_create', { provider_id: '9999', did: nextNumber() }))).toBe('Provider was not found');
      expect(err(await t.call('did_create', { provider_id: P, did: nextNumber() }, R))).toBe('Provider was not found');
      const number = nextNumber();
      expect(ok(await t.call('did_create', { provider_id: resellerProvider, did: number }, R))).toBe('DID created');
      const listed = await t.call('dids_get', { search_did_number: number }, R);
      expect(listed.xml.page.dids.did).toMatchObject({ did: number, provider: 'prov-res1', status: 'Free' });
      const r = await t.call('did_create', { provider_id: P, did: nextNumber() }, { u: 'alice' });
      expect(r.xml.page.status.error).toBe('Access Denied');
    });
  });

  describe('assign / unassign', () => {
    it('assigns a Free DID (alias too), refuses a second assignment, unassigns back to Free', async () => {
      const d = await newDid();
      expect(ok(await t.call('did_assign_device', { device_id: String(device.id), did: d.number }))).toBe('Device assigned to DID');
      expect(await row(d.id)).toMatchObject({ status: 'active', device_id: device.id, user_id: user.id });
      expect(err(await t.call('did_device_assign', { device_id: String(device.id), did: d.number }))).toBe('DID is not free');
      expect(ok(await t.call('did_unassign_device', { did: d.number }))).toBe('Device was unassigned from DID');
      expect((await row(d.id)).status).toBe('free');
      expect(err(await t.call('did_device_unassign', { did: d.number }))).toBe('DID is already free');
    });
    it('refuses missing DID/device, foreign device, non-trunk for trunk assign', async () => {
      const d = await newDid();
      expect(err(await t.call('did_device_assign', { device_id: String(device.id), did: '999' }))).toBe('DID was not found');
      expect(err(await t.call('did_device_assign', { device_id: '99999', did: d.number }))).toBe('Device was not found');
      expect(err(await t.call('did_device_assign', { device_id: String(rDevice.id), did: d.number }))).toBe('Your are not authorized to use this Device');
      expect(err(await t.call('did_trunk_device_assign', { device_id: String(device.id), did: d.number }))).toBe('Device was not assigned');
      expect(ok(await t.call('did_trunk_device_assign', { device_id: String(trunk.id), did: d.number }))).toBe('Device assigned to DID');
    });
    it('refuses a terminated DID', async () => {
      const d = await newDid();
      await t.call('did_terminate', { dids_id: d.id });
      expect(err(await t.call('did_device_assign', { device_id: String(device.id), did: d.number }))).toBe('DID is terminated');
      expect(err(await t.call('did_device_unassign', { did: d.number }))).toBe('DID is terminated');
    });
  });

  describe('close, subscription stop, terminate, make free, delete', () => {
    it('walks active → closed → terminated → free → terminated → deleted', async () => {
      const d = await newDid();
      expect(err(await t.call('did_close', { dids_id: d.id }))).toBe('DID is not assigned to Device.');
      expect(err(await t.call('did_subscription_stop', { did_id: d.id }))).toBe('DID is not assigned to Device');
      await t.call('did_device_assign', { device_id: String(device.id), did: d.number });
      expect(err(await t.call('did_terminate', { dids_id: d.id }))).toBe('DID was not terminated. Only Free or Closed DIDs can be terminate');
      expect(err(await t.call('did_make_free', { dids_id: d.id }))).toBe('DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed');
      expect(err(await t.call('did_delete', { dids_id: d.id }))).toBe('DID status must be terminated');
      expect(ok(await t.call('did_close', { dids_id: d.id }))).toBe('DID successfully closed');
      expect((await row(d.id)).status).toBe('closed');
      expect(err(await t.call('did_close', { dids_id: d.id }))).toBe('DID is already closed.');
      expect(err(await t.call('did_device_unassign', { did: d.number }))).toBe('Device was not found');
      expect(ok(await t.call('did_terminate', { dids_id: d.id }))).toBe('DID successfully terminated');
      expect(ok(await t.call('did_make_free', { dids_id: d.id }))).toBe('DID successfully made available');
      expect(err(await t.call('did_make_free', { dids_id: d.id }))).toBe('DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed');
      expect(ok(await t.call('did_terminate', { dids_id: d.id }))).toBe('DID successfully terminated');
      expect((await t.call('did_delete', { dids_id: d.id })).xml.page).toEqual({ status: { status: 'DID successfully deleted' } });
      expect(await t.db.getRepository(Did).findOneBy({ id: Number(d.id) })).toBeNull();
    });
    it('subscription stop closes an active DID', async () => {
      const d = await newDid();
      await t.call('did_device_assign', { device_id: String(device.id), did: d.number });
      expect(ok(await t.call('did_subscription_stop', { did_id: d.id }))).toBe('DID was successfully closed');
      expect(await row(d.id)).toMatchObject({ status: 'closed', device_id: null, user_id: user.id });
      expect((await row(d.id)).closed_at).not.toBeNull();
    });
    it('not found texts', async () => {
      expect(err(await t.call('did_close', { dids_id: '99999' }))).toBe('DID was not found.');
      for (const m of ['did_terminate', 'did_make_free', 'did_delete']) expect(err(await t.call(m, { dids_id: '99999' }))).toBe('DID was not found');
      expect(err(await t.call('did_subscription_stop', { did_id: '99999' }))).toBe('DID was not found');
    });
  });

  describe('did_details_update', () => {
    it('reserves to a user, refuses another user device, assigns to its device, frees with -1', async () => {
      const d = await newDid();
      expect(ok(await t.call('did_details_update', { did_id: d.id, did_user_id: String(user.id), call_limit: '5', comment: 'c1' }))).toBe('DID details successfully updated');
      expect(await row(d.id)).toMatchObject({ status: 'reserved', user_id: user.id, call_limit: 5, comment: 'c1' });
      expect(err(await t.call('did_details_update', { did_id: d.id, did_user_id: String(user.id) }))).toBe('DID is not free');
      const other = await t.createUser({ username: `carol${n}` });
      const otherDevice = await createDevice(t, other.id);
      expect(err(await t.call('did_device_assign', { device_id: String(otherDevice.id), did: d.number }))).toBe('DID is not free');
      expect(ok(await t.call('did_details_update', { did_id: d.id, did_user_id: '-1' }))).toBe('DID details successfully updated');
      expect((await row(d.id)).status).toBe('free');
      await t.call('did_details_update', { did_id: d.id, did_user_id: String(user.id) });
      expect(ok(await t.call('did_device_assign', { device_id: String(device.id), did: d.number }))).toBe('Device assigned to DID');
      expect(err(await t.call('did_details_update', { did_id: d.id, did_user_id: '-1' }))).toBe('DID was not freed. Only Terminated, Reserved or Closed DIDs can be freed');
    });
    it('refuses a bad call limit and a missing DID', async () => {
      const d = await newDid();
      expect(err(await t.call('did_details_update', { did_id: d.id, call_limit: 'x' }))).toBe('Call limit is incorrect format');
      expect(err(await t.call('did_details_update', { did_id: d.id, call_limit: '9'.repeat(10240) }))).toBe('Call limit is incorrect format');
      expect(err(await t.call('did_details_update', { did_id: d.id, custom_sip_header: 'x'.repeat(256) }))).toBe('DID was not found');
      expect(await row(d.id)).toMatchObject({ call_limit: 0, custom_sip_header: '' });
      expect(err(await t.call('did_details_update', { did_id: '99999' }))).toBe('DID was not found');
    });
  });

  describe('reseller flow and ownership', () => {
    it('admin reserves to the reseller, reseller assigns to its user, lists it; admin cannot use it', async () => {
      const d = await newDid();
      expect(ok(await t.call('did_details_update', { did_id: d.id, did_user_id: String(reseller.id) }))).toBe('DID details successfully updated');
      expect(await row(d.id)).toMatchObject({ status: 'free', reseller_id: reseller.id });
      expect(err(await t.call('did_device_assign', { device_id: String(device.id), did: d.number }))).toBe('DID is not free');
      expect(err(await t.call('did_terminate', { dids_id: d.id }))).toBe('DID was not terminated');
      expect(err(await t.call('did_device_assign', { device_id: String(device.id), did: d.number }, R))).toBe('Device was not found');
      expect(ok(await t.call('did_device_assign', { device_id: String(rDevice.id), did: d.number }, R))).toBe('Device assigned to DID');
      const list = await t.call('dids_get', { search_status: 'active' }, R);
      const dids = [].concat(list.xml.page.dids.did);
      expect(dids.map((x: any) => x.did)).toEqual([d.number]);
      expect(dids[0]).toMatchObject({ status: 'Active', reseller: 'res1', owner: 'rbob', simultaneous_call_limit: 'Unlimited' });
      expect(err(await t.call('user_delete', { user_id: String(rUser.id) }))).toBe('Cannot delete user - it has DIDs');
      expect(ok(await t.call('did_device_unassign', { did: d.number }, R))).toBe('Device was unassigned from DID');
      expect((await row(d.id)).reseller_id).toBe(reseller.id);
    });
    it('reseller reserves its DID to its own user, then assigns it; may not reserve to itself; another reseller and a foreign user are missing', async () => {
      const d = await newDid();
      await t.call('did_details_update', { did_id: d.id, did_user_id: String(reseller.id) });
      const other = await t.createReseller(`res-other${n}`, 'other-key');
      expect(err(await t.call('did_details_update', { did_id: d.id, did_user_id: String(other.id) }, R))).toBe('User was not found');
      expect(err(await t.call('did_details_update', { did_id: d.id, did_user_id: String(reseller.id) }, R))).toBe('Access Denied');
      expect(err(await t.call('did_details_update', { did_id: d.id, did_user_id: String(user.id) }, R))).toBe('User was not found');
      expect(ok(await t.call('did_details_update', { did_id: d.id, did_user_id: String(rUser.id) }, R))).toBe('DID details successfully updated');
      expect(await row(d.id)).toMatchObject({ status: 'reserved', user_id: rUser.id, reseller_id: reseller.id });
      expect(ok(await t.call('did_device_assign', { device_id: String(rDevice.id), did: d.number }, R))).toBe('Device assigned to DID');
      expect(ok(await t.call('did_close', { dids_id: d.id }, R))).toBe('DID successfully closed');
      expect(ok(await t.call('did_make_free', { dids_id: d.id }, R))).toBe('DID successfully made available');
      expect(await row(d.id)).toMatchObject({ status: 'free', user_id: null, reseller_id: reseller.id });
    });
    it('reseller is denied DIDs it does not hold and did_delete', async () => {
      const d = await newDid();
      expect(err(await t.call('did_device_assign', { device_id: String(rDevice.id), did: d.number }, R))).toBe('DID was not found');
      expect(err(await t.call('did_close', { dids_id: d.id }, R))).toBe('DID was not found.');
      expect(err(await t.call('did_details_update', { did_id: d.id }, R))).toBe('DID was not found');
      expect(err(await t.call('did_rates_get', { did: d.number }, R))).toBe('DID was not found');
      expect(err(await t.call('did_delete', { dids_id: d.id }, R))).toBe('Access Denied');
      expect(err(await t.call('did_rates_details_get', { did_id: d.id }, R))).toBe('Access Denied');
    });
    it('reseller creates its own DIDs (held by it)', async () => {
      const number = nextNumber();
      const r = await t.call('did_create', { did: number }, R);
      expect(ok(r)).toBe('DID created');
      expect((await row(r.xml.page.did_details.id)).reseller_id).toBe(reseller.id);
    });
  });

  describe('accountants', () => {
    it('an unrestricted accountant manages DIDs; a restricted one needs its group\'s grant', async () => {
      await t.createUser({ username: 'acc1', usertype: 'accountant' });
      const A = { u: 'acc1' };
      const number = nextNumber();
      expect(ok(await t.call('did_create', { provider_id: P, did: number }, A))).toBe('DID created');
      expect(ok(await t.call('did_device_assign', { device_id: String(device.id), did: number }, A))).toBe('Device assigned to DID');
      await t.db.query("INSERT INTO api_permission_groups (name, description) VALUES ('dids-read', '')");
      const [group] = await t.db.query("SELECT id FROM api_permission_groups WHERE name = 'dids-read'");
      await t.db.query('INSERT INTO api_permission_group_methods (group_id, method, level) VALUES (?, ?, 1), (?, ?, 1)', [group.id, 'dids_get', group.id, 'did_device_unassign']);
      await t.createUser({ username: 'acc2', usertype: 'accountant', api_restricted: 1, api_permission_group_id: Number(group.id) });
      const B = { u: 'acc2' };
      expect(err(await t.call('did_device_unassign', { did: number }, B))).toBe('Access Denied');
      expect([].concat((await t.call('dids_get', { search_did_number: number }, B)).xml.page.dids.did)).toHaveLength(1);
    });
  });

  describe('dids_get', () => {
    it('filters by number and status; No DIDs found', async () => {
      const d = await newDid();
      const r = await t.call('dids_get', { search_did_number: d.number, search_status: 'free' });
      expect(r.xml.page.dids.did.id).toBe(d.id);
      expect(err(await t.call('dids_get', { search_did_number: '000000000' }))).toBe('No DIDs found');
      await t.call('did_device_assign', { device_id: String(device.id), did: d.number });
      const byOwner = [].concat((await t.call('dids_get', { search_did_owner: 'alice', search_did_number: d.number })).xml.page.dids.did);
      expect(byOwner.map((x: any) => x.id)).toEqual([d.id]);
      expect(err(await t.call('dids_get', { search_did_owner: 'nobody' }))).toBe('No DIDs found');
      expect(err(await t.call('dids_get', { search_status: 'free' }, { hashOrder: ['search_status'] }))).toBe('Incorrect hash');
    });
  });

  describe('rates', () => {
    it('updates by type and by id, keeps decimals exact', async () => {
      const d = await newDid();
      const r = await t.call('did_rates_update', { did: d.number, s_rate_type: 'owner', rate: '0.123456', connection_fee: '1.5', s_start_time: '08:00:00' });
      expect(r.xml.page.updated_rates).toBe('1');
      expect(r.xml.page.rates.rate).toMatchObject({ rate: '0.123456', connection_fee: '1.5', rate_type: 'owner', start_time: '08:00:00' });
      const id = r.xml.page.rates.rate.id;
      const r2 = await t.call('did_rates_update', { did: d.number, s_id: id, increment_s: '60' });
      expect(r2.xml.page.rates.rate.increment_s).toBe('60');
      expect(err(await t.call('did_rates_update', { did: d.number }))).toBe('Rates were not found');
      const unchanged = await t.call('did_rates_update', { did: d.number, s_rate_type: 'incoming' });
      expect(unchanged.xml.page).toMatchObject({ updated_rates: '1', rates: { rate: { rate_type: 'incoming', rate: '0.0' } } });
      expect(err(await t.call('did_rates_update', { did: '1' }))).toBe('DID was not found');
      expect(err(await t.call('did_rates_get', { did: '1' }))).toBe('DID was not found');
    });
    it('rates details get and update', async () => {
      const d = await newDid();
      const { id: buy } = await t.db.getRepository(Tariff).save({ name: 'did buy', purpose: 'provider', owner_id: 0, currency: 'USD' });
      expect(ok(await t.call('did_rates_details_update', { did_id: d.id, provider_tariff_id: String(buy), allow_call_reject: '1' }))).toBe('DID details successfully updated');
      const r = await t.call('did_rates_details_get', { did_id: d.id });
      expect(r.xml.page.status.did).toEqual({ id: d.id, provider_tariff_id: String(buy), allow_call_reject_provider: '0', owner_tariff_id: '0', allow_call_reject: '1' });
      expect(err(await t.call('did_rates_details_get', { did_id: '99999' }))).toBe('DID was not found');
      expect(err(await t.call('did_rates_details_update', { did_id: '99999' }))).toBe('DID was not found');
      expect(err(await t.call('did_rates_details_update', { did_id: d.id, allow_call_reject: '2' }))).toBe('Rates were not found');
      // Nothing to change is not a failure.
      expect(ok(await t.call('did_rates_details_update', { did_id: d.id }))).toBe('DID details successfully updated');
      expect((await t.call('did_rates_details_get', { did_id: d.id })).xml.page.status.did.provider_tariff_id).toBe(String(buy));
    });
  });
});
