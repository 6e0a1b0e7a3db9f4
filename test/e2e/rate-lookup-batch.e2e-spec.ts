import { RateLookupService } from '../../src/families/tariffs/rate-lookup.service';
import { TestApp } from '../support/test-app';

/**
 * RateLookupService.wholesaleRates (one rates query + one ratedetails query for all tariffs) picks,
 * per tariff, exactly what wholesaleRate picks one tariff at a time: several tariffs sharing
 * prefixes, rows of one prefix effective in the past and in the future, null effective_from,
 * duplicate rows (same prefix and effective_from), several time bands per rate.
 */
describe('Batched wholesale rate lookup', () => {
  let t: TestApp;
  let lookup: RateLookupService;
  const tariffs: number[] = [];

  // [prefix, effective_from | null, rates of its bands]
  const data: [string, string | null, string[]][][] = [
    [['3', null, ['0.30']], ['370', null, ['0.10', '0.11']], ['3706', '2025-01-01 00:00:00', ['0.20']], ['3706', '2027-01-01 00:00:00', ['0.02']]],
    [['370', '2026-06-01 00:00:00', ['0.50']], ['370', '2024-06-01 00:00:00', ['0.40']], ['37061', null, ['0.12']], ['37061', '2025-05-05 00:00:00', ['0.13', '0.14']]],
    [['3706', null, ['0.05']], ['3706', null, ['0.06']], ['37062', '2030-01-01 00:00:00', ['0.01']]],
    [['44', null, ['0.07']], ['370612', '2026-01-01 00:00:00', ['0.09']]],
    [['370', '2026-01-05 10:00:00', ['0.33']], ['370', '2026-01-05 09:00:00', ['0.34']]],
    [],
  ];

  beforeAll(async () => {
    t = await TestApp.start();
    lookup = t.app.get(RateLookupService);
    for (const [i, rates] of data.entries()) {
      await t.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES (?, 'provider', 0)", [`B${i}`]);
      const tariffId = Number((await t.db.query('SELECT id FROM tariffs WHERE name = ?', [`B${i}`]))[0].id);
      tariffs.push(tariffId);
      for (const [prefix, from, bands] of rates) {
        await t.db.query('INSERT INTO rates (tariff_id, prefix, effective_from) VALUES (?, ?, ?)', [tariffId, prefix, from]);
        const [{ id }] = await t.db.query('SELECT MAX(id) AS id FROM rates');
        for (const rate of bands) await t.db.query('INSERT INTO ratedetails (rate_id, rate) VALUES (?, ?)', [Number(id), rate]);
      }
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const numbers = ['37061234567', '37062234567', '37051234567', '3706', '4412345', '3', '9999', '', '+370 612 000'];
  const moments = ['2024-01-01T00:00:00Z', '2025-03-01T00:00:00Z', '2026-01-05T09:30:00Z', '2026-01-05T10:00:00Z', '2026-07-01T00:00:00Z', '2031-01-01T00:00:00Z'];

  it('equals per-tariff wholesaleRate for every number and moment', async () => {
    let matched = 0;
    for (const number of numbers) {
      for (const moment of moments) {
        const at = new Date(moment);
        const batch = await lookup.wholesaleRates([...tariffs, tariffs[0], 987654], number, at);
        for (const id of [...tariffs, 987654]) {
          const single = await lookup.wholesaleRate(id, number, at);
          expect([number, moment, id, batch.get(id) ?? null]).toEqual([number, moment, id, single]);
          if (single) matched++;
        }
        expect([...batch.keys()].every((id) => tariffs.includes(id))).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(50);
  });

  it('answers from memory what the query inside a transaction answers', async () => {
    for (const number of numbers) {
      for (const moment of moments) {
        const at = new Date(moment);
        for (const id of [...tariffs, 987654]) {
          const queried = await t.db.transaction((m) => lookup.wholesaleRate(id, number, at, m));
          expect([number, moment, id, await lookup.wholesaleRate(id, number, at)]).toEqual([number, moment, id, queried]);
        }
      }
    }
  });

  it('picks by longest prefix, then latest effective_from in force, then lowest id', async () => {
    const at = new Date('2026-01-05T10:00:00Z');
    const batch = await lookup.wholesaleRates(tariffs, '37061234567', at);
    const rateOf = (i: number) => batch.get(tariffs[i])?.details.map((d) => Number(d.ratePerMinute));
    expect(batch.get(tariffs[0])?.prefix).toBe('3706');
    expect(rateOf(0)).toEqual([0.2]); // the 2027 row is not in force yet
    expect(rateOf(1)).toEqual([0.13, 0.14]); // 37061 of 2025 beats the undated one
    expect(rateOf(2)).toEqual([0.05]); // two identical rows: the first (lowest id)
    expect(batch.get(tariffs[3])?.prefix).toBe('370612');
    expect(rateOf(4)).toEqual([0.33]); // effective exactly at call start
    expect(batch.has(tariffs[5])).toBe(false);
    expect(await lookup.wholesaleRates([], '37061234567', at)).toEqual(new Map());
  });
});

/**
 * Tariffs and destinations are held in memory whole (src/database/reference-versions.ts): this
 * process sees its own change at once, another process (a second server on the same database)
 * within the cross-process time of 2 s.
 */
describe('Rates held in memory, changed by this process and by another', () => {
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
  /** Polls `app` until it answers `expected`; the milliseconds it took. */
  const secondsUntil = async (app: TestApp, expected: string | null, number?: string) => {
    const start = Date.now();
    while ((await rateIn(app, number)) !== expected) {
      if (Date.now() - start > 5000) throw new Error(`still ${await rateIn(app, number)}, expected ${expected}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return (Date.now() - start) / 1000;
  };

  it('a changed band, a new longer prefix and a deleted rate: at once here, within 2 s there', async () => {
    expect(await rateIn(a)).toBe('3706:0.1');
    expect(await rateIn(b)).toBe('3706:0.1');

    await a.db.query("UPDATE ratedetails SET rate = '0.20' WHERE rate_id = ?", [rateId]);
    expect(await rateIn(a)).toBe('3706:0.2');
    expect(await secondsUntil(b, '3706:0.2')).toBeLessThan(2.5);

    await a.db.query("INSERT INTO rates (tariff_id, prefix) VALUES (?, '37061')", [tariffId]);
    const longer = Number((await a.db.query('SELECT MAX(id) AS id FROM rates'))[0].id);
    await a.db.query("INSERT INTO ratedetails (rate_id, rate) VALUES (?, '0.30')", [longer]);
    expect(await rateIn(a)).toBe('37061:0.3');
    expect(await secondsUntil(b, '37061:0.3')).toBeLessThan(2.5);

    await a.db.transaction(async (m) => {
      await m.query('DELETE FROM ratedetails WHERE rate_id = ?', [longer]);
      await m.query('DELETE FROM rates WHERE id = ?', [longer]);
    });
    expect(await rateIn(a)).toBe('3706:0.2');
    expect(await secondsUntil(b, '3706:0.2')).toBeLessThan(2.5);
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
    const start = Date.now();
    while (!(await lookupIn(b))) {
      expect(Date.now() - start).toBeLessThan(2500);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await b.app.get(RateLookupService).destinationOf('999', true))?.name).toBe('Test land');
  });
});
