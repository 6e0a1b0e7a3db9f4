import { RateLookupService } from '../../src/families/tariffs/rate-lookup.service';
import { TestApp, errorOf } from '../support/test-app';

/**
 * Tariffs and destinations are held in memory whole (src/database/reference-versions.ts): this
 * process sees its own change at once, another process (a second server on the same database)
 * within the cross-process time of 2 s.
 */
/** The rule's 2 s, plus the polling step and a loaded machine's request time. */
const WITHIN = 3;

describe('Reference data held in memory, changed by this process and by another', () => {
  let a: TestApp;
  let b: TestApp;
  let tariffId: number;
  let rateId: number;

  beforeAll(async () => {
    a = await TestApp.start();
    b = await TestApp.startOn(a.databaseUrl);
    await a.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES ('M', 'provider', 0)");
    tariffId = Number((await a.db.query("SELECT id FROM tariffs WHERE name = 'M'"))[0].id);
    await a.db.query("INSERT INTO rates (tariff_id, prefix) VALUES (?, '3706')", [tariffId]);
    rateId = Number((await a.db.query('SELECT MAX(id) AS id FROM rates'))[0].id);
    await a.db.query("INSERT INTO ratedetails (rate_id, rate) VALUES (?, '0.10')", [rateId]);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const rateIn = async (app: TestApp, number = '37061234567') => {
    const match = await app.app.get(RateLookupService).wholesaleRate(tariffId, number);
    return match ? `${match.prefix}:${Number(match.details[0].ratePerMinute)}` : null;
  };
  /** Polls `probe` until it answers `expected`: the seconds it took (a failure after 5 s). */
  const secondsUntil = async <T>(probe: () => Promise<T>, expected: T) => {
    const start = Date.now();
    for (let answer = await probe(); answer !== expected; answer = await probe()) {
      if (Date.now() - start > 5000) throw new Error(`still ${String(answer)}, expected ${String(expected)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return (Date.now() - start) / 1000;
  };

  it('a changed band, a new longer prefix and a deleted rate: at once here, within 2 s there', async () => {
    expect(await rateIn(a)).toBe('3706:0.1');
    expect(await rateIn(b)).toBe('3706:0.1');

    await a.db.query("UPDATE ratedetails SET rate = '0.20' WHERE rate_id = ?", [rateId]);
    expect(await rateIn(a)).toBe('3706:0.2');
    expect(await secondsUntil(() => rateIn(b), '3706:0.2')).toBeLessThan(WITHIN);

    await a.db.query("INSERT INTO rates (tariff_id, prefix) VALUES (?, '37061')", [tariffId]);
    const longer = Number((await a.db.query('SELECT MAX(id) AS id FROM rates'))[0].id);
    await a.db.query("INSERT INTO ratedetails (rate_id, rate) VALUES (?, '0.30')", [longer]);
    expect(await rateIn(a)).toBe('37061:0.3');
    expect(await secondsUntil(() => rateIn(b), '37061:0.3')).toBeLessThan(WITHIN);

    await a.db.transaction(async (m) => {
      await m.query('DELETE FROM ratedetails WHERE rate_id = ?', [longer]);
      await m.query('DELETE FROM rates WHERE id = ?', [longer]);
    });
    expect(await rateIn(a)).toBe('3706:0.2');
    expect(await secondsUntil(() => rateIn(b), '3706:0.2')).toBeLessThan(WITHIN);
  });

  it('a write rolled back leaves no trace in memory', async () => {
    await a.db.transaction(async (m) => {
      await m.query("UPDATE ratedetails SET rate = '0.90' WHERE rate_id = ?", [rateId]);
      throw new Error('rolled back');
    }).catch(() => undefined);
    expect(await rateIn(a)).toBe('3706:0.2');
  });

  it('a new destination: its name at once here, within 2 s there', async () => {
    const lookupIn = (app: TestApp) => app.app.get(RateLookupService).destinationOf('99912345');
    expect(await lookupIn(b)).toBeNull();
    await a.db.query("INSERT INTO destinations (prefix, direction_code, name) VALUES ('999', '', 'Test land')");
    expect((await lookupIn(a))?.name).toBe('Test land');
    expect(await secondsUntil(async () => (await lookupIn(b))?.name, 'Test land')).toBeLessThan(WITHIN);
    expect((await b.app.get(RateLookupService).destinationOf('999', true))?.name).toBe('Test land');
  });

  it('a blocked account: refused at once here, within 2 s there (accounts are held under the same rule)', async () => {
    const reseller = await a.createReseller('xp_reseller', 'xp-key');
    const ask = (app: TestApp) => app.call('user_details_get', { user_id: String(reseller.id) }, { u: 'xp_reseller', key: 'xp-key' }).then((r) => errorOf(r.xml) ?? 'ok');
    expect(await ask(a)).toBe('ok');
    expect(await ask(b)).toBe('ok');
    await a.db.query('UPDATE users SET blocked = 1 WHERE id = ?', [reseller.id]);
    expect(await ask(a)).toBe('Access Denied');
    expect(await secondsUntil(() => ask(b), 'Access Denied')).toBeLessThan(WITHIN);
  });
});
