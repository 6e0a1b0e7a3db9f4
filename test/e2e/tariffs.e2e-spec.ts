import { Readable, Writable } from 'node:stream';
import { Currency } from '../../src/families/tariffs/currency.entity';
import { DestinationGroup } from '../../src/families/tariffs/destination.entity';
import { CustomRate, RateDetailRow, RetailDetailRow } from '../../src/families/tariffs/rate-detail.entity';
import { RateLookupService } from '../../src/families/tariffs/rate-lookup.service';
import { Rate } from '../../src/families/tariffs/rate.entity';
import { TariffCsvService } from '../../src/families/tariffs/tariff-csv.service';
import { CsvImportError } from '../../src/families/tariffs/tariff-csv';
import { Tariff } from '../../src/families/tariffs/tariff.entity';
import { User } from '../../src/families/users/user.entity';
import { TestApp, errorOf } from '../support/test-app';

type RateSpec = [prefix: string, rate: string, fee?: string, increment?: number, minTime?: number];

describe('Tariffs', () => {
  let t: TestApp;
  let reseller: User;
  let otherReseller: User;
  let adminWholesale: number;
  let resellerTariff: number;
  let otherTariff: number;
  let retail: number;

  beforeAll(async () => {
    t = await TestApp.start();
    reseller = await t.createReseller('res1', 'res1-key');
    otherReseller = await t.createReseller('res2', 'res2-key');
    adminWholesale = await wholesaleTariff('Admin wholesale', 0, [['370', '0.10'], ['3706', '0.20'], ['370685', '0.12', '0.05', 30, 60]]);
    resellerTariff = await wholesaleTariff('Reseller wholesale', reseller.id, [['44', '0.03']]);
    otherTariff = await wholesaleTariff('Other wholesale', otherReseller.id, [['49', '0.04']]);
    retail = (await t.db.getRepository(Tariff).save({ name: 'Retail GOLD', purpose: 'user', owner_id: 0, currency: 'USD' })).id;
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    for (const name of ['allow_resellers_admin_tariffs', 'allow_devices_check_rate', 'show_rates_for_users'] as const) await t.settings.set(name, '0');
  });

  async function wholesaleTariff(name: string, ownerId: number, rates: RateSpec[]): Promise<number> {
    const tariff = await t.db.getRepository(Tariff).save({ name, purpose: 'provider', owner_id: ownerId, currency: 'USD' });
    for (const [prefix, rate, fee = '0', inc = 1, min = 0] of rates) {
      const r = await t.db.getRepository(Rate).save({ tariff_id: tariff.id, prefix });
      await t.db.getRepository(RateDetailRow).save({ rate_id: r.id, rate, connection_fee: fee, increment_s: inc, min_time: min });
    }
    return tariff.id;
  }

  const group = (name: string) => t.db.getRepository(DestinationGroup).findOneByOrFail({ name, desttype: 'FIX' });
  const asReseller = { u: 'res1', key: 'res1-key' };

  describe('seed and RateLookupService', () => {
    it('seeds countries with calling codes and USD at rate 1', async () => {
      const [lt] = await t.db.query("SELECT name, prefix FROM destinations WHERE direction_code = 'LT'");
      expect(lt).toEqual({ name: 'Lithuania', prefix: '370' });
      expect(await t.db.getRepository(Currency).findOneByOrFail({ name: 'USD' })).toMatchObject({ exchange_rate: '1.000000', active: 1 });
      expect(await t.db.getRepository(DestinationGroup).count()).toBeGreaterThan(200);
    });

    it('finds the longest prefix and prices a call (§B.2, §B.3)', async () => {
      const lookup = t.app.get(RateLookupService);
      expect((await lookup.wholesaleRate(adminWholesale, '37052012345'))?.prefix).toBe('370');
      expect((await lookup.wholesaleRate(adminWholesale, '+370 685 47771'))?.prefix).toBe('370685');
      expect(await lookup.wholesaleRate(adminWholesale, '4412345')).toBeNull();
      const priced = await lookup.priceCall(adminWholesale, '37068547771', new Date('2026-11-27T10:00:00Z'), 75);
      expect([priced?.price.toFixed(6), priced?.billedSeconds]).toEqual(['0.230000', 90]);
      expect((await lookup.priceCall(adminWholesale, '37068547771', new Date('2026-11-27T10:00:00Z'), 20))?.price.toFixed(2)).toBe('0.17');
    });
  });

  describe('tariffs_get', () => {
    it('admin sees every tariff with its fields', async () => {
      const r = await t.call('tariffs_get', {});
      const list = [r.xml.page.tariffs.tariff].flat();
      expect(list.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['Admin wholesale', 'Reseller wholesale', 'Retail GOLD']));
      expect(list.find((x: { id: string }) => x.id === String(adminWholesale))).toEqual({ id: String(adminWholesale), name: 'Admin wholesale', purpose: 'provider', currency: 'USD', last_update_date: '' });
    });

    it('reseller sees its own, and the admin\'s sell tariffs only when allowed (never its provider tariffs)', async () => {
      const names = async () => [(await t.call('tariffs_get', {}, asReseller)).xml.page.tariffs.tariff].flat().map((x: { name: string }) => x.name);
      expect(await names()).toEqual(['Reseller wholesale']);
      await t.settings.set('allow_resellers_admin_tariffs', '1');
      expect(await names()).toEqual(['Reseller wholesale', 'Retail GOLD']);
    });

    it('No Tariffs found; a simple user is refused', async () => {
      await t.createReseller('res3', 'res3-key');
      expect(errorOf((await t.call('tariffs_get', {}, { u: 'res3', key: 'res3-key' })).xml)).toBe('No Tariffs found');
      await t.createUser({ username: 'plain1' });
      expect(errorOf((await t.call('tariffs_get', {}, { u: 'plain1' })).xml)).toBe('You are not authorized to use this functionality');
    });
  });

  describe('tariff_rates_get', () => {
    it('wholesale layout, one row per prefix with names from destinations', async () => {
      const r = await t.call('tariff_rates_get', { tariff_id: String(adminWholesale) });
      expect(r.xml.page).toMatchObject({ pagename: ' Tariff ', tariff_name: 'Admin wholesale', purpose: 'provider', currency: 'USD' });
      const rows = [r.xml.page.rates.rate].flat();
      expect(rows).toHaveLength(3);
      expect(rows[0]).toEqual({
        direction: 'Lithuania', destination: 'Lithuania', prefix: '370', subcode: 'FIX', code: 'LT', tariff_rate: '0.1', con_fee: '0',
        increment: '1', min_time: '0', start_time: '00:00:00', end_time: '23:59:59', daytype: '', effective_from: '',
      });
      expect(rows[2]).toMatchObject({ prefix: '370685', tariff_rate: '0.12', con_fee: '0.05', increment: '30', min_time: '60', destination: '' });
    });

    it('get_tariff alias, and the 2011 hash order user_id then tariff_id', async () => {
      expect((await t.call('get_tariff', { tariff_id: String(adminWholesale) })).xml.page.tariff_name).toBe('Admin wholesale');
      const r = await t.call('tariff_rates_get', { tariff_id: String(adminWholesale), user_id: '0' }, { hashOrder: ['user_id', 'tariff_id'] });
      expect(errorOf(r.xml)).toBe('No tariff found'); // the admin has no tariff assigned
    });

    it('retail layout with custom rates replacing the tariff\'s for that user', async () => {
      const russia = await group('Russia');
      const spain = await group('Spain');
      for (const [g, price] of [[russia, '0.7'], [spain, '0.8']] as const) {
        const rate = await t.db.getRepository(Rate).save({ tariff_id: retail, destinationgroup_id: g.id, prefix: '' });
        await t.db.getRepository(RetailDetailRow).save({ rate_id: rate.id, price, daytype: 'WD' });
      }
      const userA = await t.createUser({ username: 'gold-a', tariff_id: retail });
      const custom = await t.db.getRepository(CustomRate).save({ user_id: userA.id, destinationgroup_id: russia.id });
      await t.db.getRepository(RetailDetailRow).save({ customrate_id: custom.id, price: '0.5', daytype: 'WD' });

      const plain = await t.call('tariff_rates_get', { tariff_id: String(retail), additional_retail_info: '1' });
      const groups = [plain.xml.page.rates.destination].flat();
      expect(Object.fromEntries(groups.map((g: { destination_group_name: string; rate: { tariff_rate: string } }) => [g.destination_group_name, g.rate.tariff_rate]))).toEqual({ Russia: '0.7', Spain: '0.8' });
      expect(groups[0].rate).toMatchObject({ duration: '-1', type: 'minute', round_by: '1', from: '1', daytype: 'WD', start_time: '00:00:00', end_time: '23:59:59' });
      expect(groups.find((g: { destination_group_name: string }) => g.destination_group_name === 'Russia').destinations).toEqual({ destination_name: 'Russia', prefix: '7' });

      const forA = await t.call('tariff_rates_get', { user_id: String(userA.id) });
      const rates = Object.fromEntries([forA.xml.page.rates.destination].flat().map((g: { destination_group_name: string; rate: { tariff_rate: string } }) => [g.destination_group_name, g.rate.tariff_rate]));
      expect(rates).toEqual({ Russia: '0.5', Spain: '0.8' });
      // A simple user gets its own tariff whatever tariff_id says.
      const own = await t.call('tariff_rates_get', { tariff_id: String(adminWholesale) }, { u: 'gold-a', key: 'test-admin-secret' });
      expect(own.xml.page.tariff_name).toBe('Retail GOLD');
    });

    it('a reseller is denied another owner\'s tariff and the admin\'s unless allowed', async () => {
      expect(errorOf((await t.call('tariff_rates_get', { tariff_id: String(otherTariff) }, asReseller)).xml)).toBe('No tariff found');
      expect(errorOf((await t.call('tariff_rates_get', { tariff_id: String(adminWholesale) }, asReseller)).xml)).toBe('No tariff found');
      expect((await t.call('tariff_rates_get', { tariff_id: String(resellerTariff) }, asReseller)).xml.page.tariff_name).toBe('Reseller wholesale');
      const ws = await t.db.getRepository(User).findOneByOrFail({ username: 'gold-a' });
      expect(errorOf((await t.call('tariff_rates_get', { user_id: String(ws.id) }, asReseller)).xml)).toBe('No tariff found');
      await t.settings.set('allow_resellers_admin_tariffs', '1');
      expect(errorOf((await t.call('tariff_rates_get', { tariff_id: String(adminWholesale) }, asReseller)).xml)).toBe('No tariff found');
      expect((await t.call('tariff_rates_get', { tariff_id: String(retail) }, asReseller)).xml.page.tariff_name).toBe('Retail GOLD');
    });

    it('No tariff found (in <page><error>) for an unknown id, a bad one or a 10 kB one', async () => {
      for (const tariff_id of ['999999', 'abc', '-1', '1.5', '9'.repeat(10240)]) {
        const r = await t.call('tariff_rates_get', { tariff_id });
        expect([r.status, r.xml]).toEqual([200, { page: { error: 'No tariff found' } }]);
      }
      expect((await t.call('tariff_rates_get', { user_id: 'x'.repeat(10240) })).xml).toEqual({ page: { error: 'No tariff found' } });
    });
  });

  describe('rate_get', () => {
    let wholesaleUser: User;
    beforeAll(async () => {
      wholesaleUser = await t.createUser({ username: 'ws-user', tariff_id: adminWholesale });
    });

    it('Feature disabled until devices may check rates', async () => {
      expect(errorOf((await t.call('rate_get', { username: 'ws-user', prefix: '370' })).xml)).toBe('Feature disabled');
    });

    it('exact prefix without by_full_dst; best match with it (§B.2)', async () => {
      await t.settings.set('allow_devices_check_rate', '1');
      expect((await t.call('rate_get', { username: 'ws-user', prefix: '3706' })).xml.page.rate).toBe('0.2##3706');
      expect((await t.call('rate_get', { username: 'ws-user', prefix: '370' })).xml.page.rate).toBe('0.1#Lithuania#370');
      expect(errorOf((await t.call('rate_get', { username: 'ws-user', prefix: '37068547771' })).xml)).toBe('Rate was not found');
      expect((await t.call('rate', { username: 'ws-user', prefix: '37068547771', by_full_dst: '1' })).xml.page.rate).toBe('0.12##370685');
      expect(wholesaleUser.tariff_id).toBe(adminWholesale);
    });

    it('missing, empty or 10 kB username / prefix: MOR errors in <page><error>', async () => {
      await t.settings.set('allow_devices_check_rate', '1');
      const big = '3'.repeat(10240);
      for (const [params, error] of [
        [{ prefix: '370' }, 'User was not found'],
        [{ username: '', prefix: '370' }, 'User was not found'],
        [{ username: 'x'.repeat(10240), prefix: '370' }, 'User was not found'],
        [{ username: 'ws-user' }, 'Rate was not found'],
        [{ username: 'ws-user', prefix: '' }, 'Rate was not found'],
        [{ username: 'ws-user', prefix: big, by_full_dst: '1' }, 'Rate was not found'],
        [{ username: 'ws-user', prefix: 'abc', by_full_dst: '1' }, 'Rate was not found'],
      ] as const) {
        const r = await t.call('rate_get', params);
        expect([r.status, r.xml]).toEqual([200, { page: { error } }]);
      }
    });

    it('custom rates first, then the retail tariff', async () => {
      await t.settings.set('allow_devices_check_rate', '1');
      expect((await t.call('rate_get', { username: 'gold-a', prefix: '7' })).xml.page.rate).toBe('0.5#Russia#7');
      expect((await t.call('rate_get', { username: 'gold-a', prefix: '34911', by_full_dst: '1' })).xml.page.rate).toBe('0.8#Spain#34');
    });

    it('User was not found; a simple user needs "Show rates for users"', async () => {
      await t.settings.set('allow_devices_check_rate', '1');
      expect(errorOf((await t.call('rate_get', { username: 'nobody', prefix: '370' })).xml)).toBe('User was not found');
      expect(errorOf((await t.call('rate_get', { username: 'ws-user', prefix: '370' }, asReseller)).xml)).toBe('User was not found');
      expect(errorOf((await t.call('rate_get', { username: 'ws-user', prefix: '370' }, { u: 'ws-user' })).xml)).toBe('You are not authorized to view this page');
      await t.settings.set('show_rates_for_users', '1');
      expect((await t.call('rate_get', { username: 'ws-user', prefix: '370' }, { u: 'ws-user' })).xml.page.rate).toBe('0.1#Lithuania#370');
    });
  });

  describe('tariff_retail_import', () => {
    const doc = (name: string, id: string, destinations: string) => `<tariff><name>${name}</name><id>${id}</id><destinations>${destinations}</destinations></tariff>`;
    const rate = (price: string, dur: string, day = 'WD', start = '00:00:00', end = '23:59:59', type = 'minute') =>
      `<rates><rate_price>${price}</rate_price><rate_round_by>1</rate_round_by><rate_type>${type}</rate_type><rate_start_time>${start}</rate_start_time><rate_end_time>${end}</rate_end_time><rate_duration>${dur}</rate_duration><day_type>${day}</day_type></rates>`;
    const dest = (name: string, rates: string) => `<destination><direction/><destination_group_name>${name}</destination_group_name><destination_group_type>FIX</destination_group_type>${rates}</destination>`;

    it('creates a retail tariff, reports bad groups, bad rates and time collisions', async () => {
      const xml = doc('Imported', '', dest('Afghanistan', rate('0.02', '300') + rate('0.01', '-1')) + dest('Atlantis', rate('1', '-1'))
        + dest('Albania', rate('x', '-1')) + dest('Algeria', rate('1', '-1', 'WD', '00:00:00', '12:00:00') + rate('1', '-1', 'WD', '11:00:00', '23:59:59')));
      const r = await t.call('tariff_retail_import', { xml });
      const res = r.xml.response;
      expect(res.tariff_name).toBe('Imported');
      expect(res.bad_destinations.destination).toEqual({ destination_group_name: 'Atlantis', destination_group_type: 'FIX' });
      expect(res.destination_with_bad_rates.destination).toMatchObject({ destination_group_name: 'Albania', rate_price: 'x' });
      expect(res.destination_with_time_collisions_in_xml.destination.destination_group_name).toBe('Algeria');
      const tariff = await t.db.getRepository(Tariff).findOneByOrFail({ id: Number(res.tariff_id) });
      expect(tariff).toMatchObject({ purpose: 'user', owner_id: 0 });
      const rates = [(await t.call('tariff_rates_get', { tariff_id: res.tariff_id })).xml.page.rates.destination].flat();
      expect(rates).toHaveLength(1);
      expect(rates[0].rate.map((x: { from: string; duration: string }) => [x.from, x.duration])).toEqual([['1', '300'], ['301', '-1']]);
    });

    it('import_tariff_retail replaces rates of an existing tariff by id', async () => {
      const id = String((await t.db.getRepository(Tariff).findOneByOrFail({ name: 'Imported' })).id);
      const r = await t.call('import_tariff_retail', { xml: doc('Imported', id, dest('Afghanistan', rate('0.05', '-1', 'FD'))) });
      expect(r.xml.response.tariff_id).toBe(id);
      const rates = [(await t.call('tariff_rates_get', { tariff_id: id })).xml.page.rates.destination].flat();
      expect(rates[0].rate).toMatchObject({ tariff_rate: '0.05', daytype: 'FD' });
    });

    it('errors in the <response> envelope', async () => {
      const id = String((await t.db.getRepository(Tariff).findOneByOrFail({ name: 'Imported' })).id);
      const err = async (params: Record<string, string>, opts = {}) => (await t.call('tariff_retail_import', params, opts)).xml.response?.error;
      expect(await err({})).toBe('File does not exist');
      expect(await err({ xml: '<tariff><name>' })).toBe('Bad XML data');
      expect(await err({ xml: doc('Other name', id, '') })).toBe('TARIFF NAME WITH THIS ID DO NOT MATCH !!!FOUND Imported');
      expect(await err({ xml: doc('Imported', '999999', '') })).toBe(`TARIFF with same name exists, ID:${id}!!! CHANGE NAME OR ID`);
      // Another owner's tariff id is a missing one to a reseller: a new tariff of its own by that name.
      const foreign = (await t.call('tariff_retail_import', { xml: doc('Imported', id, '') }, asReseller)).xml.response;
      expect(foreign).toEqual({ error: 'No destinations!', tariff_id: expect.not.stringMatching(`^${id}$`), tariff_name: 'Imported' });
      expect((await t.db.getRepository(Tariff).findOneByOrFail({ id: Number(foreign.tariff_id) })).owner_id).toBe(reseller.id);
      // A wholesale tariff's id cannot take retail rates: it counts as not found.
      expect(await err({ xml: doc('Admin wholesale', String(adminWholesale), '') })).toBe(`TARIFF with same name exists, ID:${adminWholesale}!!! CHANGE NAME OR ID`);
      const none = (await t.call('tariff_retail_import', { xml: doc('Imported', id, '') })).xml.response;
      expect(none).toEqual({ error: 'No destinations!', tariff_id: id, tariff_name: 'Imported' });
    });

    it('a tariff name that is empty, over 255 characters or not XML text is Bad XML data; nothing is created', async () => {
      const before = await t.db.getRepository(Tariff).count();
      for (const xml of [doc('', '', ''), doc('n'.repeat(10240), '', dest('Spain', rate('1', '-1'))), doc('ctl&#1;', '', ''), doc('ctl\u0001', '', '')]) {
        const r = await t.call('tariff_retail_import', { xml });
        expect([r.status, r.xml]).toEqual([200, { response: { error: 'Bad XML data' } }]);
      }
      expect(await t.db.getRepository(Tariff).count()).toBe(before);
    });

    it('values the columns cannot hold and bands colliding past midnight are bad rates / collisions, never a 500', async () => {
      const xml = doc('Limits', '', dest('Spain', rate('100000000000000', '-1')) + dest('Italy', rate('0.1', '99999999999'))
        + dest('France', `<rates><rate_price>1</rate_price><rate_round_by>99999999999</rate_round_by><rate_type>minute</rate_type><rate_start_time>00:00:00</rate_start_time><rate_end_time>23:59:59</rate_end_time><rate_duration>-1</rate_duration><day_type>WD</day_type></rates>`)
        + dest('Germany', rate('9'.repeat(10240), '-1'))
        + dest('Poland', rate('0.1', '-1', 'WD', '22:00:00', '05:59:59') + rate('0.2', '-1', 'WD', '00:00:00', '07:59:59'))
        + dest('Greece', rate('0.1', '-1', 'WD', '22:00:00', '05:59:59') + rate('0.2', '-1', 'WD', '06:00:00', '21:59:59')));
      const r = await t.call('tariff_retail_import', { xml });
      expect(r.status).toBe(200);
      const res = r.xml.response;
      expect(res.destination_with_bad_rates.destination.map((d: { destination_group_name: string }) => d.destination_group_name)).toEqual(['Spain', 'Italy', 'France', 'Germany']);
      expect(res.destination_with_time_collisions_in_xml.destination).toMatchObject({ destination_group_name: 'Poland', collision_in_time_range: 'WD 22:00:00-05:59:59 / 00:00:00-07:59:59' });
      const groups = [(await t.call('tariff_rates_get', { tariff_id: res.tariff_id })).xml.page.rates.destination].flat();
      expect(groups.map((g: { destination_group_name: string }) => g.destination_group_name)).toEqual(['Greece']);
    });
  });

  describe('tariff_wholesale_update', () => {
    it('creates without id, renames and re-currencies with id', async () => {
      const created = await t.call('tariff_wholesale_update', { name: 'WS new', currency: 'USD' }, asReseller);
      expect(created.xml.page.status).toBe('ok');
      const id = created.xml.page.tariff_id;
      expect(await t.db.getRepository(Tariff).findOneByOrFail({ id: Number(id) })).toMatchObject({ name: 'WS new', purpose: 'provider', owner_id: reseller.id });
      const updated = await t.call('wholesale_tariff', { id, name: 'WS renamed', currency: 'EUR' }, asReseller);
      expect(updated.xml.page).toEqual({ status: 'ok' });
      expect(await t.db.getRepository(Tariff).findOneByOrFail({ id: Number(id) })).toMatchObject({ name: 'WS renamed', currency: 'EUR' });
    });

    it('Tariff not found for another owner\'s or unknown tariff; create/update failures as error/message', async () => {
      expect((await t.call('tariff_wholesale_update', { id: String(otherTariff), name: 'x' }, asReseller)).xml).toEqual({ page: { error: 'Tariff not found' } });
      expect((await t.call('tariff_wholesale_update', { id: '999999' })).xml).toEqual({ page: { error: 'Tariff not found' } });
      expect((await t.call('tariff_wholesale_update', { id: 'x'.repeat(10240) })).xml).toEqual({ page: { error: 'Tariff not found' } });
      const msg = async (p: Record<string, string>) => (await t.call('tariff_wholesale_update', p)).xml.response.error.message;
      expect(await msg({})).toBe('Name cannot be blank');
      expect(await msg({ name: 'Admin wholesale' })).toBe('Name has already been taken');
      expect(await msg({ name: 'Fresh', currency: 'XXXX' })).toBe('Currency was not found');
      expect(await t.db.getRepository(Tariff).countBy({ name: 'Fresh' })).toBe(0);
    });

    it('bad name or currency: a MOR refusal as error/message, never a 500, nothing written', async () => {
      const before = await t.db.getRepository(Tariff).count();
      const reply = async (p: Record<string, string>) => {
        const r = await t.call('tariff_wholesale_update', p);
        expect(r.status).toBe(200);
        return r.xml;
      };
      expect(await reply({ name: 'x'.repeat(10240) })).toEqual({ response: { error: { message: 'Name is too long' } } });
      expect(await reply({ name: 'ctl\u0001' })).toEqual({ response: { error: { message: 'Name is invalid' } } });
      expect(await reply({ name: 'Fresh', currency: 'x'.repeat(10240) })).toEqual({ response: { error: { message: 'Currency was not found' } } });
      // Codes are case-sensitive on both databases.
      expect(await reply({ name: 'Fresh', currency: 'usd' })).toEqual({ response: { error: { message: 'Currency was not found' } } });
      expect(await t.db.getRepository(Tariff).count()).toBe(before);
      expect((await t.call('tariffs_get', {})).status).toBe(200);
    });

    it('POST only: a GET is refused even when GET API is allowed (retail import too)', async () => {
      await t.settings.set('allow_get_api', '1');
      try {
        expect((await t.call('tariff_wholesale_update', { name: 'By GET' }, { verb: 'GET' })).xml).toEqual({ page: { error: 'GET Requests are disabled' } });
        expect((await t.call('tariff_retail_import', { xml: '<tariff><name>By GET</name></tariff>' }, { verb: 'GET' })).xml).toEqual({ response: { error: 'GET Requests are disabled' } });
        expect((await t.call('tariffs_get', {}, { verb: 'GET' })).xml.page.tariffs).toBeDefined();
        expect(await t.db.getRepository(Tariff).countBy({ name: 'By GET' })).toBe(0);
      } finally {
        await t.settings.set('allow_get_api', '0');
      }
    });

    it('an empty name or currency on update counts as not sent', async () => {
      const id = (await t.call('tariff_wholesale_update', { name: 'Keep me', currency: 'EUR' })).xml.page.tariff_id;
      expect((await t.call('tariff_wholesale_update', { id, name: '', currency: '' })).xml).toEqual({ page: { status: 'ok' } });
      expect(await t.db.getRepository(Tariff).findOneByOrFail({ id: Number(id) })).toMatchObject({ name: 'Keep me', currency: 'EUR' });
    });
  });

  describe('exchange_rate_update', () => {
    const status = async (p: Record<string, string>, opts = {}) => (await t.call('exchange_rate_update', p, opts)).xml.page.status;

    it('sets a manual rate (verified hash AMD.45.5)', async () => {
      expect(await status({ currency: 'AMD', rate: '45.5' })).toEqual({ success: 'Currency successfully updated' });
      expect((await t.db.getRepository(Currency).findOneByOrFail({ name: 'AMD' })).exchange_rate).toBe('45.500000');
    });

    it('refusals', async () => {
      await t.db.getRepository(Currency).update({ name: 'EUR' }, { curr_update: 1 });
      expect(await status({ currency: 'AMD', rate: 'abc' })).toEqual({ error: 'Exchange rate is invalid' });
      expect(await status({ currency: 'AMD', rate: '0' })).toEqual({ error: 'Exchange rate is invalid' });
      expect(await status({ currency: 'ZZZ', rate: '1.5' })).toEqual({ error: 'Currency was not found' });
      expect(await status({ currency: 'amd', rate: '1.5' })).toEqual({ error: 'Currency was not found' });
      expect(await status({ currency: 'EUR', rate: '0.9' })).toEqual({ error: 'Currency was not found' });
      expect(await status({ currency: 'USD', rate: '2' })).toEqual({ error: 'Currency was not found' });
      expect(await status({ currency: 'AMD', rate: '2' }, asReseller)).toEqual({ error: 'Access Denied' });
    });

    it('bad input: missing, empty, out of range or 10 kB values; nothing written, never a 500', async () => {
      const amd = () => t.db.getRepository(Currency).findOneByOrFail({ name: 'AMD' });
      const before = (await amd()).exchange_rate;
      for (const [params, error] of [
        [{ currency: 'AMD' }, 'Exchange rate is invalid'],
        [{ currency: 'AMD', rate: '' }, 'Exchange rate is invalid'],
        [{ rate: 'abc' }, 'Exchange rate is invalid'],
        [{ currency: 'AMD', rate: '1e5' }, 'Exchange rate is invalid'],
        [{ currency: 'AMD', rate: '-2' }, 'Exchange rate is invalid'],
        // Rounds to 0.000000 in DECIMAL(20,6): would store a zero rate.
        [{ currency: 'AMD', rate: '0.0000001' }, 'Exchange rate is invalid'],
        [{ currency: 'AMD', rate: '100000000000000' }, 'Exchange rate is invalid'],
        [{ currency: 'AMD', rate: '9'.repeat(10240) }, 'Exchange rate is invalid'],
        [{ rate: '1.5' }, 'Currency was not found'],
        [{ currency: '', rate: '1.5' }, 'Currency was not found'],
        [{ currency: 'A'.repeat(10240), rate: '1.5' }, 'Currency was not found'],
      ] as const) {
        const r = await t.call('exchange_rate_update', params);
        expect([r.status, r.xml]).toEqual([200, { page: { status: { error } } }]);
      }
      expect((await amd()).exchange_rate).toBe(before);
    });

    // One decimal parser for every param (decisions: Hardening): a padded number is refused, not trimmed.
    it('a rate with surrounding spaces is refused and nothing is written', async () => {
      const before = (await t.db.getRepository(Currency).findOneByOrFail({ name: 'AMD' })).exchange_rate;
      expect(await status({ currency: 'AMD', rate: ' 45.25 ' })).toEqual({ error: 'Exchange rate is invalid' });
      expect((await t.db.getRepository(Currency).findOneByOrFail({ name: 'AMD' })).exchange_rate).toBe(before);
    });
  });

  describe('TariffCsvService', () => {
    const csv = () => t.app.get(TariffCsvService);
    const dump = async (id: number) => {
      let out = '';
      await csv().export(id, new Writable({ write: (chunk, _e, cb) => ((out += String(chunk)), cb()) }));
      return out;
    };

    it('imports streamed rows, replacing existing prefixes, and exports them', async () => {
      const id = await wholesaleTariff('CSV', 0, [['44', '9']]);
      const progress: number[] = [];
      const result = await csv().import(id, Readable.from(['prefix,rate,connection_fee,increment,min_time\n44,0.0', '1\n4420,0.02,0.1,30,60\n\n49,0.03\n']), (p) => progress.push(p.rows));
      expect(result).toEqual({ lines: 5, rows: 3 });
      expect(progress.at(-1)).toBe(3);
      expect(await dump(id)).toBe('prefix,rate,connection_fee,increment,min_time\n44,0.01,0,1,0\n4420,0.02,0.1,30,60\n49,0.03,0,1,0\n');
      const priced = await t.app.get(RateLookupService).priceCall(id, '442012345', new Date('2026-11-27T10:00:00Z'), 75);
      expect(priced?.price.toFixed(6)).toBe('0.130000');
    });

    it('a malformed row in the middle leaves the tariff exactly as it was', async () => {
      const id = await wholesaleTariff('CSV atomic', 0, [['44', '0.5'], ['33', '0.6']]);
      const before = await dump(id);
      const lines = ['prefix,rate'];
      for (let i = 0; i < 1500; i++) lines.push(`${1000 + i},0.0${i % 10}`);
      lines.splice(800, 0, '44,not-a-rate');
      await expect(csv().import(id, Readable.from([lines.join('\n')]))).rejects.toEqual(new CsvImportError(801, "bad rate 'not-a-rate'"));
      expect(await dump(id)).toBe(before);
      expect(await t.db.getRepository(Rate).countBy({ tariff_id: id })).toBe(2);
    });

    it('refuses a retail or unknown tariff', async () => {
      await expect(csv().import(retail, Readable.from(['44,1\n']))).rejects.toBeInstanceOf(CsvImportError);
      await expect(csv().import(999999, Readable.from(['44,1\n']))).rejects.toThrow('Tariff 999999 not found');
    });
  });
});
