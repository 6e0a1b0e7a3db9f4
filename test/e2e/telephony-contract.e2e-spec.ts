import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Params } from '../../src/api/hash';
import { IvrService } from '../../src/families/telephony/ivr.service';
import { ServersService } from '../../src/families/telephony/servers.service';
import { AmiPeer } from '../support/ami-peer';
import { createDevice } from '../support/device-fixtures';
import { sweepMethod } from '../support/sweep';
import { TestApp } from '../support/test-app';

// Starting a server on a fresh MariaDB database runs every migration: more than Jest's default 5 s on a busy machine.
jest.setTimeout(300_000);

/**
 * Every telephony method, each param at each shared bad value (missing, letters, 10 kB, negative,
 * 20 digits, control characters): a MOR-style XML answer in the method's envelope, never a 500,
 * and no row written by a refused request.
 */
describe('Telephony contract: bad values', () => {
  let t: TestApp;
  let peer: AmiPeer;
  let dir: string;
  const base: Record<string, Params> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mor-recordings-'));
    t = await TestApp.start({ MOR_RECORDINGS_DIR: dir, MOR_AMI_TIMEOUT_MS: '1000' });
    peer = await AmiPeer.start();
    await t.app.get(ServersService).create({ server_ip: '127.0.0.1', ami_port: peer.port, ami_username: peer.username, ami_secret: peer.secret });
    const user = await t.createUser({ username: 'sweepuser', password: 'sweep-pass-1' });
    const device = await createDevice(t, user.id);
    await t.db.query("INSERT INTO campaigns (name, user_id, device_id) VALUES ('sweep', ?, ?)", [user.id, device.id]);
    const campaignId = String((await t.db.query("SELECT id FROM campaigns WHERE name = 'sweep'"))[0].id);
    await t.db.query("INSERT INTO activecalls (uniqueid, channel, user_id, src_device_id, start_time) VALUES ('s.1', 'SIP/x-1', ?, ?, '2026-01-01 00:00:00')", [user.id, device.id]);
    const ivr = t.app.get(IvrService);
    const plan = String((await ivr.createDialPlan(0, 'P')).id);
    const period = String((await ivr.createTimePeriod(0, 'T')).id);
    Object.assign(base, {
      callback_init: { device: String(device.id), src: '1', dst: '2', cli_lega: '1', cli_legb: '2', lega_tariff_id: '', lega_reseller_tariff_id: '', lega_lcr_id: '', server_id: '', card_pin: '' },
      c2c_callback: { campaign_id: campaignId, client: '1' },
      spy_call: { active_call_id: '1' },
      queue_log_get: { from: '1', till: '2', queuename: 'q', callid: 'c', agent: 'a', event: 'e', data1: '', data2: '', data3: '', data4: '', data5: '' },
      ivr_dial_plan_update: { ivr_dial_plan_id: plan, time_period1: period, time_period2: '', time_period3: '' },
      ivr_time_period_update: { ivr_time_period_id: period, name: 'T', start_hour: '1', end_hour: '2', start_minute: '0', end_minute: '0', start_weekday: 'mon', end_weekday: 'tue', start_month: '1', end_month: '2', start_day: '1', end_day: '2' },
      recordings_get: { date_from: '1', date_till: '2', destination: '', source: '', user: '', device: '', uniqueid: '', callback_uniqueid: '' },
      recording_update: { recording_id: '1', comment: 'c' },
      recordings_delete: { recording_id: '', s_user_id: String(user.id), s_device_id: String(device.id), date_from: '1', date_till: '2' },
      autodialer_get_campaign_statistics: { id: campaignId, period_start: '1', period_end: '2' },
      autodialer_redial_all_failed_calls: { id: campaignId },
      autodialer_get_campaign_ivr_poll_results: { id: campaignId },
      autodialer_change_campaign_status: { id: campaignId },
    });
  });
  afterAll(async () => {
    await t.close();
    await peer.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const asUser = new Set(['c2c_callback', 'autodialer_get_campaign_statistics', 'autodialer_redial_all_failed_calls', 'autodialer_get_campaign_ivr_poll_results', 'autodialer_change_campaign_status']);

  it('every param of every method', async () => {
    const failures: string[] = [];
    for (const [method, params] of Object.entries(base)) {
      const root = method === 'callback_init' || method === 'c2c_callback' ? 'Status' : 'page';
      failures.push(...(await sweepMethod(t, method, Object.keys(params), { base: () => ({ ...params }), root, call: asUser.has(method) ? { u: 'sweepuser' } : {} })));
    }
    failures.push(...(await sweepMethod(t, 'morphone_details_get', ['p', 'u'], { base: () => ({ p: 'sweep-pass-1' }), root: 'page', call: { u: 'sweepuser', noHash: true } })));
    expect(failures).toEqual([]);
    // Refused requests wrote nothing: the timetable and campaign are as created, no poll results or calls appeared.
    expect(await t.db.query('SELECT status FROM campaigns')).toEqual([{ status: expect.stringMatching(/^(enabled|disabled)$/) }]);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM campaign_calls'))[0].n)).toBe(0);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM adnumbers'))[0].n)).toBe(0);
  }, 180_000);

  it('no Originate carries a control character, and every one dialed a plain number', async () => {
    for (const action of peer.sent('Originate')) {
      for (const [, value] of action.fields) expect(value).not.toMatch(/[\x00-\x1f]/);
      expect(action.get('Channel')).toMatch(/^Local\/[0-9+*#]+@mor_cb_src\/n$/);
    }
    expect(peer.sent('Originate').length).toBeGreaterThan(0);
    expect((await t.call('callback_init', { ...base.callback_init, cli_lega: 'a\u0001b' })).xml).toEqual({ Status: 'Bad CallerID' });
    expect((await t.call('callback_init', { ...base.callback_init, card_pin: '12a' })).xml).toEqual({ Status: 'PIN was not found' });
  });
});
