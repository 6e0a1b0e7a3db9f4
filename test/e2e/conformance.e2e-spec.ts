import { morHash } from '../../src/api/hash';
import { Operator } from '../../src/cli/operator';
import { DeviceGroup } from '../../src/families/devices/device-group.entity';
import { Device } from '../../src/families/devices/device.entity';
import { Did } from '../../src/families/dids/did.entity';
import { Phonebook } from '../../src/families/phonebooks/phonebook.entity';
import { QuickforwardDid } from '../../src/families/quickforwards/quickforward-did.entity';
import { DestinationGroup } from '../../src/families/tariffs/destination.entity';
import { RateDetailRow } from '../../src/families/tariffs/rate-detail.entity';
import { Rate } from '../../src/families/tariffs/rate.entity';
import { Tariff } from '../../src/families/tariffs/tariff.entity';
import { User } from '../../src/families/users/user.entity';
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

describe('Methods 06 adds (issue 8, point 4)', () => {
  let t: TestApp;
  let user: User;
  let other: User;
  const err = (r: { xml: any }) => errorOf(r.xml);
  const logged = async (id: number) => (await t.db.getRepository(User).findOneByOrFail({ id })).logged;

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'page_user' });
    other = await t.createUser({ username: 'page_other' });
    await t.createReseller('page_res', 'page-res-key');
  });
  afterAll(async () => t.close());

  describe('phonebook_record_delete', () => {
    const record = async (userId: number, speeddial: string) => (await t.db.getRepository(Phonebook).save({ user_id: userId, name: 'n', number: '370600', speeddial })).id;

    it('a user deletes his own record; another user’s answers as a missing one', async () => {
      const mine = await record(user.id, '11');
      const theirs = await record(other.id, '12');
      expect((await t.call('phonebook_record_delete', { id: String(theirs) }, { u: 'page_user' })).xml).toEqual({ page: { status: { error: 'Phonebook record was not found' } } });
      const r = await t.call('phonebook_record_delete', { id: String(mine) }, { u: 'page_user' });
      expect(r.xml).toEqual({ page: { status: { success: 'Phonebook record successfully deleted' } } });
      expect(await t.db.getRepository(Phonebook).existsBy({ id: mine })).toBe(false);
      expect(await t.db.getRepository(Phonebook).existsBy({ id: theirs })).toBe(true);
      expect(err(await t.call('phonebook_record_delete', { id: String(mine) }, { u: 'page_user' }))).toBe('Phonebook record was not found');
    });
    it('the admin deletes any record; a reseller is refused; the hash is the id (06’s example)', async () => {
      const theirs = await record(other.id, '13');
      expect(err(await t.call('phonebook_record_delete', { id: String(theirs) }, { u: 'page_res', key: 'page-res-key' }))).toBe('Access Denied');
      expect(err(await t.call('phonebook_record_delete', { id: String(theirs) }, { hashOrder: [] }))).toBe('Incorrect hash');
      expect((await t.call('phonebook_record_delete', { id: String(theirs) })).xml.page.status.success).toBe('Phonebook record successfully deleted');
      for (const id of ['', 'x', '-1', '9'.repeat(30)]) expect(err(await t.call('phonebook_record_delete', { id }))).toBe('Phonebook record was not found');
    });
  });

  describe('quickforwards_did_delete', () => {
    it('removes the caller’s quick forward of a DID', async () => {
      await t.db.getRepository(Did).save({ did: '37063042438', status: 'active', user_id: user.id });
      await t.call('quickforwards_did_update', { did: '37063042438', forward_to: '37060000000', description: 'x' }, { u: 'page_user' });
      expect(await t.db.getRepository(QuickforwardDid).countBy({ user_id: user.id })).toBe(1);
      const r = await t.call('quickforwards_did_delete', { did: '37063042438' }, { u: 'page_user' });
      expect(r.xml).toEqual({ page: { status: 'Quickforward successfully deleted' } });
      expect(await t.db.getRepository(QuickforwardDid).countBy({ user_id: user.id })).toBe(0);
      expect(err(await t.call('quickforwards_did_delete', { did: '37063042438' }, { u: 'page_user' }))).toBe('No Quickforward is assigned to specified DID');
      expect(err(await t.call('quickforwards_did_delete', { did: '404' }, { u: 'page_user' }))).toBe('DID was not found');
      expect(err(await t.call('quickforwards_did_delete', { did: '37063042438' }))).toBe('You are not authorized to use Quickforwards');
      expect(err(await t.call('quickforwards_did_delete', { did: '37063042438' }, { u: 'page_user', hashOrder: [] }))).toBe('Incorrect hash');
    });
  });

  describe('page-style actions: auth by u alone, no hash', () => {
    const page = (method: string, params: Record<string, string> = {}, u = 'page_user') => t.send(method, { u, ...params });

    it('login_form answers its page with or without a known user', async () => {
      const expected = { page: { pagename: 'Login page', language: 'en', error_msg: '', aval_languages: '' } };
      expect((await page('login_form', {}, 'nobody')).xml).toEqual(expected);
      expect((await page('login_form')).xml).toEqual(expected);
    });

    it('user_devices lists the caller’s own devices, never their SIP secret, and marks him logged in', async () => {
      await t.db.getRepository(User).update(user.id, { logged: 0 });
      const device = await createDevice(t, user.id, { description: 'desk', callerid: '370', regseconds: 1700000000 });
      await createDevice(t, other.id);
      const r = await page('user_devices', { p: 'wrong password is ignored' });
      expect(r.xml.page).toEqual({
        pagename: 'Devices', language: 'en', userid: String(user.id),
        devices: { device: { acc: String(device.id), description: 'desk', type: 'SIP', extension: device.extension, username: device.name, password: '', cid: '370', last_time_registered: '2023-11-14 22:13:20' } },
      });
      expect(r.body).not.toContain('fixture-secret-1');
      expect(await logged(user.id)).toBe(1);
    });

    it('an unknown u is Bad login as a whole <status> document', async () => {
      for (const method of ['user_devices', 'user_rates']) {
        const r = await page(method, {}, 'nobody');
        expect([r.status, r.xml]).toEqual([200, { status: { error: 'Bad login' } }]);
      }
      expect((await t.send('user_devices', {})).xml).toEqual({ status: { error: 'Bad login' } });
    });

    it('user_rates lists the rates of the caller’s tariff by country, in his currency', async () => {
      const [dest] = await t.db.query('SELECT d.prefix, dir.name FROM destinations d JOIN directions dir ON dir.code = d.direction_code ORDER BY d.prefix LIMIT 1');
      const tariff = await t.db.getRepository(Tariff).save({ name: 'page tariff', purpose: 'provider', owner_id: 0, currency: 'USD' });
      const rate = await t.db.getRepository(Rate).save({ tariff_id: tariff.id, prefix: dest.prefix });
      await t.db.getRepository(RateDetailRow).save({ rate_id: rate.id, rate: '0.125', connection_fee: '0', increment_s: 1, min_time: 0 });
      await t.db.getRepository(User).update(user.id, { tariff_id: tariff.id });
      const r = await page('user_rates');
      expect(r.xml.page).toEqual({
        pagename: 'Payments', language: 'en', userid: String(user.id), currency: 'USD', vat_percent: '0.0',
        aval_currencies: { currency: 'USD' },
        rates: { rate: { ratename: dest.name, rateicon: dest.prefix, ratecost: '0.13', rate_vat_cost: '0.13' } },
      });
      expect((await page('user_rates', {}, 'page_other')).xml.page.rates).toBe('');
    });

    it('dg_list_user_destinations lists a destination group; without a user it answers the Call State page', async () => {
      const [{ id }] = await t.db.query('SELECT destinationgroup_id AS id FROM destinations WHERE destinationgroup_id IS NOT NULL ORDER BY id LIMIT 1');
      const group = await t.db.getRepository(DestinationGroup).findOneByOrFail({ id: Number(id) });
      const r = await page('dg_list_user_destinations', { dest_gr_id: String(id) });
      expect(r.xml.page).toMatchObject({ pagename: 'Destinations', language: 'en', groupname: group.name, groupicon: group.flag });
      const directions = [r.xml.page.directions.direction].flat();
      const [{ n }] = await t.db.query('SELECT COUNT(*) AS n FROM destinations WHERE destinationgroup_id = ?', [Number(id)]);
      expect(directions).toHaveLength(Number(n));
      expect(directions[0]).toEqual({ details: expect.any(String), prefix: expect.stringMatching(/^\d+$/) });
      expect((await page('dg_list_user_destinations', { dest_gr_id: String(id) }, 'nobody')).xml).toEqual({ page: { pagename: 'Call State', language: 'en', error_msg: '', aval_languages: '' } });
      expect(err(await page('dg_list_user_destinations', { dest_gr_id: '999999' }))).toBe('Destination Group was not found');
    });

    it('Allow API and GET rules still apply; permission groups do not', async () => {
      await t.settings.set('allow_api', '0');
      expect(err(await page('user_devices'))).toBe('API Requests are disabled');
      await t.settings.set('allow_api', '1');
      expect(err(await t.send('user_devices', { u: 'page_user' }, { verb: 'GET' }))).toBe('GET Requests are disabled');
      await t.db.getRepository(User).update(user.id, { api_restricted: 1 });
      expect((await page('user_devices')).xml.page.pagename).toBe('Devices');
    });
  });
});

describe('Replies aligned with MOR’s own server (issue 8, point 3)', () => {
  let t: TestApp;
  let user: User;
  const err = (r: { xml: any }) => errorOf(r.xml);

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'p3_user' });
    await t.createReseller('p3_res', 'p3-res-key');
  });
  afterAll(async () => t.close());

  it('did_subscription_stop reads dids_id (MOR’s server) or did_id (wiki) and prints both <success> and <status>', async () => {
    const provider = await createProvider(t, 'p3-prov');
    const device = await createDevice(t, user.id);
    for (const [number, param] of [['37069990101', 'dids_id'], ['37069990102', 'did_id']]) {
      const id = (await t.call('did_create', { provider_id: provider, did: number })).xml.page.did_details.id;
      await t.call('did_device_assign', { device_id: String(device.id), did: number });
      const r = await t.call('did_subscription_stop', { [param]: id }, { hashOrder: [param] });
      expect(r.xml).toEqual({ page: { status: { success: 'DID was successfully closed', status: 'DID was successfully closed' } } });
      expect((await t.db.getRepository(Did).findOneByOrFail({ id: Number(id) })).status).toBe('closed');
    }
    expect(err(await t.call('did_subscription_stop', {}))).toBe('DID was not found');
  });

  it('user_register takes a tariff and answers <status><success> with the new ids', async () => {
    await t.settings.set('api_allow_registration', '1');
    const own = (await t.db.getRepository(Tariff).save({ name: 'p3 sell', purpose: 'user', owner_id: 0, currency: 'USD' })).id;
    const buy = (await t.db.getRepository(Tariff).save({ name: 'p3 buy', purpose: 'provider', owner_id: 0, currency: 'USD' })).id;
    const form = (username: string, tariff: string) => ({
      id: 'none', username, first_name: 'N', last_name: 'B', email: `${username}@example.com`, device_type: 'SIP', country_id: '1',
      password: 'reg-pass-123', password2: 'reg-pass-123', caller_id: '37060000009', tariff,
    });
    const r = await t.call('user_register', form('p3reg', String(own)), { u: '' });
    const created = await t.db.getRepository(User).findOneByOrFail({ username: 'p3reg' });
    const [device] = await t.db.query('SELECT id FROM devices WHERE user_id = ?', [created.id]);
    expect(r.xml.page.status).toEqual({ success: 'Registration successful' });
    expect(r.xml.page.user_device_settings).toMatchObject({ user_id: String(created.id), device_type: 'SIP', device_id: String(device.id), caller_id: '37060000009', username: 'p3reg' });
    expect(created.tariff_id).toBe(own);
    for (const tariff of [String(buy), '999999', 'x']) expect(err(await t.call('user_register', form('p3bad', tariff), { u: '' }))).toBe('Tariff was not found');
    expect(await t.db.getRepository(User).existsBy({ username: 'p3bad' })).toBe(false);
  });

  it.each([
    [{ type: 'XMPP' }, 'Device type invalid'],
    [{ pin: '12a' }, 'PIN must be numeric'],
    [{ devicegroup_id: 'x' }, 'Device group invalid'],
    [{ caller_id: '37a' }, 'CallerID must be numeric'],
  ])('device_create answers MOR’s rendered text for %p', async (params, text) => {
    expect(err(await t.call('device_create', { user_id: String(user.id), ...params } as Record<string, string>))).toBe(text);
  });

  it('device_create: a PIN in use is "PIN is already used"', async () => {
    await createDevice(t, user.id, { pin: '777123' });
    expect(err(await t.call('device_create', { user_id: String(user.id), pin: '777123' }))).toBe('PIN is already used');
  });

  it('conflines_update answers MOR’s texts', async () => {
    expect((await t.call('conflines_update', { default_user_recording_forced_enabled: '2' })).xml.page.status.error).toBe('default_user_recording_forced_enabled  must be 0 or 1');
    expect((await t.call('conflines_update', { default_user_recording_forced_enabled: '1' })).xml).toEqual({ page: { status: { success: 'Conflines successfully updated' } } });
  });

  it('users_get of a reseller without users is "No Users found"', async () => {
    expect(err(await t.call('users_get', { p: 'secret-pass-1' }, { u: 'p3_res', key: 'p3-res-key' }))).toBe('No Users found');
  });

  it('system_version_get prints the version without "MOR "', async () => {
    await t.settings.set('gui_version', 'MOR X8');
    expect((await t.call('system_version_get')).xml).toEqual({ page: { version: 'X8' } });
  });
});
