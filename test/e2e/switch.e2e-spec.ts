import { auditBalances } from '../../src/ledger/ledger';
import { CallWorld, balanceOf, createCallWorld, createDirectUser } from '../support/call-fixtures';
import { ON_MYSQL, TestApp, errorOf, freshDatabase } from '../support/test-app';
import { Decimal } from '../../src/billing/money';

jest.setTimeout(180_000);

/** The switch API (ours): call_authorize, call_start, call_end over the signed pipeline. */
describe('Switch API', () => {
  let t: TestApp;
  let w: CallWorld;
  let seq = 0;
  const uid = () => `e2e-${process.pid}-${++seq}`;
  const authorize = (params: Record<string, string>) => t.call('call_authorize', params);
  const count = async (table: string) => Number((await t.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const sumOf = async (column: string, where = '1 = 1') =>
    (await t.db.query(`SELECT ${column} AS v FROM calls WHERE ${where}`)).reduce((s: Decimal, r: { v: string }) => s.plus(r.v), new Decimal(0));

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createCallWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a call from authorization to CDR: route list, maximum duration, 03 S1 prices, balances through the ledger', async () => {
    const u = uid();
    const a = (await authorize({ uniqueid: u, device_id: String(w.deviceId), src: '37060000001', dst: '37069912345' })).xml.page.call;
    expect(a).toMatchObject({ status: 'allowed', hangupcause: '0', user_id: String(w.userId), localized_dst: '37069912345', max_duration: '10800' });
    expect(a.routes.route).toMatchObject({ priority: '1', provider_id: String(w.providerId), number: '37069912345', tech: 'SIP', host: '10.0.0.1', port: '5060', rate: '0.020000' });
    // The hold: what 3 hours at the user's 0.08/min and the reseller's 0.05/min cost.
    const [held] = await t.db.query('SELECT hold_amount, reseller_hold_amount, status FROM activecalls WHERE uniqueid = ?', [u]);
    expect([new Decimal(held.hold_amount).toFixed(2), new Decimal(held.reseller_hold_amount).toFixed(2), held.status]).toEqual(['14.40', '9.00', 'authorized']);
    expect((await t.call('call_start', { uniqueid: u })).xml.page.call.status).toBe('answered');
    const end = (await t.call('call_end', { uniqueid: u, billsec: '180', duration: '190', disposition: 'ANSWERED', hangupcause: '16' })).xml.page;
    expect(end.status).toBe('ok');
    expect(end.call).toMatchObject({ uniqueid: u, billsec: '180', duration: '190', user_price: '0.240000', reseller_price: '0.150000', provider_price: '0.060000' });
    expect(await balanceOf(t, 'users', w.userId)).toMatch(/^999\.76/);
    expect(await balanceOf(t, 'users', w.resellerId)).toMatch(/^999\.85/);
    expect(await balanceOf(t, 'providers', w.providerId)).toMatch(/^-0\.06/);
    expect(await count('activecalls')).toBe(0);
    // A retry answers as the first time and charges nothing more.
    const again = (await t.call('call_end', { uniqueid: u, billsec: '999', duration: '999' })).xml.page;
    expect(again).toEqual(end);
    expect(await balanceOf(t, 'users', w.userId)).toMatch(/^999\.76/);
  });

  it('64 parallel call_end, each sent three times at once: balances move by exactly the CDR sums', async () => {
    const before = { user: new Decimal(await balanceOf(t, 'users', w.userId)), res: new Decimal(await balanceOf(t, 'users', w.resellerId)), prov: new Decimal(await balanceOf(t, 'providers', w.providerId)) };
    const ids = Array.from({ length: 64 }, uid);
    for (const u of ids) expect((await authorize({ uniqueid: u, device_id: String(w.deviceId), dst: '3706123' })).xml.page.call.status).toBe('allowed');
    const replies = await Promise.all(ids.flatMap((u, i) => [0, 1, 2].map(() => t.call('call_end', { uniqueid: u, billsec: String(1 + i * 7), duration: String(2 + i * 7) }))));
    expect(replies.every((r) => r.status === 200 && r.xml.page.status === 'ok')).toBe(true);
    // The three answers of one call are identical.
    for (let i = 0; i < 64; i++) expect(new Set(replies.slice(i * 3, i * 3 + 3).map((r) => r.body)).size).toBe(1);
    const where = `uniqueid IN (${ids.map((u) => `'${u}'`).join(', ')})`;
    expect(Number((await t.db.query(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`))[0].n)).toBe(64);
    const [userSum, resSum, provSum] = [await sumOf('user_price', where), await sumOf('reseller_price', where), await sumOf('provider_price', where)];
    expect(userSum.greaterThan(0)).toBe(true);
    expect(new Decimal(await balanceOf(t, 'users', w.userId)).equals(before.user.minus(userSum))).toBe(true);
    expect(new Decimal(await balanceOf(t, 'users', w.resellerId)).equals(before.res.minus(resSum))).toBe(true);
    expect(new Decimal(await balanceOf(t, 'providers', w.providerId)).equals(before.prov.minus(provSum))).toBe(true);
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
    expect(await count('activecalls')).toBe(0);
  });

  it('two parallel authorizations of a prepaid user with money for one call: never an overdraft', async () => {
    // A user of the admin on the 0.05/min tariff: 0.10 buys 120 s.
    const { device } = await createDirectUser(t, w, 'poor', { balance: '0.10' } as never);
    const both = await Promise.all([uid(), uid()].map((u) => authorize({ uniqueid: u, device_id: String(device.id), dst: '3706555' })));
    const calls = both.map((r) => r.xml.page.call);
    const allowed = calls.filter((c) => c.status === 'allowed');
    const refusedCalls = calls.filter((c) => c.status === 'refused');
    expect(allowed.map((c) => c.max_duration)).toEqual(['120']);
    expect(refusedCalls.map((c) => [c.hangupcause, c.isdn_cause, c.sip_code])).toEqual([['210', '34', '503']]);
    const [held] = await t.db.query('SELECT hold_amount FROM activecalls WHERE src_device_id = ?', [device.id]);
    expect(new Decimal(held.hold_amount).lessThanOrEqualTo('0.10')).toBe(true);
    await t.call('call_end', { uniqueid: allowed[0].uniqueid, billsec: '120' });
    expect(await balanceOf(t, 'users', device.user_id)).toMatch(/^0\.000000|^0$/);
  });

  it.each([
    ['blocked user → 201', { blocked: 1 }, '201'],
    ['no tariff → 203', { tariff_id: null }, '203'],
    ['empty balance → 211', { balance: '0' }, '211'],
  ])('%s', async (_name, extra, cause) => {
    const { device } = await createDirectUser(t, w, `u${seq}x${cause}`, { balance: '5', ...extra } as never);
    const active = await count('activecalls');
    const c = (await authorize({ uniqueid: uid(), device_id: String(device.id), dst: '3706555' })).xml.page.call;
    expect([c.status, c.hangupcause]).toEqual(['refused', cause]);
    expect(await count('activecalls')).toBe(active);
  });

  it('no rate for the destination → 203; a user and device call limit → 220 / 221 at authorization and answer', async () => {
    expect((await authorize({ uniqueid: uid(), device_id: String(w.deviceId), dst: '4412345' })).xml.page.call.hangupcause).toBe('203');
    const { user, device } = await createDirectUser(t, w, 'limited', { balance: '5', call_limit: 1 } as never);
    const first = uid();
    expect((await authorize({ uniqueid: first, device_id: String(device.id), dst: '3706555' })).xml.page.call.status).toBe('allowed');
    expect((await authorize({ uniqueid: uid(), device_id: String(device.id), dst: '3706555' })).xml.page.call.hangupcause).toBe('220');
    await t.call('call_end', { uniqueid: first, billsec: '0' });
    await t.db.query('UPDATE users SET call_limit = 0 WHERE id = ?', [user.id]);
    await t.db.query('UPDATE devices SET call_limit = 1 WHERE id = ?', [device.id]);
    const [a, b] = [uid(), uid()];
    for (const u of [a, b]) expect((await authorize({ uniqueid: u, device_id: String(device.id), dst: '3706555' })).xml.page.call.hangupcause).toBe(u === a ? '0' : '221');
    expect((await t.call('call_start', { uniqueid: a })).xml.page.call.status).toBe('answered');
    await t.call('call_end', { uniqueid: a, billsec: '1' });
  });

  it('at answer, answered calls count against a limit lowered while they rang (221); a call authorized with no limit answers in one statement', async () => {
    const { device } = await createDirectUser(t, w, 'answerlimit', { balance: '100' } as never);
    const [free, a, b] = [uid(), uid(), uid()];
    expect((await authorize({ uniqueid: free, device_id: String(device.id), dst: '3706555' })).xml.page.call.status).toBe('allowed');
    await t.db.query('UPDATE devices SET call_limit = 3 WHERE id = ?', [device.id]);
    for (const u of [a, b]) expect((await authorize({ uniqueid: u, device_id: String(device.id), dst: '3706555' })).xml.page.call.status).toBe('allowed');
    const limited = async (u: string) => Number((await t.db.query('SELECT answer_limited FROM activecalls WHERE uniqueid = ?', [u]))[0].answer_limited);
    expect([await limited(free), await limited(a), await limited(b)]).toEqual([0, 1, 1]);
    await t.db.query('UPDATE devices SET call_limit = 1 WHERE id = ?', [device.id]);
    // Authorized before any limit was set: answered (the limit applies to calls authorized after it).
    expect((await t.call('call_start', { uniqueid: free })).xml.page.call).toMatchObject({ status: 'answered', hangupcause: '0' });
    expect((await t.call('call_start', { uniqueid: a })).xml.page.call).toMatchObject({ status: 'refused', hangupcause: '221' });
    expect(await count(`activecalls WHERE uniqueid = '${a}'`)).toBe(0);
    await t.call('call_end', { uniqueid: free, billsec: '5' });
    expect((await t.call('call_start', { uniqueid: b })).xml.page.call).toMatchObject({ status: 'answered', hangupcause: '0' });
    // A repeated answer answers alike and changes nothing.
    const [before] = await t.db.query('SELECT answer_time FROM activecalls WHERE uniqueid = ?', [b]);
    expect((await t.call('call_start', { uniqueid: b })).xml.page.call.status).toBe('answered');
    expect((await t.db.query('SELECT answer_time FROM activecalls WHERE uniqueid = ?', [b]))[0]).toEqual(before);
    await t.call('call_end', { uniqueid: b, billsec: '5' });
    expect((await t.call('call_start', { uniqueid: b })).xml.page).toMatchObject({ error: 'Call was not found' });
  });

  it('reseller without money → 216; a reseller user selling below cost → 218', async () => {
    await t.db.query('UPDATE users SET balance = ? WHERE id = ?', ['0', w.resellerId]);
    expect((await authorize({ uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555' })).xml.page.call.hangupcause).toBe('216');
    await t.db.query('UPDATE users SET balance = ? WHERE id = ?', ['1000', w.resellerId]);
    await t.db.query('UPDATE ratedetails SET rate = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ?)', ['0.04', w.userTariffId]);
    expect((await authorize({ uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555' })).xml.page.call.hangupcause).toBe('218');
    await t.db.query('UPDATE ratedetails SET rate = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ?)', ['0.08', w.userTariffId]);
  });

  it('an incoming call to a DID rings its device; the DID user pays the incoming rate on the DID leg', async () => {
    const { user, device } = await createDirectUser(t, w, 'didowner', { balance: '10' } as never);
    await t.db.query("INSERT INTO dids (did, status, provider_id, user_id, device_id, call_limit) VALUES ('37052000001', 'active', ?, ?, ?, 1)", [w.providerId, user.id, device.id]);
    const didId = Number((await t.db.query("SELECT id FROM dids WHERE did = '37052000001'"))[0].id);
    await t.db.query("INSERT INTO did_rates (did_id, rate_type, rate, connection_fee) VALUES (?, 'incoming', '0.60', '0'), (?, 'provider', '0.30', '0')", [didId, didId]);
    const u = uid();
    const a = (await authorize({ uniqueid: u, source_ip: '10.0.0.1', dst: '37052000001' })).xml.page.call;
    expect(a).toMatchObject({ status: 'allowed', did: { id: String(didId), device_id: String(device.id) }, routes: '' });
    expect((await authorize({ uniqueid: uid(), source_ip: '10.0.0.1', dst: '37052000001' })).xml.page.call.hangupcause).toBe('219');
    const end = (await t.call('call_end', { uniqueid: u, billsec: '60', duration: '74' })).xml.page.call;
    expect(end).toMatchObject({ did_inc_price: '0.740000', did_prov_price: '0.370000', user_price: '0.000000' });
    expect(await balanceOf(t, 'users', user.id)).toMatch(/^9\.26/);
  });

  it.each([
    ['no uniqueid', { device_id: '1', dst: '370' }, 'Uniqueid is missing'],
    ['uniqueid too long', { uniqueid: 'x'.repeat(65), device_id: '1', dst: '370' }, 'Uniqueid is invalid'],
    ['no caller', { uniqueid: 'b1', dst: '370' }, 'Device or source IP is missing'],
    ['unknown device', { uniqueid: 'b2', device_id: '999999', dst: '370' }, 'Device was not found'],
    ['negative device id', { uniqueid: 'b3', device_id: '-1', dst: '370' }, 'Device was not found'],
    ['huge device id', { uniqueid: 'b4', device_id: '99999999999999999999', dst: '370' }, 'Device was not found'],
    ['bad destination', { uniqueid: 'b5', device_id: '1', dst: '37<0' }, 'Destination is invalid'],
    ['non-ASCII uniqueid', { uniqueid: 'ąčę', device_id: '1', dst: '370' }, 'Uniqueid is invalid'],
  ])('call_authorize bad input: %s', async (_n, params, text) => {
    const [calls, active] = [await count('calls'), await count('activecalls')];
    const r = await authorize(params as Record<string, string>);
    expect([r.status, errorOf(r.xml)]).toEqual([200, text]);
    expect([await count('calls'), await count('activecalls')]).toEqual([calls, active]);
  });

  it('duplicate uniqueids, unknown calls, negative and huge durations: errors, nothing written', async () => {
    const u = uid();
    await authorize({ uniqueid: u, device_id: String(w.deviceId), dst: '3706555' });
    expect(errorOf((await authorize({ uniqueid: u, device_id: String(w.deviceId), dst: '3706555' })).xml)).toBe('Call with this uniqueid already exists');
    const [calls, balance] = [await count('calls'), await balanceOf(t, 'users', w.userId)];
    for (const [params, text] of [
      [{ uniqueid: u, billsec: '-5' }, 'Billsec is invalid'],
      [{ uniqueid: u, billsec: '99999999999' }, 'Billsec is invalid'],
      [{ uniqueid: u, billsec: '1.5' }, 'Billsec is invalid'],
      [{ uniqueid: u, billsec: '10', duration: '5' }, 'Duration must not be shorter than billsec'],
      [{ uniqueid: u, billsec: '10', disposition: 'MAYBE' }, 'Disposition is invalid'],
      [{ uniqueid: u, billsec: '10', provider_id: '99999' }, 'Provider was not found'],
      [{ uniqueid: 'never-authorized', billsec: '10' }, 'Call was not found'],
    ] as const) {
      expect(errorOf((await t.call('call_end', params)).xml)).toBe(text);
    }
    expect(errorOf((await t.call('call_start', { uniqueid: 'never-authorized' })).xml)).toBe('Call was not found');
    expect([await count('calls'), await balanceOf(t, 'users', w.userId)]).toEqual([calls, balance]);
    expect(errorOf((await t.call('call_end', { uniqueid: u, billsec: '10' }, { key: 'not-the-key' })).xml)).toBe('Incorrect hash');
    await t.call('call_end', { uniqueid: u, billsec: '0' });
  });

  it('rates, providers, LCR links and DIDs this process changes are used by the very next call (cached reference data is cleared)', async () => {
    const call = async (dst = '37069900001') => {
      const u = uid();
      const c = (await authorize({ uniqueid: u, device_id: String(w.deviceId), dst })).xml.page.call;
      if (c.status === 'allowed') await t.call('call_end', { uniqueid: u, billsec: '0' });
      return c;
    };
    const providerRates = 'rate_id IN (SELECT id FROM rates WHERE tariff_id = (SELECT tariff_id FROM providers WHERE id = ?))';
    expect((await call()).routes.route).toMatchObject({ rate: '0.020000', port: '5060' });
    await t.db.query(`UPDATE ratedetails SET rate = '0.030000' WHERE ${providerRates}`, [w.providerId]);
    await t.db.query('UPDATE providers SET port = 5070 WHERE id = ?', [w.providerId]);
    expect((await call()).routes.route).toMatchObject({ rate: '0.030000', port: '5070' });
    await t.db.query('UPDATE lcr_providers SET active = 0 WHERE lcr_id = ?', [w.lcrId]);
    expect((await call()).hangupcause).toBe('204');
    await t.db.query('UPDATE lcr_providers SET active = 1 WHERE lcr_id = ?', [w.lcrId]);
    // A DID on the number makes it an incoming call to the DID's device.
    await t.db.query("INSERT INTO dids (did, status, device_id, user_id) VALUES ('37069900002', 'active', ?, ?)", [w.deviceId, w.userId]);
    expect((await call('37069900002')).did).toMatchObject({ device_id: String(w.deviceId) });
    await t.db.query("DELETE FROM dids WHERE did = '37069900002'");
    expect((await call('37069900002')).routes.route).toMatchObject({ rate: '0.030000' });
    await t.db.query(`UPDATE ratedetails SET rate = '0.020000' WHERE ${providerRates}`, [w.providerId]);
    await t.db.query('UPDATE providers SET port = 5060 WHERE id = ?', [w.providerId]);
    expect((await call()).routes.route).toMatchObject({ rate: '0.020000', port: '5060' });
  });
});

describe('Switch API across a restart', () => {
  it('a restart in the middle of a stream of call_end loses no acknowledged call and charges none twice', async () => {
    const { url, drop } = await freshDatabase();
    let t = await TestApp.startOn(url, async () => undefined);
    const w = await createCallWorld(t, 'rs');
    const ids = Array.from({ length: 40 }, (_, i) => `rs-${process.pid}-${i}`);
    for (const u of ids) await t.call('call_authorize', { uniqueid: u, device_id: String(w.deviceId), dst: '3706123' });
    const acknowledged = new Set<string>();
    const send = (app: TestApp, u: string, i: number) =>
      app.call('call_end', { uniqueid: u, billsec: String(10 + i), duration: String(10 + i) }).then((r) => {
        if (process.env.DEBUG_CALLS) console.log(u, r.body);
        if (r.xml?.page?.status === 'ok') acknowledged.add(u);
      }, () => undefined);
    // Half the stream is in flight when the server (and its pool: on MariaDB the app's connections) goes away.
    const inFlight = ids.slice(0, 20).map((u, i) => send(t, u, i));
    await Promise.all(inFlight.slice(0, 10));
    await t.app.close();
    await Promise.all(inFlight);
    const sentBeforeRestart = new Set(acknowledged);
    t = await TestApp.startOn(url, drop);
    try {
      // The switch retries everything it has no answer for, and (to prove idempotency) everything else too.
      for (const [i, u] of ids.entries()) await send(t, u, i);
      expect(acknowledged.size).toBe(ids.length);
      const rows = await t.db.query(`SELECT uniqueid, billsec FROM calls WHERE uniqueid LIKE 'rs-%'`);
      expect(rows.length).toBe(ids.length);
      for (const u of sentBeforeRestart) expect(rows.some((r: { uniqueid: string }) => r.uniqueid === u)).toBe(true);
      const sum = rows.reduce((s: Decimal, r: { billsec: number }) => s.plus(new Decimal(Number(r.billsec)).times('0.08').dividedBy(60).toDecimalPlaces(6)), new Decimal(0));
      expect(new Decimal(await balanceOf(t, 'users', w.userId)).equals(new Decimal(1000).minus(sum))).toBe(true);
      expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
      if (ON_MYSQL) expect(sentBeforeRestart.size).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
