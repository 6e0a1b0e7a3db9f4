import { AppConfig } from '../../src/config/config';
import { CONFIG } from '../../src/config/config.token';
import { AutodialerEngine } from '../../src/families/telephony/autodialer-engine';
import { AutodialerScheduler } from '../../src/families/telephony/autodialer-scheduler';
import { CLOCK, ManualClock, SwitchableClock } from '../../src/families/telephony/clock';
import { ServersService } from '../../src/families/telephony/servers.service';
import { AmiPeer, Reason } from '../support/ami-peer';
import { createDevice } from '../support/device-fixtures';
import { TestApp, errorOf } from '../support/test-app';

/** A CSV upload as curl sends it: u, id and hash in the query string, the file in a multipart body. */
function csvUpload(fileName: string, content: string): { rawBody: string; headers: Record<string, string> } {
  const boundary = '----morTestBoundary7MA4YWxk';
  const rawBody = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`;
  return { rawBody, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// Starting a server on a fresh MariaDB database runs every migration: more than Jest's default 5 s on a busy machine.
jest.setTimeout(120_000);

describe('Autodialer', () => {
  let t: TestApp;
  let peer: AmiPeer;
  let engine: AutodialerEngine;
  let userId: number;
  let deviceId: number;
  const clock = new ManualClock(new Date('2026-03-10T09:00:00Z'));
  const U = { u: 'aduser' };
  const err = (r: { xml: any }) => errorOf(r.xml);
  /** Originate actions per dialed number (from the Channel Local/<number>@mor_ad_dial/n). */
  const dialsOf = (campaignId: number) => {
    const counts = new Map<string, number>();
    for (const a of peer.sent('Originate').filter((o) => o.get('Exten') === String(campaignId))) {
      const number = /^Local\/(\d+)@/.exec(a.get('Channel')!)![1];
      counts.set(number, (counts.get(number) ?? 0) + 1);
    }
    return counts;
  };
  const count = async (sql: string, args: unknown[] = []) => Number((await t.db.query(sql, args))[0].n);
  const campaign = async (name: string, extra: Record<string, string | number> = {}) => {
    const row = { name, user_id: userId, device_id: deviceId, start_time: '08:00:00', stop_time: '20:00:00', max_retries: 0, retry_time: 120, wait_time: 10, callerid: '370500', ...extra };
    const keys = Object.keys(row);
    await t.db.query(`INSERT INTO campaigns (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`, Object.values(row));
    const id = Number((await t.db.query('SELECT id FROM campaigns WHERE name = ?', [name]))[0].id);
    await t.db.query("INSERT INTO adactions (campaign_id, priority, action, data) VALUES (?, 1, 'PLAY', 'welcome')", [id]);
    return id;
  };
  const upload = (id: number, name: string, content: string) => t.call('autodialer_upload_numbers', { id: String(id) }, { ...U, ...csvUpload(name, content) });
  const toggle = (id: number) => t.call('autodialer_change_campaign_status', { id: String(id) }, U);
  /** Polls until a run dials nothing; the number of dialing runs. */
  const drain = async () => {
    let runs = 0;
    while ((await engine.runOnce()).dialed > 0) runs += 1;
    return runs;
  };

  beforeAll(async () => {
    t = await TestApp.start({ MOR_AMI_TIMEOUT_MS: '1000' });
    t.app.get<SwitchableClock>(CLOCK).use(clock);
    engine = t.app.get(AutodialerEngine);
    engine.channels = 100;
    peer = await AmiPeer.start();
    await t.app.get(ServersService).create({ server_ip: '127.0.0.1', ami_port: peer.port, ami_username: peer.username, ami_secret: peer.secret });
    userId = (await t.createUser({ username: 'aduser' })).id;
    deviceId = (await createDevice(t, userId, { accountcode: '55', callerid: '370999' })).id;
  });
  afterAll(async () => {
    await t.close();
    await peer.stop();
  });

  describe('API', () => {
    it('autodialer_upload_numbers: CSV only, owner only, invalid and duplicate numbers skipped', async () => {
      const id = await campaign('upload');
      expect((await upload(id, 'numbers.csv', '37060000001\n"37060000002",x\n37060000001\nnot-a-number\n\n')).xml)
        .toEqual({ page: { status: { success: '2 out of 4 numbers were imported' } } });
      expect(await count('SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ?', [id])).toBe(2);
      expect(err(await upload(id, 'numbers.txt', '1'))).toBe('Please provide CSV file');
      expect(err(await upload(id, 'numbers.csv', ''))).toBe('File is empty');
      expect(err(await t.call('autodialer_upload_numbers', { id: String(id) }, U))).toBe('Please provide a file');
      expect(err(await upload(999999, 'n.csv', '1'))).toBe('Campaign was not found');
      await t.createUser({ username: 'adother' });
      expect(err(await t.call('autodialer_upload_numbers', { id: String(id) }, { u: 'adother', ...csvUpload('n.csv', '1') }))).toBe('Campaign was not found');
      expect(err(await t.call('autodialer_upload_numbers', { id: String(id) }, csvUpload('n.csv', '1')))).toBe('You are not authorized to use this functionality');
      expect(err(await t.call('autodialer_upload_numbers', { id: String(id) }, { ...U, verb: 'GET' }))).toBe('GET Requests are disabled');
      await t.settings.set('autodialer_addon_active', '0');
      expect(err(await upload(id, 'n.csv', '1'))).toBe('You are not authorized to use this functionality');
      await t.settings.set('autodialer_addon_active', '1');
      expect(await count('SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ?', [id])).toBe(2);
    });

    it('autodialer_change_campaign_status needs free numbers and actions', async () => {
      const id = await campaign('status');
      await t.db.query('DELETE FROM adactions WHERE campaign_id = ?', [id]);
      expect((await toggle(id)).xml).toEqual({ page: { status: { message: ['No free numbers for Campaign: status', 'No actions for Campaign: status'] } } });
      await upload(id, 'n.csv', '1');
      expect((await toggle(id)).xml).toEqual({ page: { status: { message: 'No actions for Campaign: status' } } });
      await t.db.query("INSERT INTO adactions (campaign_id, action) VALUES (?, 'WAIT')", [id]);
      expect((await toggle(id)).xml).toEqual({ page: { status: { success: 'Campaign started' } } });
      expect((await toggle(id)).xml).toEqual({ page: { status: { success: 'Campaign stopped' } } });
      expect(err(await toggle(999999))).toBe('Campaign was not found');
      expect(err(await t.call('autodialer_change_campaign_status', { id: String(id) }))).toBe('You are not authorized to use this functionality');
    });

    it('statistics and poll results: not found, no numbers, no calls, bad period', async () => {
      const id = await campaign('empty');
      const stats = (params: Record<string, string>, u = U) => t.call('autodialer_get_campaign_statistics', { id: String(id), ...params }, u);
      expect(err(await stats({}))).toBe('Campaign does not have any Numbers');
      await upload(id, 'n.csv', '1');
      expect(err(await stats({}))).toBe('Campaign does not have any Calls in selected time period');
      expect(err(await stats({ period_start: '10', period_end: '9' }))).toBe('Date from is greater than date till');
      expect(err(await stats({}, { u: 'adother' }))).toBe('Campaign was not found');
      expect(err(await t.call('autodialer_get_campaign_ivr_poll_results', { id: '999999' }, U))).toBe('Campaign was not found');
      expect((await t.call('autodialer_get_campaign_ivr_poll_results', { id: String(id) }, U)).xml).toEqual({ page: { status: { ivr_poll_results_string: '' } } });
    });

    it('the Auto-Dialer addon switched off, and other owners, for every method', async () => {
      const id = String(await campaign('switches'));
      const methods = ['autodialer_get_campaign_statistics', 'autodialer_redial_all_failed_calls', 'autodialer_get_campaign_ivr_poll_results', 'autodialer_change_campaign_status'];
      for (const method of methods) expect([method, err(await t.call(method, { id }, { u: 'adother' }))]).toEqual([method, 'Campaign was not found']);
      const reseller = await t.createReseller('adres', 'adres-key');
      expect(err(await t.call('autodialer_get_campaign_statistics', { id }, { u: 'adres', key: 'adres-key' }))).toBe('Campaign was not found');
      expect(err(await t.call('autodialer_redial_all_failed_calls', { id }, { u: 'adres', key: 'adres-key' }))).toBe('You are not authorized to use this functionality');
      expect(reseller.id).toBeGreaterThan(0);
      await t.settings.set('autodialer_addon_active', '0');
      for (const method of methods) expect([method, err(await t.call(method, { id }, U))]).toEqual([method, 'You are not authorized to use this functionality']);
      await t.settings.set('autodialer_addon_active', '1');
      expect((await t.call('autodialer_redial_all_failed_calls', { id }, U)).xml).toEqual({ page: { status: { success: 'Failed calls will be redialed', amount: '0' } } });
    });
  });

  describe('engine', () => {
    it('dials a 1,000-number campaign within its window and retry rules; statistics add up', async () => {
      // Outcome by the number's last digit: 0-5 answer, 6 busy, 7 no answer, 8 congestion; 9 is busy once, then answers.
      const seen = new Map<string, number>();
      peer.originateReason = (a) => {
        const number = /^Local\/(\d+)@/.exec(a.get('Channel')!)![1];
        const tries = (seen.get(number) ?? 0) + 1;
        seen.set(number, tries);
        const digit = Number(number.at(-1));
        if (digit <= 5) return Reason.answered;
        return [Reason.busy, Reason.noAnswer, Reason.congestion][digit - 6] ?? (tries === 1 ? Reason.busy : Reason.answered);
      };
      const id = await campaign('big', { max_retries: 2, retry_time: 300, wait_time: 20 });
      const numbers = Array.from({ length: 1000 }, (_, i) => String(37060100000 + i));
      expect((await upload(id, 'big.csv', numbers.join('\r\n'))).xml.page.status.success).toBe('1000 out of 1000 numbers were imported');
      expect((await toggle(id)).xml.page.status.success).toBe('Campaign started');

      clock.set(new Date('2026-03-10T07:59:59Z')); // before the window
      expect((await engine.runOnce()).dialed).toBe(0);
      clock.set(new Date('2026-03-10T09:00:00Z'));
      expect(await drain()).toBe(10); // 1,000 first attempts, 100 channels per run
      expect(peer.sent('Originate').filter((a) => a.get('Exten') === String(id))).toHaveLength(1000);
      const first = peer.sent('Originate').find((a) => a.get('Channel') === 'Local/37060100000@mor_ad_dial/n')!;
      expect(first.fields).toEqual([
        ['Action', 'Originate'], ['Channel', 'Local/37060100000@mor_ad_dial/n'], ['Context', 'mor_ad_actions'], ['Exten', String(id)], ['Priority', '1'],
        ['Timeout', '20000'], ['CallerID', '370500'], ['Account', '55'], ['Async', 'true'], ['Variable', `MOR_AD_CAMPAIGN_ID=${id}`],
        ['Variable', `MOR_AD_NUMBER_ID=${(await t.db.query("SELECT id FROM adnumbers WHERE number = '37060100000'"))[0].id}`],
        ['Variable', `MOR_AD_DEVICE_ID=${deviceId}`], ['Variable', `MOR_AD_USER_ID=${userId}`],
      ]);

      clock.advance(299); // retry time not yet passed
      expect((await engine.runOnce()).dialed).toBe(0);
      clock.advance(1);
      expect(await drain()).toBe(4); // 400 first retries (digits 6-9)
      clock.set(new Date('2026-03-10T20:10:00Z')); // retries due, but after the window
      expect((await engine.runOnce()).dialed).toBe(0);
      clock.set(new Date('2026-03-10T09:10:00Z'));
      expect(await drain()).toBe(3); // 300 second retries (digits 6-8; 9 answered)
      clock.advance(3600);
      expect((await engine.runOnce()).dialed).toBe(0); // max_retries reached

      const dials = dialsOf(id);
      for (const n of numbers) {
        const digit = Number(n.at(-1));
        expect([n, dials.get(n)]).toEqual([n, digit <= 5 ? 1 : digit === 9 ? 2 : 3]);
      }
      expect([...dials.values()].reduce((a, b) => a + b, 0)).toBe(1700);
      expect(await count("SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND status = 'executing'", [id])).toBe(0);

      const stats = (await t.call('autodialer_get_campaign_statistics', { id: String(id) }, U)).xml.page.status;
      expect(stats.campaign_name).toBe('big');
      expect(stats.campaign_statistics).toEqual({
        period: { period_start: '2026-03-10 00:00:00', period_end: '2026-03-10 23:59:59' },
        total_numbers: '1000', failed: '300', completed: '700', total_call_time: '', total_call_time_longer_than_10s: '',
        answered: { answered_calls: '700', answered_percent: '41.18%' },
        no_answer: { no_answer_calls: '300', no_answer_percent: '17.65%' },
        busy: { busy_calls: '400', busy_percent: '23.53%' },
        failed_calls: { failed_calls: '300', failed_percent: '17.65%' },
        total_calls: '1700',
      });
      // The admin and the owner's reseller chain may read them; the period filters the calls.
      expect((await t.call('autodialer_get_campaign_statistics', { id: String(id) })).xml.page.status.campaign_statistics.total_calls).toBe('1700');
      expect(err(await t.call('autodialer_get_campaign_statistics', { id: String(id), period_start: String(Date.parse('2026-03-11T00:00:00Z') / 1000), period_end: String(Date.parse('2026-03-11T23:59:59Z') / 1000) }, U)))
        .toBe('Campaign does not have any Calls in selected time period');

      // Redial all failed calls: the 300 failed numbers are dialed again from the start.
      expect((await t.call('autodialer_redial_all_failed_calls', { id: String(id) }, U)).xml).toEqual({ page: { status: { success: 'Failed calls will be redialed', amount: '300' } } });
      expect(await drain()).toBe(3);
      expect([...dialsOf(id).values()].reduce((a, b) => a + b, 0)).toBe(2000);
      await toggle(id); // stop
    }, 180_000);

    it('stopping a campaign stops dialing from the next poll', async () => {
      peer.originateReason = () => Reason.answered;
      const id = await campaign('stoppable');
      await upload(id, 'n.csv', Array.from({ length: 500 }, (_, i) => String(37060200000 + i)).join('\n'));
      await toggle(id);
      expect((await engine.runOnce()).dialed).toBe(100);
      expect((await toggle(id)).xml.page.status.success).toBe('Campaign stopped');
      expect((await engine.runOnce()).dialed).toBe(0);
      expect(dialsOf(id).size).toBe(100);
      expect(await count("SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND status = 'new'", [id])).toBe(400);
      await toggle(id); // started again, it goes on where it stopped
      expect((await engine.runOnce()).dialed).toBe(100);
      await toggle(id);
    });

    it('one process at a time: a run held elsewhere dials nothing', async () => {
      const id = await campaign('leased');
      await upload(id, 'n.csv', '37060300001');
      await toggle(id);
      await t.db.query("UPDATE job_leases SET holder = 'other-process', expires_at = ? WHERE name = 'autodialer'", [clock.now().getTime() + 60_000]);
      expect(await engine.runOnce()).toMatchObject({ claimed: false, dialed: 0 });
      clock.advance(61); // the other holder's lease expired
      expect(await engine.runOnce()).toMatchObject({ claimed: true, dialed: 1 });
      await toggle(id);
    });

    it('Asterisk down, or silent: numbers stay undialed or are failed, never left executing', async () => {
      const id = await campaign('unreachable', { wait_time: 0, max_retries: 1 });
      await upload(id, 'n.csv', '37060400001\n37060400002');
      await toggle(id);
      const servers = t.app.get(ServersService);
      const [server] = await servers.list();
      await servers.update(server.id, { ami_port: 1 });
      await servers.ami.closeAll();
      expect((await engine.runOnce()).dialed).toBe(0);
      expect(await count("SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND status = 'new' AND attempts = 0", [id])).toBe(2);
      await servers.update(server.id, { ami_port: peer.port });
      peer.handler = (a) => (a.get('Action') === 'Originate' ? { response: [['Response', 'Success'], ['Message', 'Originate successfully queued']] } : undefined);
      expect(await engine.runOnce()).toMatchObject({ dialed: 2, outcomes: { failed: 2 } });
      peer.handler = null;
      expect(await count("SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND status = 'failed' AND attempts = 1", [id])).toBe(2);
      expect(await count("SELECT COUNT(*) AS n FROM campaign_calls WHERE campaign_id = ? AND outcome = 'failed'", [id])).toBe(2);
      await toggle(id);
    });

    it('a number left executing by a crashed run is taken as a failed attempt once its deadline passed', async () => {
      const id = await campaign('crashed', { max_retries: 1 });
      await upload(id, 'n.csv', '37060600001');
      await toggle(id);
      const deadline = Math.floor(clock.now().getTime() / 1000) + 200;
      await t.db.query("UPDATE adnumbers SET status = 'executing', attempts = 1, next_attempt_at = ? WHERE campaign_id = ?", [deadline, id]);
      expect((await engine.runOnce()).dialed).toBe(0);
      clock.advance(200);
      expect((await engine.runOnce()).dialed).toBe(1);
      expect((await t.db.query('SELECT status, attempts FROM adnumbers WHERE campaign_id = ?', [id]))[0]).toMatchObject({ status: 'completed', attempts: 2 });
      await toggle(id);
    });

    it("the server's schedule dials on its own, and stops with the server", async () => {
      const id = await campaign('scheduled');
      await upload(id, 'n.csv', '37060700001');
      await toggle(id);
      const scheduler = new AutodialerScheduler(engine, { ...t.app.get<AppConfig>(CONFIG), autodialerPollSeconds: 1 });
      scheduler.start();
      while (!dialsOf(id).has('37060700001')) await new Promise((r) => setTimeout(r, 50));
      await scheduler.onModuleDestroy();
      expect(await count("SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND status = 'completed'", [id])).toBe(1);
      await toggle(id);
    });

    it('IVR poll answers sent as UserEvents are the poll results', async () => {
      const id = await campaign('poll');
      await upload(id, 'n.csv', '37060500001');
      await toggle(id);
      await engine.runOnce();
      const numberId = String((await t.db.query("SELECT id FROM adnumbers WHERE number = '37060500001'"))[0].id);
      for (const result of ['1111', '2222']) {
        peer.emit([['Event', 'UserEvent'], ['UserEvent', 'MorAutodialerPoll'], ['CampaignID', String(id)], ['NumberID', numberId], ['Result', result]]);
        while ((await count('SELECT COUNT(*) AS n FROM campaign_poll_results WHERE campaign_id = ? AND result = ?', [id, result])) === 0) await new Promise((r) => setTimeout(r, 20));
      }
      const at = clock.now().toISOString().slice(0, 19).replace('T', ' ');
      expect((await t.call('autodialer_get_campaign_ivr_poll_results', { id: String(id) }, U)).xml.page.status.ivr_poll_results_string).toBe(`1111 2222,${at},${at}`);
    });
  });
});
