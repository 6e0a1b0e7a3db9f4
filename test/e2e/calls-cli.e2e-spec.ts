import { Readable } from 'node:stream';
import { Decimal } from '../../src/billing/money';
import { CallChargerService, type CallFacts } from '../../src/families/calls/call-charger.service';
import { CallRatesService, RateMemo } from '../../src/families/calls/call-rates.service';
import { CdrImportService } from '../../src/families/calls/cdr-import.service';
import { CdrRater } from '../../src/families/calls/cdr-rater';
import { RerateService } from '../../src/families/calls/rerate.service';
import { simulateCalls } from '../../src/families/calls/simulate';
import { auditBalances } from '../../src/ledger/ledger';
import { CallWorld, balanceOf, createCallWorld, createDirectUser, createTariff } from '../support/call-fixtures';
import { ADMIN_KEY, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

/** `calls import`, `calls rerate` and `calls simulate` through their services, checked on the database. */
describe('calls CLI', () => {
  let t: TestApp;
  let w: CallWorld;
  const importText = (text: string) => t.app.get(CdrImportService).import(Readable.from([text]));
  const userPrices = async () => (await t.db.query("SELECT user_price AS v FROM calls WHERE uniqueid LIKE 'imp-%'")).reduce((s: Decimal, r: { v: string }) => s.plus(r.v), new Decimal(0));

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createCallWorld(t);
  });
  afterAll(() => t.close());

  it('import: rated as read, duplicates (stored or repeated) skipped and counted, balances through the ledger', async () => {
    const d = w.deviceId;
    const csv = [
      'calldate,uniqueid,device_id,src,dst,billsec,duration,disposition,hangupcause,provider_id',
      `2026-01-05 10:00:00,imp-1,${d},370600,3706111,180,190,ANSWERED,16,${w.providerId}`,
      `1767607200,imp-2,${d},370600,3706112,60,,,,${w.providerId}`,
      `2026-01-05 10:02:00,imp-3,${d},370600,3706113,0,20,NO ANSWER,19,`,
      `2026-01-05 10:03:00,imp-1,${d},370600,3706111,180,190,ANSWERED,16,${w.providerId}`,
    ].join('\n');
    expect(await importText(csv)).toEqual({ lines: 5, imported: 3, duplicates: 1 });
    const [one] = await t.db.query("SELECT user_price, reseller_price, provider_price, calldate FROM calls WHERE uniqueid = 'imp-1'");
    expect([one.user_price, one.reseller_price, one.provider_price].map((v: string) => new Decimal(v).toFixed(2))).toEqual(['0.24', '0.15', '0.06']);
    expect(await importText(csv)).toEqual({ lines: 5, imported: 0, duplicates: 4 });
    expect(new Decimal(await balanceOf(t, 'users', w.userId)).equals(new Decimal(1000).minus(await userPrices()))).toBe(true);
    expect(new Decimal(await balanceOf(t, 'users', w.userId)).toFixed(2)).toBe('999.68');
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
  });

  it('import rates every CDR as the charger does (lookups and prices remembered across the run)', async () => {
    // A second user on a tariff of nested prefixes and fees, a provider on nested prefixes too.
    const tariffId = await createTariff(t, 'nest-user', 'user_wholesale', 0, [['370', '0.08'], ['3706', '0.1'], ['37061', '0.123457'], ['44', '0.2']]);
    await t.db.query('UPDATE ratedetails SET connection_fee = ?, increment_s = ?, min_time = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ? AND prefix = ?)', ['0.01', 30, 60, tariffId, '37061']);
    const { user } = await createDirectUser(t, w, 'nest-user', { tariff_id: tariffId });
    const providerTariff = await createTariff(t, 'nest-prov', 'provider', 0, [['37', '0.01'], ['3706', '0.02'], ['370612', '0.03']]);
    await t.db.query("INSERT INTO providers (name, tech, tariff_id, ipaddr, port, active) VALUES ('nest-P', 'SIP', ?, '10.0.0.2', 5060, 1)", [providerTariff]);
    const [{ id: providerId }] = await t.db.query("SELECT id FROM providers WHERE name = 'nest-P'");
    const rater = new CdrRater(t.db, t.app.get(CallRatesService));
    const charger = t.app.get(CallChargerService);
    let n = 0;
    for (const userId of [w.userId, user.id]) {
      for (const provider of [w.providerId, Number(providerId), 0]) {
        for (const dst of ['3706111', '37061234', '370612999', '3700', '3712345', '4412345', '1555', '37']) {
          for (const [at, billsec] of [['2026-01-05 10:00:00', 0], ['2026-01-05 23:59:59', 1], ['2026-01-10 12:00:00', 61], ['2026-01-10 12:00:01', 61], ['2026-02-01 00:00:00', 3601]] as const) {
            const facts = (): CallFacts => ({
              uniqueid: `cmp-${n++}`, calldate: new Date(`${at.replace(' ', 'T')}Z`), src: '1', dst, localized: dst, userId, deviceId: 0, providerId: provider,
              didId: 0, didProviderId: 0, dstUserId: 0, dstDeviceId: 0, billsec, duration: billsec + 3, didBillsec: billsec + 3, disposition: 'ANSWERED', hangupcause: 16,
            });
            const { uniqueid: _a, ...fromRater } = await rater.rate(facts());
            const { uniqueid: _b, ...fromCharger } = await charger.rate(facts(), new RateMemo());
            expect([userId, provider, dst, at, billsec, fromRater]).toEqual([userId, provider, dst, at, billsec, fromCharger]);
          }
        }
      }
    }
  });

  it.each([
    [`2026-01-05 10:00:00,bad-1,DEV,1,3706,-5`, "Line 2: bad billsec '-5'"],
    [`2026-13-05 10:00:00,bad-1,DEV,1,3706,5`, "Line 2: bad calldate '2026-13-05 10:00:00'"],
    [`2026-01-05 10:00:00,bad-1,999999,1,3706,5`, 'Line 2: unknown device 999999'],
    [`2026-01-05 10:00:00,bad-1,DEV,1,37<06,5`, "Line 2: bad dst '37<06'"],
    [`2026-01-05 10:00:00,bad-1,DEV,1,3706,5,2`, "Line 2: bad duration '2'"],
    [`2026-01-05 10:00:00,bad-1`, 'Line 2: expected 6 to 10 fields, got 2'],
  ])('import: a bad row names its line and nothing of its batch is written (%s)', async (row, text) => {
    const before = await balanceOf(t, 'users', w.userId);
    await expect(importText(`2026-01-05 10:00:00,ok-before-bad,${w.deviceId},1,3706,5\n${row.replace('DEV', String(w.deviceId))}`)).rejects.toThrow(text);
    expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM calls WHERE uniqueid IN ('bad-1', 'ok-before-bad')"))[0].n)).toBe(0);
    expect(await balanceOf(t, 'users', w.userId)).toBe(before);
  });

  it('rerate: new prices after a tariff change, balances moved by exactly the difference; a second run changes nothing', async () => {
    const before = new Decimal(await balanceOf(t, 'users', w.userId));
    const oldSum = await userPrices();
    await t.db.query('UPDATE ratedetails SET rate = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ?)', ['0.10', w.userTariffId]);
    const r = await t.app.get(RerateService).rerate(new Date('2026-01-05T00:00:00Z'), new Date('2026-01-05T23:59:59Z'), w.userId);
    expect([r.checked, r.changed, r.userDifference.toFixed(6)]).toEqual([3, 2, '0.080000']);
    const newSum = await userPrices();
    expect(newSum.minus(oldSum).toFixed(6)).toBe('0.080000');
    expect(new Decimal(await balanceOf(t, 'users', w.userId)).equals(before.minus('0.08'))).toBe(true);
    const again = await t.app.get(RerateService).rerate(new Date('2026-01-05T00:00:00Z'), new Date('2026-01-05T23:59:59Z'));
    expect([again.checked, again.changed]).toEqual([3, 0]);
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
    await t.db.query('UPDATE ratedetails SET rate = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ?)', ['0.08', w.userTariffId]);
  });

  it('simulate: lifecycles over HTTP against a listening server', async () => {
    await t.app.listen(0, '127.0.0.1');
    const url = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    const r = await simulateCalls({ url, key: ADMIN_KEY, device: String(w.deviceId), dst: '3706999', calls: 20, concurrency: 4, billsec: 60 });
    expect([r.lifecycles, r.failures, r.firstFailure]).toEqual([20, 0, undefined]);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM calls WHERE billsec = 60 AND dst = ?', ['3706999']))[0].n)).toBe(20);
  });
});
