import { Device } from '../../src/families/devices/device.entity';
import { createDevice } from '../support/device-fixtures';
import { TestApp, errorOf } from '../support/test-app';

const RKEY = 'reseller-key-2';

/** Device methods: create/update/delete/list/details, call flows, CLIs, rules; owner scoping. */
describe('Devices', () => {
  let t: TestApp;
  let user: { id: number };
  let rUser: { id: number };
  let device: Device;
  let rDevice: Device;
  const R = { u: 'res2', key: RKEY };
  const err = (r: { xml: any }) => errorOf(r.xml);

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'dave', first_name: 'Test', last_name: 'User #1' });
    const reseller = await t.createReseller('res2', RKEY);
    rUser = await t.createUser({ username: 'rerin', owner_id: reseller.id });
    device = await createDevice(t, user.id);
    rDevice = await createDevice(t, rUser.id);
  });
  afterAll(async () => t.close());

  describe('device_create', () => {
    it('creates with a generated strong secret and PIN, returns username and password', async () => {
      const r = await t.call('device_create', { user_id: String(user.id), description: 'desk', type: 'IAX2' });
      expect(r.xml.page.status).toBe('Device created');
      expect(r.xml.page.password).toMatch(/^[A-Za-z0-9]{16,}$/);
      const row = await t.db.getRepository(Device).findOneByOrFail({ id: Number(r.xml.page.id) });
      expect(row).toMatchObject({ device_type: 'IAX2', description: 'desk', name: r.xml.page.username });
      expect(row.pin).toMatch(/^\d{6}$/);
      const blank = await t.call('device_create', { user_id: String(user.id), pin: '' });
      expect((await t.db.getRepository(Device).findOneByOrFail({ id: Number(blank.xml.page.id) })).pin).toBe('');
    });
    it('refuses bad input', async () => {
      expect(err(await t.call('device_create', { user_id: '9999' }))).toBe('User was not found');
      expect(err(await t.call('device_create', { user_id: String(user.id), type: 'XMPP' }))).toBe('Device type invalid');
      expect(err(await t.call('device_create', { user_id: String(user.id), pin: '12a' }))).toBe('PIN must be numeric');
      expect(err(await t.call('device_create', { user_id: String(user.id), devicegroup_id: 'x' }))).toBe('Device group invalid');
      expect((await t.call('device_create', { user_id: String(user.id), description: 'd'.repeat(256) })).xml.page).toEqual({ error: 'Device was not created', message: 'Description is too long' });
      await t.call('device_create', { user_id: String(user.id), pin: '5555' });
      expect(err(await t.call('device_create', { user_id: String(user.id), pin: '5555' }))).toBe('PIN is already used');
      expect(err(await t.call('device_create', { user_id: String(user.id) }, R))).toBe('User was not found');
      expect((await t.call('device_create', { user_id: String(rUser.id) }, R)).xml.page.status).toBe('Device created');
    });
  });

  describe('device_update', () => {
    it('updates fields, caller ID and location', async () => {
      const r = await t.call('device_update', { device: String(device.id), callerid_number: '101', callerid_name: 'Front', call_limit: '3', transport: 'tcp', balance: '1.25', location_id: '1' });
      expect(r.xml.page.status.success).toBe('Device successfully updated');
      const row = await t.db.getRepository(Device).findOneByOrFail({ id: device.id });
      expect(row).toMatchObject({ callerid: '"Front" <101>', call_limit: 3, transport: 'tcp', balance: '1.250000' });
    });
    it('refuses with status errors', async () => {
      expect((await t.call('device_update', { device: '99999' })).xml.page.status.error).toBe('Device was not found');
      expect(err(await t.call('device_update', { device: String(device.id), new_location_id: '999' }))).toBe('Location was not found');
      expect(err(await t.call('device_update', { device: String(device.id) }, R))).toBe('Device was not found');
      expect(err(await t.call('device_update', { device: String(device.id), ringing_timeout: '5' }))).toBe('Device was not updated');
    });
  });

  describe('devices_get and device_details_get', () => {
    it('lists a user\'s devices with the secret', async () => {
      const r = await t.call('device_list', { user_id: String(rUser.id) }, R);
      const rows = [].concat(r.xml.page.devices.device);
      expect(rows.map((d: any) => d.device_id)).toContain(String(rDevice.id));
      expect(rows.find((d: any) => d.device_id === String(rDevice.id))).toMatchObject({ secret: 'fixture-secret-1', primary_device: 'no' });
    });
    it('hides hidden devices on request; errors', async () => {
      const hidden = await createDevice(t, rUser.id, { hidden: 1 });
      const r = await t.call('devices_get', { user_id: String(rUser.id), show_hidden_devices: '0' });
      expect([].concat(r.xml.page.devices.device).map((d: any) => d.device_id)).not.toContain(String(hidden.id));
      expect(err(await t.call('devices_get', {}))).toBe('user_id is empty');
      expect(err(await t.call('devices_get', { user_id: '9999' }))).toBe('User not found');
      expect(err(await t.call('devices_get', { user_id: String(user.id) }, R))).toBe('User not found');
    });
    it('details by id and by username', async () => {
      const r = await t.call('device_details_get', { device_id: String(device.id) });
      expect(r.xml.page).toMatchObject({ id: String(device.id), name: device.name, device_type: 'SIP', user_id: String(user.id) });
      const byName = await t.call('device_details_get', { device_u: device.name }, { hashOrder: ['device_u'] });
      expect(byName.xml.page.id).toBe(String(device.id));
      expect(err(await t.call('device_details_get', { device_id: '99999' }))).toBe('Device was not found');
      expect(err(await t.call('device_details_get', { device_id: String(device.id) }, R))).toBe('Device was not found');
    });
  });

  describe('call flows', () => {
    it('reads six states and updates one', async () => {
      const r = await t.call('device_callflow_get', { device_id: String(device.id) });
      expect(r.xml.page.user).toBe('Test User #1');
      expect(r.xml.page.device).toBe(`SIP/${device.name}`);
      expect(r.xml.page.callflow.map((f: any) => f.state)).toEqual(['Before call', 'Call', 'Answered', 'No answer', 'Busy', 'Failed']);
      expect(r.xml.page.callflow[1]).toMatchObject({ action: 'Dial', data: `SIP/${device.name}|60` });
      const u = await t.call('device_callflow_update', { device_id: String(device.id), state: 'busy', callflow_action: 'forward', external_number: '37060000001' });
      expect(u.xml.page.status).toBe('Callflow updated');
      const after = await t.call('device_callflow_get', { device_id: String(device.id) });
      expect(after.xml.page.callflow[4]).toMatchObject({ action: 'forward', data: '37060000001' });
    });
    it('refuses', async () => {
      expect(err(await t.call('device_callflow_get', { device_id: '99999' }))).toBe('Device was not found');
      expect(err(await t.call('device_callflow_get', { device_id: String(device.id) }, R))).toBe('Device was not found');
      expect(err(await t.call('device_callflow_update', { device_id: String(device.id), state: 'call', callflow_action: 'forward' }))).toBe('Callflow was not updated');
      expect(err(await t.call('device_callflow_update', { device_id: String(device.id), state: 'busy', callflow_action: 'forward', external_number: '1', custom: 'c'.repeat(256) }))).toBe('Callflow was not updated');
    });
    it('uses a DID as CallerID only when it is routed to the device; accepts the older `action` in the hash', async () => {
      await t.db.query("INSERT INTO dids (did, status, device_id, user_id) VALUES ('37069999001', 'active', ?, ?), ('37069999002', 'free', NULL, NULL)", [device.id, user.id]);
      const [[mine], [other]] = [await t.db.query("SELECT id FROM dids WHERE did = '37069999001'"), await t.db.query("SELECT id FROM dids WHERE did = '37069999002'")];
      const params = { device_id: String(device.id), state: 'no_answer', callflow_action: 'forward', external_number: '37060000002' };
      expect(err(await t.call('device_callflow_update', { ...params, did_id: String(other.id) }))).toBe('Callflow was not updated');
      expect((await t.call('device_callflow_update', { ...params, did_id: String(mine.id) })).xml.page.status).toBe('Callflow updated');
      expect((await t.call('device_callflow_get', { device_id: String(device.id) })).xml.page.callflow[3]).toMatchObject({ action: 'forward', data: '37060000002', data2: 'did', data3: String(mine.id) });
      const old = { device_id: String(device.id), state: 'failed', action: 'voicemail' };
      expect((await t.call('device_callflow_update', old, { hashOrder: ['device_id', 'state', 'action'] })).xml.page.status).toBe('Callflow updated');
    });
    it('a device another forwards to cannot be deleted', async () => {
      const target = await createDevice(t, user.id);
      const src = await createDevice(t, user.id);
      await t.call('device_callflow_update', { device_id: String(src.id), state: 'failed', action: 'forward', forward_to_device: String(target.id) }, { hashOrder: ['device_id', 'state'] });
      expect(err(await t.call('device_delete', { device: String(target.id) }))).toBe('Device has forwarded calls - we cannot delete it');
    });
  });

  describe('CLIs', () => {
    it('adds, lists, finds and deletes', async () => {
      expect((await t.call('cli_add', { device_id: String(device.id), cli_number: '37069000001', cli_description: 'main' })).xml.page.status).toBe('CLI successfully created');
      const l = await t.call('device_clis_get', { devices_id: String(device.id) });
      expect(l.xml.page.status).toMatchObject({ cli_cli: '37069000001', cli_device: `SIP/${device.name}`, cli_description: 'main', cli_banned: '0' });
      const info = await t.call('cli_get_info', { cli: '37069000001' });
      expect(info.xml.page.cli.device).toEqual({ user_id: String(user.id), device_id: String(device.id) });
      expect(err(await t.call('cli_add', { device_id: String(rDevice.id), cli_number: '37069000001' }))).toBe('CLI already exists. It is assigned to Test User #1 device');
      expect(err(await t.call('cli_info_get', { cli: '37069000001' }, R))).toBe('CLI not found');
      expect(err(await t.call('cli_delete', { cli_number: '37069000001' }, R))).toBe('CLI was not found');
      expect((await t.call('cli_delete', { cli_number: '37069000001' })).xml.page.status).toBe('CLI successfully deleted');
      expect(err(await t.call('cli_delete', { cli_number: '37069000001' }))).toBe('CLI was not found');
    });
    it('refuses bad input', async () => {
      expect(err(await t.call('cli_add', { cli_number: '1' }))).toBe('Device ID cannot be empty');
      expect(err(await t.call('cli_add', { device_id: String(device.id) }))).toBe('CLI Number cannot be empty');
      expect(err(await t.call('cli_add', { device_id: String(device.id), cli_number: '12x' }))).toBe('CLI must be numeric');
      expect(err(await t.call('cli_add', { device_id: String(device.id), cli_number: '12', ivr_id: '4' }))).toBe('IVR was not found');
      expect(err(await t.call('cli_add', { device_id: String(device.id), cli_number: '12' }, R))).toBe('Access Denied');
      expect(err(await t.call('cli_info_get', {}))).toBe('CLI is empty');
      expect(err(await t.call('cli_info_get', { cli: '000' }))).toBe('CLI not found');
      expect(err(await t.call('device_clis_get', { devices_id: String(device.id) }, R))).toBe('Device was not found');
      expect(err(await t.call('device_clis_get', { users_id: String(rUser.id) }, R))).toBe('CLIs were not found');
    });
    it('accepts the older cli_add hash order and lists several CLIs as repeated status blocks', async () => {
      const order = ['cli_number', 'cli_description', 'comment', 'banned', 'ivr_id', 'device_id'];
      expect((await t.call('cli_add', { device_id: String(rDevice.id), cli_number: '111' }, { ...R, hashOrder: order })).xml.page.status).toBe('CLI successfully created');
      await t.call('cli_add', { device_id: String(rDevice.id), cli_number: '112', banned: '1' }, R);
      const l = await t.call('device_clis_get', {}, R);
      expect(l.xml.page.status.map((s: any) => s.cli_cli)).toEqual(['111', '112']);
    });
  });

  describe('device rules', () => {
    it('creates, lists and deletes', async () => {
      expect(err(await t.call('device_rules_get', { device_id: String(device.id) }))).toBe('Device has no rules');
      expect((await t.call('device_rule_create', { device_id: String(device.id), name: 'r1', cut: '00', add: '370' })).xml.page.status.success).toBe('Rule added');
      const l = await t.call('device_rules_get', { device_id: String(device.id) });
      const rule = l.xml.page.status.device_rules.device_rule;
      expect(rule).toMatchObject({ name: 'r1', cut: '00', add: '370', minlen: '1', maxlen: '100', pr_type: 'dst' });
      expect(err(await t.call('device_rule_delete', { device_rule_id: rule.id }, R))).toBe('Device rule was not found');
      expect((await t.call('device_rule_delete', { device_rule_id: rule.id })).xml.page.status.success).toBe('Device rule was successfully deleted');
      expect(err(await t.call('device_rule_delete', { device_rule_id: rule.id }))).toBe('Device rule was not found');
    });
    it('refuses', async () => {
      expect(err(await t.call('device_rule_create', { device_id: String(device.id), cut: '1' }))).toBe('name cannot be blank');
      expect(err(await t.call('device_rule_create', { device_id: String(device.id), name: 'x' }))).toBe('both add and cut cannot be blank');
      expect(err(await t.call('device_rule_create', { device_id: String(device.id), name: 'x', cut: '1', pr_type: 'zz' }))).toBe('Add failed');
      expect(err(await t.call('device_rule_create', { device_id: String(device.id), name: 'x', cut: '1' }, R))).toBe('Device was not found');
      expect(err(await t.call('device_rules_get', { device_id: '99999' }))).toBe('Device was not found');
      const form2019 = await t.call('device_rule_create', { device_id: String(device.id), name: 'x', cut: '1', add: '2' }, { hashOrder: ['device_id', 'name', 'cut', 'add'] });
      expect(form2019.xml.page.status.success).toBe('Rule added');
    });
  });

  describe('device_delete', () => {
    it('deletes (alias too); refuses missing and foreign devices', async () => {
      const d = await createDevice(t, rUser.id);
      expect(err(await t.call('device_delete', { device: String(d.id) }, { u: 'res2', key: 'wrong' }))).toBe('Incorrect hash');
      expect(err(await t.call('device_delete', { device: String(device.id) }, R))).toBe('Device was not found');
      expect((await t.call('device_destroy', { device: String(d.id) }, R)).xml.page.status).toBe('Device was deleted');
      expect(err(await t.call('device_delete', { device: String(d.id) }))).toBe('Device was not found');
    });
  });
});
