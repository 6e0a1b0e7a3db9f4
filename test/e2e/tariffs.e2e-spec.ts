import { RateLookupService } from '../../src/families/tariffs/rate-lookup.service';
import { TestApp } from '../support/test-app';

describe('Tariffs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });

  async function wholesaleTariff(name: string, ownerId: number, rates: [string, string, string?, number?, number?][]): Promise<number> {
    const tariff = await t.db.getRepository('Tariff').save({ name, purpose: 'provider', owner_id: ownerId, currency: 'USD' });
    for (const [prefix, rate, fee = '0', inc = 1, min = 0] of rates) {
      const r = await t.db.getRepository('Rate').save({ tariff_id: tariff.id, prefix });
      await t.db.getRepository('RateDetailRow').save({ rate_id: r.id, rate, connection_fee: fee, increment_s: inc, min_time: min });
    }
    return tariff.id;
  }

  describe('RateLookupService', () => {
    it('finds the longest prefix and prices a call (§B.2, §B.3)', async () => {
      const id = await wholesaleTariff('lookup', 0, [['370', '0.10'], ['3706', '0.20'], ['370685', '0.12', '0.05', 30, 60]]);
      const lookup = t.app.get(RateLookupService);
      expect((await lookup.wholesaleRate(id, '37052012345'))?.prefix).toBe('370');
      expect((await lookup.wholesaleRate(id, '+370 685 47771'))?.prefix).toBe('370685');
      expect(await lookup.wholesaleRate(id, '4412345')).toBeNull();
      const priced = await lookup.priceCall(id, '37068547771', new Date('2026-11-27T10:00:00Z'), 75);
      expect(priced?.price.toFixed(6)).toBe('0.230000');
      expect(priced?.billedSeconds).toBe(90);
    });

    it('seeds countries and USD', async () => {
      const [lt] = await t.db.query("SELECT name, prefix FROM destinations WHERE direction_code = 'LT'");
      expect(lt).toEqual({ name: 'Lithuania', prefix: '370' });
      const [usd] = await t.db.query("SELECT exchange_rate, active FROM currencies WHERE name = 'USD'");
      expect(Number(usd.active)).toBe(1);
    });
  });
});
