import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK, ManualClock, SwitchableClock } from '../../src/families/telephony/clock';
import { IvrService } from '../../src/families/telephony/ivr.service';
import { QueueService } from '../../src/families/telephony/queue.service';
import { ServersService } from '../../src/families/telephony/servers.service';
import { Command } from 'commander';
import { registerTelephonyCommands, serverLine } from '../../src/families/telephony/telephony-cli';
import { AmiPeer } from '../support/ami-peer';
import { createDevice } from '../support/device-fixtures';
import { TestApp, errorOf } from '../support/test-app';

/** Callback, spy, queue log, IVR, recordings and MOR Phone against a real manager-interface peer. */
// Starting a server on a fresh MariaDB database runs every migration: more than Jest's default 5 s on a busy machine.
jest.setTimeout(120_000);

describe('Telephony methods', () => {
  let t: TestApp;
  let peer: AmiPeer;
  let dir: string;
  let serverId: number;
  const clock = new ManualClock(new Date('2026-03-10T12:00:00Z'));
  const err = (r: { xml: any }) => errorOf(r.xml);
  const originates = () => peer.sent('Originate');
  const fields = (i = -1) => originates().at(i)!.fields;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mor-recordings-'));
    t = await TestApp.start({ MOR_RECORDINGS_DIR: dir, MOR_AMI_TIMEOUT_MS: '1000' });
    t.app.get<SwitchableClock>(CLOCK).use(clock);
    peer = await AmiPeer.start();
    serverId = (await t.app.get(ServersService).create({ hostname: 'ast1', server_ip: '127.0.0.1', ami_port: peer.port, ami_username: peer.username, ami_secret: peer.secret })).id;
  });
  afterAll(async () => {
    await t.close();
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    peer.handler = null;
    peer.refuseLogin = false;
  });

  describe('servers (CLI)', () => {
    it('are added, listed without their secret, updated and checked', async () => {
      const servers = t.app.get(ServersService);
      const made = await servers.create({ server_ip: '127.0.0.2', ami_username: 'x', ami_secret: 'cli-secret-1' });
      const line = serverLine((await servers.list()).find((s) => s.id === made.id)!);
      expect(line).toContain('ami:x@5038');
      expect(line).not.toContain('cli-secret-1');
      expect(JSON.stringify(made)).not.toContain('cli-secret-1');
      await expect(servers.create({ ami_port: 70000, server_ip: 'h' })).rejects.toThrow('ami_port must be 1-65535');
      await expect(servers.create({})).rejects.toThrow('needs --ip or --hostname');
      await expect(servers.update(made.id, { ami_username: 'a\r\nAction: x' })).rejects.toThrow('one line');
      expect(await servers.check(serverId)).toBe('ok');
      await servers.update(made.id, { active: 0 });
      await expect(servers.check(made.id)).rejects.toThrow('not active');
      await servers.remove(made.id);
      await expect(servers.remove(made.id)).rejects.toThrow('was not found');
    });
  });

  it('the CLI commands print servers without the manager secret', async () => {
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
    try {
      const run = async (...args: string[]) => {
        const program = new Command('mor').exitOverride();
        registerTelephonyCommands(program, (work) => work(t.app));
        await program.parseAsync(['node', 'mor', ...args]);
      };
      await run('server', 'add', '--ip', '127.0.0.9', '--ami-user', 'cliuser', '--ami-secret', 'cli-top-secret', '--comment', 'lab');
      await run('server', 'list');
      await run('server', 'check', String(serverId));
      await expect(run('server', 'add', '--ip', 'x', '--ami-port', 'abc')).rejects.toThrow('ami_port must be 1-65535');
    } finally {
      log.mockRestore();
    }
    expect(printed.join('\n')).not.toContain('cli-top-secret');
    expect(printed[0]).toMatch(/^\d+\t-\t127\.0\.0\.9\tsip:5060\tami:cliuser@5038\tactive=1\tlab$/);
    expect(printed.filter((l) => l.includes('127.0.0.9'))).toHaveLength(2);
    expect(printed.at(-1)).toBe('ok');
    const added = (await t.app.get(ServersService).list()).find((s) => s.server_ip === '127.0.0.9')!;
    await t.app.get(ServersService).remove(added.id);
  });

  describe('callback_init', () => {
    let userId: number;
    let deviceId: string;
    beforeAll(async () => {
      userId = (await t.createUser({ username: 'cbuser' })).id;
      deviceId = String((await createDevice(t, userId, { callerid: '"Shop" <370500>', accountcode: '77' })).id);
    });

    it('originates leg A through mor_cb_src, then leg B in mor_cb_dst, and answers <Status>Ok</Status>', async () => {
      const before = originates().length;
      const r = await t.call('callback_init', { device: deviceId, src: '37060000001', dst: '37060000002', cli_lega: '111', lega_tariff_id: '' }, { u: 'cbuser' });
      expect(r.body).toContain('<Status>Ok</Status>');
      expect(r.xml).toEqual({ Status: 'Ok' });
      expect(originates()).toHaveLength(before + 1);
      expect(fields()).toEqual([
        ['Action', 'Originate'], ['Channel', 'Local/37060000001@mor_cb_src/n'], ['Context', 'mor_cb_dst'], ['Exten', '37060000002'], ['Priority', '1'],
        ['Timeout', '30000'], ['CallerID', '111'], ['Account', '77'], ['Async', 'true'],
        ['Variable', `MOR_CB_DEVICE_ID=${deviceId}`], ['Variable', `MOR_CB_USER_ID=${userId}`], ['Variable', 'MOR_CB_SRC=37060000001'],
        ['Variable', 'MOR_CB_DST=37060000002'], ['Variable', 'MOR_CB_LEGA_CLI=111'],
      ]);
    });

    it('the alias `callback`; no dst asks leg A for it; the wait time setting', async () => {
      await t.settings.set('callback_wait_time', '45');
      expect((await t.call('callback', { device: deviceId, src: '37060000003' })).xml).toEqual({ Status: 'Ok' });
      const f = fields();
      expect(f.slice(2, 7)).toEqual([['Context', 'mor_cb_ask_dst'], ['Exten', 's'], ['Priority', '1'], ['Timeout', '45000'], ['CallerID', '"Shop" <370500>']]);
      await t.settings.set('callback_wait_time', '30');
    });

    it('refuses in MOR words before anything is sent', async () => {
      const other = await createDevice(t, (await t.createUser({ username: 'cbother' })).id);
      const before = originates().length;
      const cases: [Record<string, string>, string, string?][] = [
        [{ device: deviceId, src: '1' }, 'Not authenticated', 'nobody'],
        [{ device: String(other.id), src: '1' }, 'Bad device', 'cbuser'],
        [{ device: '999999', src: '1' }, 'Bad device'],
        [{ device: ' 1', src: '1' }, 'Bad device'],
        [{ src: '1' }, 'Bad device'],
        [{ device: deviceId }, 'No source'],
        [{ device: deviceId, src: '1@evil/n' }, 'No source'],
        [{ device: deviceId, src: '1', dst: '2,3' }, 'Bad destination'],
        [{ device: deviceId, src: '1', lega_tariff_id: '999999' }, 'No tariff'],
        [{ device: deviceId, src: '1', lega_tariff_id: '-1' }, 'No tariff'],
        [{ device: deviceId, src: '1', lega_lcr_id: '999999' }, 'LCR was not found'],
        [{ device: deviceId, src: '1', server_id: '999' }, 'Server was not found'],
        [{ device: deviceId, src: '1', server_id: 'x' }, 'Server was not found'],
      ];
      for (const [params, text, u] of cases) {
        const r = await t.call('callback_init', params, { u: u ?? 'admin' });
        expect([params, r.xml]).toEqual([params, { Status: text }]);
      }
      expect(originates()).toHaveLength(before);
    });

    it('tariff overrides follow ownership and the admin-tariff switch', async () => {
      const reseller = await t.createReseller('cbres', 'cbres-key');
      const ruser = await t.createUser({ username: 'cbruser', owner_id: reseller.id });
      const rdev = String((await createDevice(t, ruser.id)).id);
      await t.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES ('adm', 'user', 0), ('prov', 'provider', 0)");
      const [adm, prov] = (await t.db.query("SELECT id FROM tariffs WHERE name IN ('adm', 'prov') ORDER BY name")).map((r: { id: number }) => String(r.id));
      const U = { u: 'cbruser', key: 'cbres-key' };
      expect((await t.call('callback_init', { device: rdev, src: '1', lega_tariff_id: adm }, U)).xml).toEqual({ Status: 'Reseller not allowed to use Admin tariffs' });
      expect((await t.call('callback_init', { device: deviceId, src: '1', lega_tariff_id: prov })).xml).toEqual({ Status: 'Bad tariff' });
      expect((await t.call('callback_init', { device: rdev, src: '1', lega_reseller_tariff_id: adm }, U)).xml).toEqual({ Status: 'Ok' });
      expect(fields()).toContainEqual(['Variable', `MOR_CB_LEGA_RESELLER_TARIFF_ID=${adm}`]);
    });

    it('the Callback addon switched off answers Access Denied; a wrong hash answers in the same <Status>', async () => {
      expect((await t.call('callback_init', { device: deviceId, src: '1', hash: 'f'.repeat(40) })).xml).toEqual({ Status: 'Incorrect hash' });
      expect((await t.call('callback_init', { device: deviceId, src: '1', dst: '2' }, { hashOrder: ['device', 'src', 'dst'] })).xml).toEqual({ Status: 'Incorrect hash' });
      await t.settings.set('callback_addon_active', '0');
      expect((await t.call('callback_init', { device: deviceId, src: '1' })).xml).toEqual({ Status: 'Access Denied' });
      expect((await t.call('c2c_callback', { campaign_id: '1', client: '1' })).xml).toEqual({ Status: 'Access Denied' });
      await t.settings.set('callback_addon_active', '1');
    });

    it('Cannot connect to Asterisk Server when the peer refuses the login, stays silent, refuses the action or is down', async () => {
      const call = () => t.call('callback_init', { device: deviceId, src: '37060000009' });
      peer.dropConnections(); // the next request logs in again
      peer.refuseLogin = true;
      expect((await call()).xml).toEqual({ Status: 'Cannot connect to Asterisk Server' });
      peer.refuseLogin = false;
      peer.handler = (a) => (a.get('Action') === 'Originate' ? 'silent' : undefined);
      expect((await call()).xml).toEqual({ Status: 'Cannot connect to Asterisk Server' });
      peer.handler = (a) => (a.get('Action') === 'Originate' ? { response: [['Response', 'Error'], ['Message', 'Originate failed']] } : undefined);
      expect((await call()).xml).toEqual({ Status: 'Cannot connect to Asterisk Server' });
      peer.handler = null;
      await t.app.get(ServersService).update(serverId, { ami_port: 1 });
      expect((await call()).xml).toEqual({ Status: 'Cannot connect to Asterisk Server' });
      await t.app.get(ServersService).update(serverId, { ami_port: peer.port });
      expect((await call()).xml).toEqual({ Status: 'Ok' });
    });
  });

  describe('c2c_callback', () => {
    it('rings the client, then the campaign device', async () => {
      const user = await t.createUser({ username: 'c2cuser' });
      const device = await createDevice(t, user.id, { extension: '2101' });
      await t.db.query("INSERT INTO campaigns (name, user_id, device_id, callerid) VALUES ('c2c', ?, ?, '999')", [user.id, device.id]);
      const [{ id }] = await t.db.query("SELECT id FROM campaigns WHERE name = 'c2c'");
      const U = { u: 'c2cuser' };
      expect((await t.call('c2c_callback', { campaign_id: String(id), client: '37061111111' }, U)).xml).toEqual({ Status: 'Ok' });
      expect(fields().slice(0, 7)).toEqual([['Action', 'Originate'], ['Channel', 'Local/37061111111@mor_cb_src/n'], ['Context', 'mor_cb_dst'], ['Exten', '2101'], ['Priority', '1'], ['Timeout', '30000'], ['CallerID', '999']]);
      expect((await t.call('c2c_callback', { campaign_id: String(id) }, U)).xml).toEqual({ Status: 'No client' });
      expect((await t.call('c2c_callback', { campaign_id: '999999', client: '1' }, U)).xml).toEqual({ Status: 'Bad campaign' });
      await t.createUser({ username: 'c2cother' });
      expect((await t.call('c2c_callback', { campaign_id: String(id), client: '1' }, { u: 'c2cother' })).xml).toEqual({ Status: 'Bad campaign' });
      expect((await t.call('c2c_callback', { campaign_id: String(id), client: '1' }, { u: 'nobody' })).xml).toEqual({ Status: 'Not authenticated' });
    });
  });

  describe('spy_call', () => {
    let callId: string;
    let spyDeviceId: number;
    let spiedDeviceId: number;
    beforeAll(async () => {
      const caller = await t.createUser({ username: 'spied' });
      spiedDeviceId = (await createDevice(t, caller.id)).id;
      spyDeviceId = (await createDevice(t, 0, { name: 'adminspy', extension: '900' })).id;
      await t.db.query("INSERT INTO activecalls (uniqueid, channel, user_id, src_device_id, src, dst, server_id, start_time) VALUES ('1700.1', 'SIP/spied-00000001', ?, ?, '1', '2', ?, '2026-01-01 00:00:00')", [caller.id, spiedDeviceId, serverId]);
      callId = String((await t.db.query("SELECT id FROM activecalls WHERE uniqueid = '1700.1'"))[0].id);
    });
    const spy = (id: string, u = 'admin', key?: string) => t.call('spy_call', { active_call_id: id }, { u, key });

    it('needs a spy device, then rings it into ChanSpy on the call channel', async () => {
      expect(err(await spy(callId))).toBe('No Spy Device assigned. Select it under User edit preferences.');
      await t.db.query('UPDATE users SET spy_device_id = ? WHERE id = 0', [spyDeviceId]);
      const r = await spy(callId);
      expect(r.xml.page.status).toEqual({ success: 'Spying started', spy_device: 'SIP/adminspy', channel: 'SIP/spied-00000001' });
      expect(fields()).toEqual([
        ['Action', 'Originate'], ['Channel', 'SIP/adminspy'], ['Application', 'ChanSpy'], ['Data', 'SIP/spied-00000001,qb'], ['CallerID', 'Spy <900>'],
        ['Timeout', '30000'], ['Async', 'true'], ['Variable', 'MOR_SPY_USER_ID=0'], ['Variable', `MOR_SPY_ACTIVE_CALL_ID=${callId}`],
      ]);
    });

    it('refusals: unknown call, recorded device, other server, switches, roles, reach', async () => {
      const before = originates().length;
      expect(err(await spy('999999'))).toBe('Active call was not found');
      expect(err(await spy('abc'))).toBe('Active call was not found');
      await t.db.query('UPDATE devices SET record = 1 WHERE id = ?', [spiedDeviceId]);
      expect(err(await spy(callId))).toBe('You are not authorized to use this functionality');
      await t.db.query('UPDATE devices SET record = 0 WHERE id = ?', [spiedDeviceId]);
      await t.db.query('INSERT INTO server_devices (server_id, device_id) VALUES (?, ?)', [serverId + 100, spyDeviceId]);
      expect(err(await spy(callId))).toBe('Spy Device is registered on different Server than this Call. Spying on this Call is not possible.');
      await t.db.query('DELETE FROM server_devices');
      await t.settings.set('chanspy_enabled', '0');
      expect(err(await spy(callId))).toBe('Chanspy is disabled');
      await t.settings.set('chanspy_enabled', '1');
      await t.settings.set('monitorings_addon_active', '0');
      expect(err(await spy(callId))).toBe('You are not authorized to use this functionality');
      await t.settings.set('monitorings_addon_active', '1');
      expect(err(await spy(callId, 'spied'))).toBe('You are not authorized to use this functionality');
      const reseller = await t.createReseller('spyres', 'spyres-key');
      const rdev = await createDevice(t, reseller.id, { name: 'resspy' });
      await t.db.query('UPDATE users SET spy_device_id = ? WHERE id = ?', [rdev.id, reseller.id]);
      expect(err(await spy(callId, 'spyres', 'spyres-key'))).toBe('Active call was not found');
      await t.db.query("UPDATE devices SET device_type = 'Virtual' WHERE id = ?", [rdev.id]);
      expect(err(await spy(callId, 'spyres', 'spyres-key'))).toBe('Unable to spy virtual device');
      expect(originates()).toHaveLength(before);
      await t.app.get(ServersService).update(serverId, { ami_port: 1 });
      expect(err(await spy(callId))).toBe('Cannot connect to Asterisk Server');
      await t.app.get(ServersService).update(serverId, { ami_port: peer.port });
    });
  });

  describe('queue_log_get and the queue_log import', () => {
    const at = (iso: string) => String(Date.parse(iso) / 1000);
    it('imports the file all or nothing, once, and lists today by default', async () => {
      const file = join(dir, 'queue_log');
      writeFileSync(file, [
        `${at('2026-03-10T08:00:00Z')}|1490020149.20|queue_mano|NONE|ENTERQUEUE||100001|1`,
        `${at('2026-03-10T08:00:05Z')}|1490020149.20|queue_mano|Local/1001@mor_local|CONNECT|5|1490020149.21|4`,
        `${at('2026-03-09T23:59:59Z')}|1490020100.1|other|NONE|ENTERQUEUE||100002|1`,
        '',
      ].join('\n'));
      const queues = t.app.get(QueueService);
      expect(await queues.importFile(file)).toEqual({ lines: 3, imported: 3 });
      expect(await queues.importFile(file)).toEqual({ lines: 3, imported: 0 });
      writeFileSync(join(dir, 'bad_log'), `${at('2026-03-10T09:00:00Z')}|1|q|a|E\nnonsense\n`);
      await expect(queues.importFile(join(dir, 'bad_log'))).rejects.toThrow('line 2: not a queue_log line');
      const today = (await t.call('queue_log_get')).xml.page.queues.queue;
      expect(today).toHaveLength(2);
      expect(today[0]).toEqual({ id: expect.any(String), call_id: '1490020149.20', queue_name: 'queue_mano', agent: 'NONE', event: 'ENTERQUEUE', data1: '', data2: '100001', data3: '1', data4: '', data5: '' });
      expect(today[1].agent).toBe('Local/1001@mor_local');
    });

    it('filters by period and exact values; No data found; roles', async () => {
      const day9 = { from: at('2026-03-09T00:00:00Z'), till: at('2026-03-09T23:59:59Z') };
      expect((await t.call('queue_log_get', day9)).xml.page.queues.queue.queue_name).toBe('other');
      expect((await t.call('queue_log_get', { event: 'CONNECT' })).xml.page.queues.queue.data2).toBe('1490020149.21');
      expect((await t.call('queue_log_get', { callid: '1490020149.20', agent: 'NONE' })).xml.page.queues.queue.event).toBe('ENTERQUEUE');
      expect(err(await t.call('queue_log_get', { queuename: 'nope' }))).toBe('No data found');
      expect(err(await t.call('queue_log_get', { from: 'yesterday' }))).toBe('Date from is incorrect format');
      await t.createUser({ username: 'qluser' });
      expect(err(await t.call('queue_log_get', {}, { u: 'qluser' }))).toBe('Access Denied');
    });
  });

  describe('IVR', () => {
    let plan: string;
    let p1: string;
    let p2: string;
    let foreign: string;
    beforeAll(async () => {
      const ivr = t.app.get(IvrService);
      plan = String((await ivr.createDialPlan(0, 'Main')).id);
      p1 = String((await ivr.createTimePeriod(0, 'Work hours')).id);
      p2 = String((await ivr.createTimePeriod(0, 'Night')).id);
      const reseller = await t.createReseller('ivrres', 'ivrres-key');
      foreign = String((await ivr.createTimePeriod(reseller.id, 'Theirs')).id);
    });
    const plan$ = async () => (await t.db.query('SELECT time_period1_id AS a, time_period2_id AS b, time_period3_id AS c FROM ivr_dial_plans WHERE id = ?', [plan]))[0];

    it('ivr_dial_plan_update sets and clears slots', async () => {
      const r = await t.call('ivr_dial_plan_update', { ivr_dial_plan_id: plan, time_period1: p1, time_period2: p2 });
      expect(r.xml).toEqual({ page: { status: { success: 'Dial Plan successfully updated' } } });
      expect(await plan$()).toMatchObject({ a: Number(p1), b: Number(p2), c: null });
      await t.call('ivr_dial_plan_update', { ivr_dial_plan_id: plan, time_period2: '' });
      expect(await plan$()).toMatchObject({ a: Number(p1), b: null });
      expect(err(await t.call('ivr_dial_plan_update', { ivr_dial_plan_id: plan, time_period1: p2, time_period2: foreign }))).toBe('time_period2 was not found');
      expect(await plan$()).toMatchObject({ a: Number(p1), b: null });
      expect(err(await t.call('ivr_dial_plan_update', { ivr_dial_plan_id: '999999' }))).toBe('Dial plan was not found');
      expect(err(await t.call('ivr_dial_plan_update', { ivr_dial_plan_id: plan }, { u: 'ivrres', key: 'ivrres-key' }))).toBe('Dial plan was not found');
      await t.createUser({ username: 'ivruser' });
      expect(err(await t.call('ivr_dial_plan_update', { ivr_dial_plan_id: plan }, { u: 'ivruser' }))).toBe('Access Denied');
    });

    it('the operator creates voices, IVRs and dial plans naming them (CLI)', async () => {
      const ivr = t.app.get(IvrService);
      expect((await ivr.addVoice('en', 'English')).voice).toBe('en');
      await expect(ivr.addVoice('en', 'again')).rejects.toThrow('already exists');
      await expect(ivr.addVoice('../x', '')).rejects.toThrow('letters, digits');
      const main = await ivr.createIvr(0, 'Main menu');
      const withIvr = await ivr.createDialPlan(0, 'Routed', [main.id]);
      expect(withIvr).toMatchObject({ ivr1_id: main.id, ivr2_id: null });
      const reseller = await t.db.query("SELECT id FROM users WHERE username = 'ivrres'");
      await expect(ivr.createDialPlan(Number(reseller[0].id), 'Not theirs', [main.id])).rejects.toThrow(`IVR ${main.id} was not found`);
      await expect(ivr.createTimePeriod(0, ' ')).rejects.toThrow('name value cannot be blank');
    });

    it('ivr_time_period_update checks each bound with MOR texts', async () => {
      const ok = await t.call('ivr_time_period_update', { ivr_time_period_id: p1, name: 'Office', start_hour: '8', end_hour: '17', start_minute: '0', end_minute: '30', start_weekday: 'mon', end_weekday: 'fri', start_month: '', end_month: '' });
      expect(ok.xml).toEqual({ page: { status: { message: 'Time Periods successfully updated' } } });
      expect((await t.db.query('SELECT name, start_hour, end_hour, end_minute, start_weekday, end_weekday FROM ivr_time_periods WHERE id = ?', [p1]))[0])
        .toMatchObject({ name: 'Office', start_hour: 8, end_hour: 17, end_minute: 30, start_weekday: 'mon', end_weekday: 'fri' });
      const cases: [Record<string, string>, string][] = [
        [{ start_hour: '24' }, 'start_hour must be beetween 0 and 23'], [{ end_hour: '-1' }, 'send_hour must be beetween 0 and 23'],
        [{ start_minute: '60' }, 'start_minute must be beetween 0 and 59'], [{ end_minute: '1.5' }, 'send_minute must be beetween 0 and 5'],
        [{ start_weekday: 'monday' }, 'Valid start_weekday values are mon, tue, wed, thu, fri, sat, sun'], [{ end_weekday: 'Sun' }, 'Valid end_weekday values are mon, tue, wed, thu, fri, sat, sun'],
        [{ start_month: '13' }, 'start_month must be beetween 1 and 12'], [{ end_month: '0' }, 'send_month must be beetween 1 and 12'],
        [{ start_day: '32' }, 'start_day must be beetween 1 and 31'], [{ end_day: 'x' }, 'send_day must be beetween 1 and 31'],
        [{ name: '  ' }, 'name value cannot be blank'], [{ start_hour: '' }, 'start_hour must be beetween 0 and 23'],
      ];
      for (const [params, text] of cases) {
        expect([params, err(await t.call('ivr_time_period_update', { ivr_time_period_id: p1, start_hour: '1', ...params }))]).toEqual([params, text]);
      }
      expect((await t.db.query('SELECT start_hour FROM ivr_time_periods WHERE id = ?', [p1]))[0].start_hour).toBe(8);
      expect(err(await t.call('ivr_time_period_update', { ivr_time_period_id: foreign, name: 'x' }))).toBe('Time period was not found');
      expect(err(await t.call('ivr_time_period_update', { ivr_time_period_id: p1, name: 'n'.repeat(101) }))).toBe('Time period was not updated');
      expect((await t.call('ivr_time_period_update', { ivr_time_period_id: foreign, name: 'Mine' }, { u: 'ivrres', key: 'ivrres-key' })).xml.page.status.message).toBe('Time Periods successfully updated');
    });
  });

  describe('recordings', () => {
    let alice: number;
    let bob: number;
    let aliceDevice: number;
    const day = (iso: string) => String(Date.parse(iso) / 1000);
    const addRecording = async (userId: number, deviceId: number, iso: string, file: string, extra = '') => {
      writeFileSync(join(dir, file), `mp3 ${file}${extra}`);
      await t.db.query('INSERT INTO recordings (user_id, src_device_id, datetime, source, destination, duration, size, uniqueid, file) VALUES (?, ?, ?, ?, ?, 10, 7, ?, ?)',
        [userId, deviceId, iso.replace('T', ' ').slice(0, 19), '3701', '3702', `u-${file}`, file]);
      return String((await t.db.query('SELECT id FROM recordings WHERE file = ?', [file]))[0].id);
    };
    const files = () => readdirSync(dir).filter((f) => f.endsWith('.mp3')).sort();

    beforeAll(async () => {
      const reseller = await t.createReseller('recres', 'recres-key');
      alice = (await t.createUser({ username: 'recalice', owner_id: reseller.id })).id;
      bob = (await t.createUser({ username: 'recbob' })).id;
      aliceDevice = (await createDevice(t, alice)).id;
    });

    it('recordings_get lists by period (today by default), scoped to the caller', async () => {
      const id = await addRecording(alice, aliceDevice, '2026-03-10T10:00:00Z', 'a1.mp3');
      await addRecording(bob, 0, '2026-03-10T11:00:00Z', 'b1.mp3');
      await addRecording(alice, aliceDevice, '2026-03-01T10:00:00Z', 'a0.mp3');
      const all = (await t.call('recordings_get')).xml.page.status.recordings.recording;
      expect(all).toHaveLength(2);
      expect(all[0]).toEqual({ id, user_id: String(alice), dst_user_id: '0', src_device_id: String(aliceDevice), dst_device_id: '0', date: '2026-03-10 10:00:00', comment: '', duration: '10', source: '3701', destination: '3702', size: '7', mp3_url: '/billing/recordings/a1.mp3' });
      const march = { date_from: day('2026-03-01T00:00:00Z'), date_till: day('2026-03-31T23:59:59Z') };
      expect((await t.call('recordings_get', march, { u: 'recres', key: 'recres-key' })).xml.page.status.recordings.recording).toHaveLength(2);
      expect((await t.call('recordings_get', { ...march, device: String(aliceDevice) })).xml.page.status.recordings.recording).toHaveLength(2);
      expect((await t.call('recordings_get', { uniqueid: 'u-b1.mp3' }, { u: 'recbob', key: 'test-admin-secret' })).xml.page.status.recordings.recording.id).toBeDefined();
      expect(err(await t.call('recordings_get', { uniqueid: 'u-a1.mp3' }, { u: 'recbob' }))).toBe('No Recordings found');
      expect(err(await t.call('recordings_get', { date_from: '2', date_till: '1' }))).toBe('Date from is greater than date till');
      expect(err(await t.call('recordings_get', { date_from: '2026-03-01' }))).toBe('Date from is incorrect format');
      expect(err(await t.call('recordings_get', { date_till: '-1' }))).toBe('Date till is incorrect format');
    });

    it('recording_update sets the comment within reach only', async () => {
      const id = (await t.db.query("SELECT id FROM recordings WHERE file = 'a1.mp3'"))[0].id;
      expect((await t.call('recording_update', { recording_id: String(id), comment: 'Quality check' }, { u: 'recres', key: 'recres-key' })).xml)
        .toEqual({ page: { status: { success: 'Recording was successfully updated' } } });
      expect((await t.db.query('SELECT comment FROM recordings WHERE id = ?', [id]))[0].comment).toBe('Quality check');
      expect(err(await t.call('recording_update', { recording_id: String(id), comment: 'x' }, { u: 'recbob' }))).toBe('Recording was not found');
      expect(err(await t.call('recording_update', { recording_id: '999999' }))).toBe('Recording was not found');
      expect(err(await t.call('recording_update', { recording_id: String(id), comment: 'x'.repeat(256) }))).toBe('Recording was not updated');
    });

    it('recordings_delete removes the rows and files together, or neither', async () => {
      expect(files()).toEqual(['a0.mp3', 'a1.mp3', 'b1.mp3']);
      // The trash folder cannot be made (a file is in its way): nothing is removed.
      writeFileSync(join(dir, '.deleting'), 'in the way');
      const refused = await t.call('recordings_delete', { s_user_id: String(alice) });
      expect(err(refused)).toBe('Recordings were not deleted');
      expect(files()).toEqual(['a0.mp3', 'a1.mp3', 'b1.mp3']);
      expect((await t.db.query('SELECT COUNT(*) AS n FROM recordings WHERE user_id = ?', [alice]))[0].n).toEqual(expect.anything());
      expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM recordings WHERE user_id = ?', [alice]))[0].n)).toBe(2);
      rmSync(join(dir, '.deleting'));
      const r = await t.call('recordings_delete', { s_user_id: String(alice), date_from: day('2026-03-05T00:00:00Z') });
      expect(r.xml).toEqual({ page: { status: { success: 'Recordings were successfully deleted', amount: '1' } } });
      expect(files()).toEqual(['a0.mp3', 'b1.mp3']);
      expect(readdirSync(join(dir, '.deleting'))).toEqual([]);
      const b1 = String((await t.db.query("SELECT id FROM recordings WHERE file = 'b1.mp3'"))[0].id);
      expect(err(await t.call('recordings_delete', { recording_id: b1 }, { u: 'recres', key: 'recres-key' }))).toBe('Recording was not found');
      expect((await t.call('recordings_delete', { recording_id: b1 }, { u: 'recbob' })).xml.page.status.amount).toBe('1');
      expect(files()).toEqual(['a0.mp3']);
      expect(existsSync(join(dir, 'b1.mp3'))).toBe(false);
    });

    it('recordings_delete refusals', async () => {
      expect(err(await t.call('recordings_delete', { s_device_id: String(aliceDevice) }))).toBe('s_user_id must be present');
      expect(err(await t.call('recordings_delete', { s_user_id: String(alice), date_from: '5', date_till: '4' }))).toBe('Date from is greater than date till');
      expect(err(await t.call('recordings_delete', {}))).toBe('Recordings were not found');
      expect(err(await t.call('recordings_delete', { s_user_id: String(bob) }, { u: 'recres', key: 'recres-key' }))).toBe('Access Denied');
      expect(err(await t.call('recordings_delete', { s_user_id: '999999' }))).toBe('Access Denied');
      expect(err(await t.call('recordings_delete', { s_user_id: String(bob) }))).toBe('Recordings were not found');
      expect(err(await t.call('recordings_delete', { recording_id: '999999' }))).toBe('Recording was not found');
      expect(files()).toEqual(['a0.mp3']);
    });

    it('verified wiki hash: recordings_delete recording_id=5 date_till=1577836799', async () => {
      const { morHash } = await import('../../src/api/hash');
      expect(morHash({ recording_id: '5', date_till: '1577836799' }, ['recording_id', 's_user_id', 's_device_id', 'date_from', 'date_till'], 'secret'))
        .toBe(require('node:crypto').createHash('sha1').update('51577836799secret').digest('hex'));
    });
  });

  describe('morphone_details_get', () => {
    it('u and p, no hash; the primary SIP device', async () => {
      const user = await t.createUser({ username: 'mphone', password: 'mphone-pass-1' });
      expect(err(await t.call('morphone_details_get', { p: 'mphone-pass-1' }, { u: 'mphone', noHash: true }))).toBe('Device was not found');
      await createDevice(t, user.id, { name: 'mp_first', allow: 'alaw;ulaw' });
      await t.settings.set('morphone_server_ip', '10.0.0.5');
      const r = await t.call('morphone_details_get', { p: 'mphone-pass-1' }, { u: 'mphone', noHash: true });
      expect(r.xml.page).toEqual({ device: { username: 'mp_first', password: 'fixture-secret-1', enabled_codecs: 'alaw,ulaw' }, server_ip: '10.0.0.5', server_port: '', did_number: '' });
      expect(err(await t.call('morphone_details_get', { p: 'wrong' }, { u: 'mphone', noHash: true }))).toBe('Bad login');
      expect(err(await t.call('morphone_details_get', { p: 'x' }, { u: 'nobody', noHash: true }))).toBe('Bad login');
    });
  });
});
