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
