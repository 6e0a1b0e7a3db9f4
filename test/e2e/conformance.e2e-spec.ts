import { morHash } from '../../src/api/hash';
import { Operator } from '../../src/cli/operator';
import { DeviceGroup } from '../../src/families/devices/device-group.entity';
import { Device } from '../../src/families/devices/device.entity';
import { Did } from '../../src/families/dids/did.entity';
import { Tariff } from '../../src/families/tariffs/tariff.entity';
import { createDevice, createProvider } from '../support/device-fixtures';
import { ADMIN_KEY, TestApp, errorOf, parseXml } from '../support/test-app';

/** Issue 8: what MOR's own server (06-mor-source-facts.md) does, tried as a MOR client would. */
describe('Conformance with MOR’s own source', () => {
  let t: TestApp;
  let user: { id: number };
  const err = (r: { xml: any }) => errorOf(r.xml);

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'conf_user' });
  });
  afterAll(async () => t.close());

  describe("MOR's hash model (06 §2.1)", () => {
    it('accepts device_create hashed in MOR’s global order, caller_id included', async () => {
      const params = { u: 'admin', user_id: String(user.id), description: 'desk', pin: '4321', type: 'SIP', caller_id: '37060000001' };
      const hash = morHash(params, ['user_id', 'description', 'pin', 'type', 'devicegroup_id', 'caller_id'], ADMIN_KEY);
      const r = await t.send('device_create', { ...params, hash });
      expect(r.xml.page.status).toBe('Device created');
      expect(await t.db.getRepository(Device).findOneByOrFail({ id: Number(r.xml.page.id) })).toMatchObject({ callerid: '37060000001', pin: '4321' });
    });
    it('accepts MOR’s normalised values (a user_id of 007 hashes as 7) and still refuses a wrong hash', async () => {
      const params = { u: 'admin', user_id: `00${user.id}`, pin: '' };
      const r = await t.send('device_create', { ...params, hash: morHash({ user_id: String(user.id), pin: '' }, ['user_id', 'pin'], ADMIN_KEY) });
      expect(r.xml.page.status).toBe('Device created');
      expect(err(await t.send('device_create', { ...params, hash: morHash(params, ['pin', 'user_id'], 'other-key') }))).toBe('Incorrect hash');
    });
    it('still accepts the documented per-method order', async () => {
      const r = await t.call('device_create', { user_id: String(user.id), description: 'doc', pin: '' });
      expect(r.xml.page.status).toBe('Device created');
    });
  });
});

describe('Deviations found in the served methods (issue 8, point 2)', () => {
  let t: TestApp;
  let o: Operator;
  let user: { id: number };
  let provider: string;
  const err = (r: { xml: any }) => errorOf(r.xml);
  const RKEY = 'conf-res-key';
  const asReseller = { u: 'conf_res', key: RKEY };

  async function newDid(number: string): Promise<string> {
    const r = await t.call('did_create', { provider_id: provider, did: number });
    return r.xml.page.did_details.id;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    o = new Operator(t.app);
    user = await t.createUser({ username: 'dev_user' });
    await t.createReseller('conf_res', RKEY);
    provider = await createProvider(t, 'conf-prov');
  });
  afterAll(async () => t.close());

  describe('settings a method depends on', () => {
    it('rate_get can be switched on from the CLI; bad names and values are refused there', async () => {
      expect(err(await t.call('rate_get', { username: 'nobody', prefix: '370' }))).toBe('Feature disabled');
      await o.setSetting('allow_devices_check_rate', '1', 0);
      await o.setSetting('show_rates_for_users', '1', 0);
      expect(err(await t.call('rate_get', { username: 'nobody', prefix: '370' }))).toBe('User was not found');
      await expect(o.setSetting('no_such_setting', '1', 0)).rejects.toThrow('Unknown setting no_such_setting');
      await expect(o.setSetting('allow_devices_check_rate', '2', 0)).rejects.toThrow('allow_devices_check_rate must be 0 or 1');
      await expect(o.setSetting('default_currency', 'ZZZ', 0)).rejects.toThrow('default_currency name was not correct');
      await expect(o.setSetting('default_device_nat', 'never', 0)).rejects.toThrow("default_device_nat can only be one of the following: 'yes', 'no', 'force_rport', 'comedia'");
      expect(await t.settings.get('allow_devices_check_rate')).toBe('1');
    });

    it('conflines_update refuses a setting MOR does not take over the API, an unknown currency, and an empty call; nothing is stored', async () => {
      const before = await t.settings.get('default_user_currency');
      expect((await t.call('conflines_update', { allow_devices_check_rate: '0' })).xml).toEqual({ page: { status: { error: 'allow_devices_check_rate cannot be updated over API' } } });
      expect(err(await t.call('conflines_update', { default_user_credit: '5', show_rates_for_users: '0' }))).toBe('show_rates_for_users cannot be updated over API');
      expect(err(await t.call('conflines_update', { default_user_currency: 'ZZZ' }))).toBe('default_user_currency name was not correct');
      expect(err(await t.call('conflines_update', {}))).toBe('No conflines to update');
      expect([await t.settings.get('allow_devices_check_rate'), await t.settings.get('show_rates_for_users'), await t.settings.get('default_user_currency')]).toEqual(['1', '1', before]);
      expect(await t.settings.get('default_user_credit')).toBe('0');
      expect((await t.call('conflines_update', { default_user_currency: 'EUR', test: '1' })).xml.page.status.success).toBe('Conflines successfully updated');
      expect(await t.settings.get('default_user_currency')).toBe('EUR');
    });
  });

  it('location rules accept an existing DID (and still refuse a missing one)', async () => {
    const didId = await newDid('37069990001');
    const r = await t.call('location_rule_create', { location_id: '1', name: 'to did', cut: '8', add: '370', did_id: didId });
    expect(r.xml.page.status.success).toBeDefined();
    const [row] = await t.db.query('SELECT id, did_id FROM location_rules WHERE name = ?', ['to did']);
    expect(Number(row.did_id)).toBe(Number(didId));
    expect(err(await t.call('location_rule_update', { location_rule_id: String(row.id), did_id: '999999' }))).toBe('DID was not found');
    const other = await newDid('37069990002');
    expect((await t.call('location_rule_update', { location_rule_id: String(row.id), did_id: other })).xml.page.status.success).toBeDefined();
  });

  it.each([['/billing/api/'], ['/api/']])('POST %s with action=<method> (04 §0.1) runs the method', async (path) => {
    const params = { action: 'user_details_get', u: 'admin', user_id: String(user.id), hash: morHash({ user_id: String(user.id) }, ['user_id'], ADMIN_KEY) };
    const r = await t.app.inject({ method: 'POST', url: path, payload: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.statusCode).toBe(200);
    expect((await parseXml(r.body)).page.userid).toBe(String(user.id));
    const unknown = await t.app.inject({ method: 'POST', url: `${path}?action=no_such_method` });
    expect([unknown.statusCode, errorOf(await parseXml(unknown.body))]).toEqual([200, 'Unknown API method']);
  });

  it('device_create refuses a device group that does not exist or is another user’s', async () => {
    const other = await t.createUser({ username: 'dev_other' });
    const [mine, theirs] = await Promise.all([user.id, other.id].map(async (userId) => (await t.db.getRepository(DeviceGroup).save({ user_id: userId, name: 'g' })).id));
    expect(err(await t.call('device_create', { user_id: String(user.id), devicegroup_id: '999999' }))).toBe('Device group invalid');
    expect(err(await t.call('device_create', { user_id: String(user.id), devicegroup_id: String(theirs) }))).toBe('Device group invalid');
    const r = await t.call('device_create', { user_id: String(user.id), devicegroup_id: String(mine) });
    expect((await t.db.getRepository(Device).findOneByOrFail({ id: Number(r.xml.page.id) })).devicegroup_id).toBe(mine);
  });

  it('did_rates_details_update refuses a provider tariff that does not exist (or is not a provider tariff)', async () => {
    const didId = await newDid('37069990003');
    const repo = t.db.getRepository(Tariff);
    const buy = (await repo.save({ name: 'conf buy', purpose: 'provider', owner_id: 0, currency: 'USD' })).id;
    const sell = (await repo.save({ name: 'conf sell', purpose: 'user', owner_id: 0, currency: 'USD' })).id;
    expect(err(await t.call('did_rates_details_update', { did_id: didId, provider_tariff_id: '999999' }))).toBe('Rates were not found');
    expect(err(await t.call('did_rates_details_update', { did_id: didId, provider_tariff_id: String(sell) }))).toBe('Rates were not found');
    expect(err(await t.call('did_rates_details_update', { did_id: didId, owner_tariff_id: String(buy) }))).toBe('Rates were not found');
    expect((await t.db.getRepository(Did).findOneByOrFail({ id: Number(didId) })).provider_tariff_id).toBe(0);
    expect((await t.call('did_rates_details_update', { did_id: didId, provider_tariff_id: String(buy), owner_tariff_id: String(sell) })).xml.page.status.success).toBe('DID details successfully updated');
    expect(await t.db.getRepository(Did).findOneByOrFail({ id: Number(didId) })).toMatchObject({ provider_tariff_id: buy, owner_tariff_id: sell });
  });

  it('reseller_group_create obeys "API allow Registration"', async () => {
    await t.settings.set('api_allow_registration', '0');
    expect(err(await t.call('reseller_group_create', { name: 'Silver' }))).toBe('Registration over API is disabled');
    expect(await t.db.query("SELECT id FROM reseller_groups WHERE name = 'Silver'")).toEqual([]);
    await t.settings.set('api_allow_registration', '1');
    expect((await t.call('reseller_group_create', { name: 'Silver' })).xml.page.status.success).toBe('Reseller Group successfully created');
  });

  it('did_rates_get / did_rates_update print rates as MOR does (0.5, 0.0)', async () => {
    const number = '37069990004';
    await newDid(number);
    const updated = await t.call('did_rates_update', { did: number, s_rate_type: 'owner', rate: '0.500000' });
    expect(updated.xml.page.rates.rate).toMatchObject({ rate: '0.5', connection_fee: '0.0' });
    const rates = [(await t.call('did_rates_get', { did: number })).xml.page.rates.rate].flat();
    expect(rates.find((r: any) => r.rate_type === 'owner')).toMatchObject({ rate: '0.5', connection_fee: '0.0' });
  });

  it('device_callflow_get prints an empty <action> for a state without action', async () => {
    const device = await createDevice(t, user.id);
    const r = await t.call('device_callflow_get', { device_id: String(device.id) });
    const flows = r.xml.page.callflow as { state: string; action: string }[];
    expect(flows.find((f) => f.state === 'Before call')!.action).toBe('');
    expect(flows.find((f) => f.state === 'Call')!.action).toBe('Dial');
    expect(r.body).toContain('<action/>');
  });

  it('with "Allow Resellers to use Admin Tariffs" on, a reseller sees only the admin’s sell tariffs', async () => {
    const repo = t.db.getRepository(Tariff);
    const buy = (await repo.save({ name: 'adm buy', purpose: 'provider', owner_id: 0, currency: 'USD' })).id;
    await repo.save({ name: 'adm sell', purpose: 'user', owner_id: 0, currency: 'USD' });
    await t.settings.set('allow_resellers_admin_tariffs', '1');
    const names = [(await t.call('tariffs_get', {}, asReseller)).xml.page.tariffs.tariff].flat().map((x: { name: string }) => x.name);
    expect(names).toContain('adm sell');
    expect(names).not.toContain('adm buy');
    expect(names).not.toContain('conf buy');
    expect(err(await t.call('tariff_rates_get', { tariff_id: String(buy) }, asReseller))).toBe('No tariff found');
  });
});
