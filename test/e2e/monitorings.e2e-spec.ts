import { MonitoringsService, MISSING_PARAMS, NOT_FOUND } from '../../src/families/monitorings/monitorings.service';
import { sqlDateTime } from '../../src/ledger/ledger';
import { SmtpPeer } from '../support/smtp-peer';
import { TestApp, errorOf } from '../support/test-app';

describe('Monitorings and warning-balance e-mails', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let service: MonitoringsService;
  const now = new Date('2027-05-10T12:00:00Z');
  let seq = 0;

  const call = async (userId: number, price: string, minutesAgo = 10) =>
    t.db.query("INSERT INTO calls (calldate, uniqueid, user_id, user_price, disposition, billsec) VALUES (?, ?, ?, ?, 'ANSWERED', 60)",
      [sqlDateTime(new Date(now.getTime() - minutesAgo * 60_000)), `mon-${seq++}`, userId, price]);
  const monitoring = async (amount: string, mtype: number, block: number, email: number, userType = 'all', userId = 0) =>
    t.db.query('INSERT INTO monitorings (amount, period_in_past, mtype, block, email, user_type, user_id, owner_id, active, created_at) VALUES (?, 60, ?, ?, ?, ?, ?, 0, 1, ?)',
      [amount, mtype, block, email, userType, userId, sqlDateTime(now)]);
  const blocked = async (id: number) => Number((await t.db.query('SELECT blocked FROM users WHERE id = ?', [id]))[0].blocked);

  beforeAll(async () => {
    t = await TestApp.start();
    smtp = await SmtpPeer.start();
    service = t.app.get(MonitoringsService);
    await t.db.query("UPDATE users SET email = 'admin@example.test' WHERE id = 0");
    await t.settings.set('email_smtp_server', '127.0.0.1');
    await t.settings.set('email_port', String(smtp.port));
    await t.settings.set('email_sending_enabled', '1');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('blocks exactly the users whose spending is above the amount (not at it), once a day', async () => {
    const over = await t.createUser({ username: 'mon_over' });
    const at = await t.createUser({ username: 'mon_at' });
    const old = await t.createUser({ username: 'mon_old' });
    await call(over.id, '6.000001');
    await call(over.id, '4');
    await call(at.id, '10');
    await call(old.id, '50', 61); // outside the 60-minute window
    await monitoring('10', 1, 1, 1, 'prepaid');
    expect(await service.run(now)).toBe(1);
    expect([await blocked(over.id), await blocked(at.id), await blocked(old.id)]).toEqual([1, 0, 0]);
    expect(smtp.received.map((m) => m.subject)).toEqual(['Monitoring activated']);
    expect(smtp.received[0].text).toContain('mon_over');
    expect(await service.run(now)).toBe(0);
    await t.db.query('UPDATE monitorings SET active = 0');
  });

  it('drops below: users who spent less (no calls is 0) are acted on; postpaid-only targets only postpaid users', async () => {
    const quiet = await t.createUser({ username: 'mon_quiet', postpaid: 1 });
    const busy = await t.createUser({ username: 'mon_busy', postpaid: 1 });
    const prepaidQuiet = await t.createUser({ username: 'mon_pre_quiet' });
    await call(busy.id, '1');
    await monitoring('1', 2, 1, 0, 'postpaid');
    await service.run(now);
    expect([await blocked(quiet.id), await blocked(busy.id), await blocked(prepaidQuiet.id)]).toEqual([1, 0, 0]);
    await t.db.query('UPDATE monitorings SET active = 0');
  });

  it('monitoring_addon_activate (ma_activate) carries out the actions for the listed users', async () => {
    const a = await t.createUser({ username: 'mon_act_a' });
    const b = await t.createUser({ username: 'mon_act_b' });
    await monitoring('5', 1, 0, 1);
    const [{ id }] = await t.db.query('SELECT MAX(id) AS id FROM monitorings');
    const r = await t.call('monitoring_addon_activate', { monitoring_id: String(id), users: `${a.id},${b.id}`, block: 'true', email: 'false', mtype: '1' });
    expect(r.xml.page.status.monitoring_found).toBe('success');
    expect(r.xml.page.status.users.user).toEqual([{ id: String(a.id), status: ' blocked' }, { id: String(b.id), status: ' blocked' }]);
    expect([await blocked(a.id), await blocked(b.id)]).toEqual([1, 1]);
    expect(errorOf((await t.call('ma_activate', { monitoring_id: String(id), users: String(a.id), block: 'true', email: 'false', mtype: '2' })).xml)).toBe(NOT_FOUND);
    expect(errorOf((await t.call('ma_activate', { monitoring_id: String(id), users: String(a.id), block: 'true', mtype: '1' })).xml)).toBe(MISSING_PARAMS);
    expect(errorOf((await t.call('ma_activate', { monitoring_id: String(id), users: '2;3', block: 'true', email: 'true', mtype: '1' })).xml)).toBe(NOT_FOUND);
  });

  it('warning balance: once until the balance recovers, or daily at the user\'s hour', async () => {
    const once = await t.createUser({ username: 'warn_once', email: 'once@example.test', balance: '1', warning_email_active: 1, warning_email_balance: '5', warning_email_hour: -1 });
    const daily = await t.createUser({ username: 'warn_daily', email: 'daily@example.test', balance: '1', warning_email_active: 1, warning_email_balance: '5', warning_email_hour: 12 });
    const to = (address: string) => smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === address).length;
    await service.warnBalances(now);
    await service.warnBalances(now);
    expect([to('once@example.test'), to('daily@example.test')]).toEqual([1, 1]);
    await service.warnBalances(new Date('2027-05-11T11:00:00Z'));
    await service.warnBalances(new Date('2027-05-11T12:30:00Z'));
    expect([to('once@example.test'), to('daily@example.test')]).toEqual([1, 2]);
    await t.db.query("UPDATE users SET balance = '6' WHERE id = ?", [once.id]);
    await service.warnBalances(now);
    await t.db.query("UPDATE users SET balance = '1' WHERE id = ?", [once.id]);
    await service.warnBalances(now);
    expect(to('once@example.test')).toBe(2);
    void daily;
  });
});
