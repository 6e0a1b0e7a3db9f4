import { auditBalances } from '../../src/ledger/ledger';
import { CallWorld, balanceOf, createCallWorld } from '../support/call-fixtures';
import { TestApp, errorOf } from '../support/test-app';

jest.setTimeout(180_000);

/** MOR's Calls, Balance, Aggregate and Statistics methods over CDRs the switch API wrote. */
describe('Calls, balances and statistics', () => {
  let t: TestApp;
  let w: CallWorld;
  let other: CallWorld;
  const RES_KEY = 'reseller-key-1';
  const asReseller = { u: 'w-res', key: RES_KEY };
  const asUser = { u: 'w-user', key: RES_KEY };
  const now = Math.floor(Date.now() / 1000);
  const day = { period_start: String(now - 86400), period_end: String(now + 86400) };
  const call = async (world: CallWorld, uniqueid: string, billsec: string, dst = '3706123') => {
    await t.call('call_authorize', { uniqueid, device_id: String(world.deviceId), dst });
    await t.call('call_start', { uniqueid });
    return t.call('call_end', { uniqueid, billsec, duration: billsec, ...(billsec === '0' ? { disposition: 'NO ANSWER', hangupcause: '19' } : {}) });
  };

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createCallWorld(t);
    other = await createCallWorld(t, 'o');
    for (const key of ['allow_api', 'api_secret_key'] as const) await t.settings.set(key, key === 'allow_api' ? '1' : RES_KEY, w.resellerId);
    await call(w, 'c-180', '180');
    await call(w, 'c-60', '60');
    await call(w, 'c-na', '0');
    await call(other, 'o-30', '30');
    await t.call('call_authorize', { uniqueid: 'live-1', device_id: String(w.deviceId), dst: '3706999' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('user_calls_get', () => {
    it('admin: every party, alphabetical children with timezone after calldate2 and uniqueid last', async () => {
      const page = (await t.call('user_calls_get', { ...day, s_user: String(w.userId), order_by: 'nice_billsec', order_desc: '1' })).xml.page;
      expect(page).toMatchObject({ pagename: 'Calls', userid: String(w.userId), username: 'w-user', total_calls: '3' });
      const calls = page.calls_stat.calls.call;
      expect(calls.map((c: Record<string, string>) => c.uniqueid)).toEqual(['c-180', 'c-60', 'c-na']);
      expect(calls[0]).toMatchObject({ dispod: 'ANSWERED(16)', nice_billsec: '180', user_price: '0.240000', reseller_price: '0.150000', provider_price: '0.060000', profit: '0.180000', prefix: '370', user: 'w-user', nice_reseller: 'w-res', provider_name: 'w-P1', timezone: 'GMT +00:00' });
      expect(calls[2].dispod).toBe('NO ANSWER(19)');
      const keys = Object.keys(calls[0]);
      expect(keys.slice(0, 2)).toEqual(['calldate2', 'timezone']);
      expect(keys[keys.length - 1]).toBe('uniqueid');
      expect(page.calls_stat).toHaveProperty('show_provider');
    });

    it('filters: answered only, destination prefix, uniqueid', async () => {
      const ids = async (extra: Record<string, string>) => {
        const c = (await t.call('user_calls_get', { ...day, s_user: String(w.userId), ...extra })).xml.page.calls_stat.calls;
        return c === '' ? [] : [c.call].flat().map((x: Record<string, string>) => x.uniqueid);
      };
      expect(await ids({ s_call_type: 'answered' })).toEqual(['c-180', 'c-60']);
      expect(await ids({ s_call_type: 'no answer' })).toEqual(['c-na']);
      expect(await ids({ s_destination: '44' })).toEqual([]);
      expect(await ids({ s_uniqueid: 'c-60' })).toEqual(['c-60']);
      expect(await ids({ period_start: String(now + 3600), period_end: String(now + 7200) })).toEqual([]);
    });

    it('a reseller sees self_cost and no provider or prefix; its users by s_reseller; not another reseller\'s user', async () => {
      const page = (await t.call('user_calls_get', { ...day, s_user: String(w.userId) }, asReseller)).xml.page;
      const first = [page.calls_stat.calls.call].flat()[0];
      expect(first).toMatchObject({ self_cost_price: '0.150000', user_price: '0.240000', profit: '0.090000' });
      expect(first).not.toHaveProperty('provider_price');
      expect(first).not.toHaveProperty('prefix');
      expect(page.calls_stat).not.toHaveProperty('show_provider');
      expect((await t.call('user_calls_get', { ...day, s_reseller: String(w.resellerId) }, asReseller)).xml.page.total_calls).toBe('3');
      expect(errorOf((await t.call('user_calls_get', { ...day, s_user: String(other.userId) }, asReseller)).xml)).toBe('User was not found');
      expect(errorOf((await t.call('user_calls_get', { ...day, s_user: '99999' }, asReseller)).xml)).toBe('User was not found');
    });

    it('a user sees its own price only, and nobody else\'s calls', async () => {
      const first = [(await t.call('user_calls_get', { ...day, s_user: String(w.userId) }, asUser)).xml.page.calls_stat.calls.call].flat()[0];
      expect(first.user_price).toBe('0.240000');
      expect(first).not.toHaveProperty('reseller_price');
      expect(first).not.toHaveProperty('self_cost_price');
      expect(errorOf((await t.call('user_calls_get', { ...day, s_user: String(w.resellerId) }, asUser)).xml)).toBe('User was not found');
      expect(errorOf((await t.call('user_calls', { ...day }, asUser)).xml)).toBe('User was not found');
    });
  });

  describe('active_calls_get and local_calls_get', () => {
    it('the call in progress, its owner chain sees it, others do not; MOR texts for bad filters', async () => {
      const live = (await t.call('active_calls_get', {})).xml.page.active_call;
      expect(live).toMatchObject({ uniqueid: 'live-1', status: 'Ringing', user_id: String(w.userId), localized_dst: '3706999', provider_name: 'w-P1' });
      expect((await t.call('active_calls_get', { s_status: 'answered' })).xml.page).toBe('');
      expect((await t.call('active_calls_get', { s_status: 'Ringing' })).xml.page.active_call.uniqueid).toBe('live-1');
      expect((await t.call('active_calls_get', {}, asReseller)).xml.page.active_call.uniqueid).toBe('live-1');
      expect((await t.call('active_calls_get', {}, { u: 'o-res' })).xml).toBeTruthy();
      expect(errorOf((await t.call('active_calls_get', { s_status: 'talking' })).xml)).toBe('Status value must be Ringing or Answered');
      expect(errorOf((await t.call('active_calls_get', { s_server: '7' })).xml)).toBe('Server was not found');
    });

    it('local_calls_get: a user\'s device-to-device calls (none here); another owner\'s user is not found', async () => {
      expect((await t.call('local_calls_get', { s_user: String(w.userId) })).xml.page.local_calls).toBe('');
      expect(errorOf((await t.call('local_calls_get', { s_user: String(other.userId) }, asReseller)).xml)).toBe('User was not found');
    });
  });

  describe('balances', () => {
    it('user_balance_get: Feature disabled until "Balance via API"; then the balance, converted; ownership', async () => {
      expect(errorOf((await t.call('user_balance_get', { username: 'w-user' })).xml)).toBe('Feature disabled');
      await t.settings.set('balance_via_api', '1');
      expect((await t.call('user_balance_get', { username: 'w-user' })).xml.page.balance).toBe('999.6800');
      if ((await t.db.query("SELECT id FROM currencies WHERE name = 'EUR'")).length === 0) await t.db.query("INSERT INTO currencies (name) VALUES ('EUR')");
      await t.db.query("UPDATE currencies SET exchange_rate = '0.5' WHERE name = 'EUR'");
      expect((await t.call('balance', { username: 'w-user', currency: 'EUR' })).xml.page.balance).toBe('499.8400');
      await t.db.query("UPDATE users SET currency_id = (SELECT id FROM currencies WHERE name = 'EUR') WHERE id = ?", [w.userId]);
      expect((await t.call('user_balance_get', { username: 'w-user', user_currency: '1' })).xml.page).toEqual({ balance: '499.8400', currency: 'EUR' });
      expect((await t.call('user_balance_get', { username: 'w-user' }, asReseller)).xml.page.balance).toBe('999.6800');
      expect(errorOf((await t.call('user_balance_get', { username: 'o-user' }, asReseller)).xml)).toBe('User was not found');
      expect(errorOf((await t.call('user_balance_get', { username: 'nobody' })).xml)).toBe('User was not found');
      expect(errorOf((await t.call('user_balance_get', { username: 'w-user' }, { key: 'wrong' })).xml)).toBe('Incorrect hash');
    });

    it('user_balance_update: a delta through the ledger, doubled <page>; only the direct owner; bad values write nothing', async () => {
      const r = (await t.call('user_balance_update', { user_id: String(w.userId), balance: '10.5' }, asReseller)).xml.page.page;
      expect(r).toEqual({ status: 'User balance updated', user: { username: 'w-user', id: String(w.userId), balance: '1010.1800' } });
      expect((await t.call('user_balance_change', { user_id: String(w.userId), balance: '-0.2' }, asReseller)).xml.page.page.user.balance).toBe('1009.9800');
      for (const bad of ['abc', '1e5', '', '99999999999999999', '1,5']) {
        expect(errorOf((await t.call('user_balance_update', { user_id: String(w.userId), balance: bad }, asReseller)).xml)).toBe('User balance not updeted');
      }
      // The admin does not own the reseller's user directly (MOR X8: owner_id = caller).
      expect(errorOf((await t.call('user_balance_update', { user_id: String(w.userId), balance: '1' })).xml)).toBe('User was not found');
      expect(errorOf((await t.call('user_balance_update', { user_id: String(other.userId), balance: '1' }, asReseller)).xml)).toBe('User was not found');
      expect(errorOf((await t.call('user_balance_update', { user_id: '-1', balance: '1' }, asReseller)).xml)).toBe('User was not found');
      expect(await balanceOf(t, 'users', w.userId)).toMatch(/^1009\.98/);
      expect((await t.call('user_balance_update', { user_id: String(w.resellerId), balance: '5' })).xml.page.page.user.balance).toBe('1004.8000');
      expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
    });

    it('device checks: by device username (bare text), by password, by uniquehash; Feature disabled without the setting', async () => {
      const path = (m: string, arg: string, verb: 'GET' | 'POST' = 'POST') => t.app.inject({ method: verb, url: `/billing/api/${m}/${encodeURIComponent(arg)}` });
      expect((await path('user_balance_get_by_username', w.deviceName)).body).toBe('Feature disabled');
      await t.settings.set('allow_devices_check_balance', '1');
      const byName = await path('user_balance_get_by_username', w.deviceName);
      expect([byName.body, byName.headers['content-type']]).toEqual(['1009.9800', 'text/plain; charset=utf-8']);
      expect((await path('user_balance_get_by_username', 'no-such-device')).body).toBe('User was not found');
      expect((await t.send('user_balance_get_by_psw/fixture-secret-1', {})).xml.page.balance).toMatch(/^\d+\.\d{4}$/);
      expect(errorOf((await t.send('user_balance_get_by_psw/nope', {})).xml)).toBe('User was not found');
      expect((await path('simple_balance', 'uhw-user', 'GET')).body).toBe('1009.9800');
      expect((await t.app.inject({ method: 'GET', url: '/billing/api/user_simple_balance_get?id=uhw-user&currency=EUR' })).body).toBe('504.9900');
      expect((await path('simple_balance', 'nope', 'GET')).body).toBe('User was not found');
      // A path segment on a method that is not path-style is an unknown method.
      expect(errorOf((await t.send('user_balance_get/x', {})).xml)).toBe('Unknown API method');
    });
  });

  describe('statistics', () => {
    it('aggregate_get: groups and totals; reseller sees its users only; unknown filters answer MOR texts', async () => {
      const page = (await t.call('aggregate_get', { from: day.period_start, till: day.period_end, group_by_user: '1' })).xml.page;
      const rows = [page.aggregates.aggregate].flat();
      expect(rows.find((a: Record<string, string>) => a.originator_id === String(w.userId))).toMatchObject({ total_calls: '3', answered_calls: '2', asr: '66.67', acd: '120', billsec: '240', originator_price: '0.2000', terminator_price: '0.0800' });
      expect(page.totals).toMatchObject({ total_calls: '4', answered_calls: '3', billsec: '270' });
      const mine = (await t.call('aggregate_get', { from: day.period_start, till: day.period_end }, asReseller)).xml.page;
      expect(mine.totals).toMatchObject({ total_calls: '3', originator_price: '0.3200', terminator_price: '0.2000', profit: '0.1200' });
      expect(errorOf((await t.call('aggregate_get', { s_originator_id: String(other.userId) }, asReseller)).xml)).toBe('User was not found');
      expect(errorOf((await t.call('aggregate_get', { s_provider: '9999' })).xml)).toBe('Provider was not found');
      expect(errorOf((await t.call('aggregate_get', { s_device: 'x' })).xml)).toBe('Device was not found');
      expect(errorOf((await t.call('aggregate_get', {}, asUser)).xml)).toBe('You are not authorized to use this functionality');
    });

    it('quickstats_get: today as each role sees it (admin hash is the key alone)', async () => {
      const admin = (await t.call('quickstats_get', {}, { hashOrder: [] })).xml.page.quickstats;
      expect(admin.today).toMatchObject({ calls: '4', duration: '270', revenue: '0.2250', self_cost: '0.0900', profit: '0.1350', margin: '60.00' });
      expect(admin.active_calls).toEqual({ total: '1', answered_calls: '0' });
      const res = (await t.call('quickstats_get', {}, asReseller)).xml.page.quickstats;
      expect(res.today).toMatchObject({ calls: '3', revenue: '0.3200', self_cost: '0.2000' });
      expect((await t.call('quickstats_get', {}, asUser)).xml.page.quickstats.today).toMatchObject({ calls: '3', revenue: '0.3200', self_cost: '0.0000' });
    });

    it('main_page and new_calls_list (page-style)', async () => {
      const main = (await t.call('main_page', {}, asUser)).xml.page;
      expect(main).toMatchObject({ pagename: 'Main page', username: 'w-user', stats: { missed_calls: { missed_today: '1', missed_total: '1' }, finances: { account: 'Prepaid', credit: '0.0000' } } });
      expect(main.stats.call_history.calls.map((c: Record<string, string>) => [c.period, c.call_counts, c.call_duration])).toEqual([['Month', '3', '240'], ['Day', '3', '240']]);
      expect(main.stats.call_history.calls[0]).not.toHaveProperty('call_profit');
      const list = (await t.call('new_calls_list', {}, asUser)).xml.page;
      expect(list.calls_stat.total_calls).toBe('3');
      expect([list.calls_stat.calls.call].flat()[0]).toHaveProperty('called_to', '3706123');
    });
  });
});

describe('local_calls_get with a device-to-device call', () => {
  it('a call from one device to a DID ringing another device is a local call of the caller', async () => {
    const t = await TestApp.start();
    try {
      const w = await createCallWorld(t, 'lc');
      const callee = await createCallWorld(t, 'lc2');
      await t.db.query("INSERT INTO dids (did, status, user_id, device_id) VALUES ('37052000009', 'active', ?, ?)", [callee.userId, callee.deviceId]);
      await t.call('call_authorize', { uniqueid: 'local-1', device_id: String(w.deviceId), src: '101', dst: '37052000009' });
      expect((await t.call('call_end', { uniqueid: 'local-1', billsec: '42' })).xml.page.status).toBe('ok');
      const local = (await t.call('local_calls_get', { s_user: String(w.userId) })).xml.page.local_calls.call;
      expect(local).toMatchObject({ originator_device: w.deviceName, originator_caller_id: '101', terminator_user: 'lc2-user', terminator_device: callee.deviceName, calldate: { timezone: 'GMT +0000' } });
      expect((await t.call('local_calls_get', { s_user: String(callee.userId) })).xml.page.local_calls).toBe('');
    } finally {
      await t.close();
    }
  });
});
