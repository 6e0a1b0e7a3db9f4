import { morHash } from '../../src/api/hash';
import { MorRegistry } from '../../src/api/registry.service';
import { auditBalances } from '../../src/ledger/ledger';
import { createDevice } from '../support/device-fixtures';
import { sweepMethod } from '../support/sweep';
import { ON_MYSQL, TestApp, errorOf } from '../support/test-app';

const RKEY = 'reseller-key-cards';
const NOT_AUTH = 'You are not authorized to use this functionality';

jest.setTimeout(120_000);

describe('Calling cards', () => {
  let t: TestApp;
  const R = { u: 'cardres', key: RKEY };
  const err = (r: { xml: any }) => errorOf(r.xml);
  const q = async (sql: string, params: unknown[] = []) => t.db.query(sql, params);
  const one = async (sql: string, params: unknown[] = []) => (await q(sql, params))[0];
  let seq = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createReseller('cardres', RKEY);
    await t.createUser({ username: 'carduser' });
    await t.db.query("UPDATE currencies SET active = 1, exchange_rate = '2' WHERE name = 'EUR'");
  });
  afterAll(async () => t.close());

  /** A group of the caller (admin by default) and its id. */
  async function group(params: Record<string, string> = {}, signer = {}): Promise<string> {
    const name = `g${++seq}`;
    const r = await t.call('cc_group_create', { name, number_length: '8', pin_length: '6', price_with_vat: '12.1', tax1_value: '21', ...params }, signer);
    expect(r.xml.page.status.success).toBe('Card Group was successfully created');
    return String((await one('SELECT id FROM cardgroups WHERE name = ?', [name])).id);
  }

  async function cards(groupId: string, from: string, till: string, signer = {}): Promise<void> {
    const r = await t.call('calling_cards_create', { card_group_id: groupId, cards_from: from, cards_till: till }, signer);
    expect(r.xml.page.status).toMatch(/^Cards created: \d+\/\d+$/);
  }

  it("signs as the reference's verified examples (04 §0.4, 06 A1)", () => {
    const order = (method: string) => t.app.get(MorRegistry).find(method)!.options.hash;
    expect(morHash({ id: '6' }, order('show_calling_card_group'), '456789')).toBe('67df827dec80a7241fb3fc4de22a90e62c5e8d93');
    expect(morHash({ id: '6', quantity: '2' }, order('buy_card_from_callingroup'), '456789')).toBe('37086d860581fabc278413cd1a417d5c079f6eba');
    expect(morHash({ voucher_number: '10007', user_id: '2' }, order('voucher_use'), '123456')).toBe('d180bb861a4ee06850bc2fe40e2b8d2ab369e27f');
    expect(morHash({ card_group_id: '1', cards_from: '1000000025', cards_till: '1000000035' }, order('calling_cards_create'), 'secret')).toBe('7e112ededcfee097cce21b6201c6d2a00dda1f4c');
    expect(morHash({ number: '1111111000' }, order('card_balance_get'), 'secretkey')).toBe('0d43cbd508a63230032ef593089833543ea297ea');
    expect(morHash({ card_id: '1' }, order('calling_card_update'), 'secret')).toMatch(/^bc2f1140/);
  });

  describe('card groups', () => {
    it('creates a group with every setting; refuses bad values in MOR words', async () => {
      await q("INSERT INTO tariffs (name, purpose, owner_id, currency) VALUES ('cc tariff', 'user', 0, 'USD')");
      const tariffId = String((await one("SELECT id FROM tariffs WHERE name = 'cc tariff'")).id);
      const id = await group({ description: 'd', setup_fee: '0.5', daily_charge: '0.01', ghost_min_perc: '120', ghost_balance_perc: '90', tariff_id: tariffId, location_id: '1',
        date_from: '1446688800', date_till: '1700000000', valid_after_first_use: '30', tax2_enabled: '1', tax2_value: '5', compound_tax: '0', allow_loss_calls: '1', callerid_leave: '1', tell_balance_in_currency: 'EUR' });
      const row = await one('SELECT * FROM cardgroups WHERE id = ?', [id]);
      expect(row).toMatchObject({ tariff_id: Number(tariffId), location_id: 1, valid_after_first_use: 30, tax2_enabled: 1, compound_tax: 0, allow_loss_calls: 1, callerid_leave: 1, tell_balance_in_currency: 'EUR', number_length: 8, pin_length: 6 });
      const bad: [Record<string, string>, string][] = [
        [{ name: '' }, 'Name cannot be blank'],
        [{ name: 'x', allow_loss_calls: '2' }, 'Allow loss calls is incorrect format'],
        [{ name: 'x', callerid_leave: 'yes' }, 'CallerID leave is incorrect format'],
        [{ name: 'x', date_from: 'soon' }, 'Date from is incorrect format'],
        [{ name: 'x', date_till: '99999999999' }, 'Time till is incorrect format'],
        [{ name: 'x', date_from: '1700000000', date_till: '1600000000' }, 'Date from is greater than date till'],
        [{ name: 'x', tariff_id: '999999' }, 'Tariff was not found'],
        [{ name: 'x', lcr_id: '999999' }, 'LCR was not found'],
        [{ name: 'x', location_id: 'a' }, 'Location was not found'],
        [{ name: 'x', tell_balance_in_currency: 'XXX' }, 'Currency was not found'],
        [{ name: 'x', valid_after_first_use: '12345' }, 'Valid after is incorrect format'],
        [{ name: 'x', tax3_enabled: '5' }, 'TAX 3 enabling value is incorrect format'],
        [{ name: 'x', compound_tax: '-1' }, 'Compound TAX enabling value is incorrect format'],
        [{ name: 'x', setup_fee: '-1' }, 'Setup fee is incorrect format'],
        [{ name: 'x', price_with_vat: '1e5' }, 'Price with vat is incorrect format'],
        [{ name: 'x', pin_length: '0' }, 'PIN length is incorrect format'],
      ];
      const before = (await one('SELECT COUNT(*) AS n FROM cardgroups')).n;
      for (const [params, text] of bad) {
        const r = await t.call('cc_group_create', params);
        expect([params, r.xml.page.status.error]).toEqual([params, text]);
      }
      expect((await one('SELECT COUNT(*) AS n FROM cardgroups')).n).toBe(before);
      // A reseller may not pick the admin's tariff.
      expect(err(await t.call('cc_group_create', { name: 'r', tariff_id: tariffId }, R))).toBe('Tariff was not found');
    });

    it('refuses simple users and resellers whose group lacks Calling Cards', async () => {
      expect(err(await t.call('cc_group_create', { name: 'u' }, { u: 'carduser' }))).toBe(NOT_AUTH);
      await q("INSERT INTO reseller_groups (name, calling_cards) VALUES ('nocards', 0)");
      const g = await one("SELECT id FROM reseller_groups WHERE name = 'nocards'");
      await t.createReseller('cardres2', 'reseller-key-2', { reseller_group_id: Number(g.id) });
      const R2 = { u: 'cardres2', key: 'reseller-key-2' };
      expect(err(await t.call('cc_group_create', { name: 'n' }, R2))).toBe(NOT_AUTH);
      expect(err(await t.call('cc_groups_get', {}, R2))).toBe(NOT_AUTH);
      expect(err(await t.call('card_payment_add', { number: '1' }, R2))).toBe('Feature Disabled');
      await t.settings.set('api_allow_payments', '1');
      expect(err(await t.call('card_payment_add', { number: '1' }, R2))).toBe('You are not authorized to use Calling Cards');
      await t.settings.set('api_allow_payments', '0');
    });

    it('updates a group; another owner\'s group answers as a missing one', async () => {
      const id = await group();
      const r = await t.call('cc_group_update', { cc_group_id: id, name: 'renamed', daily_charge: '0.25', tax4_enabled: '1' });
      expect(r.xml.page.status.success).toBe('Card Group was successfully updated');
      expect(await one('SELECT name, tax4_enabled FROM cardgroups WHERE id = ?', [id])).toMatchObject({ name: 'renamed', tax4_enabled: 1 });
      expect(err(await t.call('cc_group_update', { cc_group_id: id, name: 'r' }, R))).toBe('Card Group was not found');
      expect(err(await t.call('cc_group_update', { cc_group_id: '99999' }))).toBe('Card Group was not found');
      expect(err(await t.call('cc_group_update', { cc_group_id: id, date_from: '1800000000', date_till: '1700000000' }))).toBe('Date from is greater than date till');
      expect(err(await t.call('cc_group_update', { cc_group_id: id, name: '' }))).toBe('Name cannot be blank');
      expect(err(await t.call('cc_group_update', { cc_group_id: id, name: 'x' }, { hashOrder: ['name'] }))).toBe('Incorrect hash');
    });

    it('lists groups (all, one) with prices and counts; card_group_get shows one to a buyer', async () => {
      const id = await group({ price_with_vat: '24.2' });
      await cards(id, '50000000', '50000009');
      const all = (await t.call('cc_groups_get')).xml.page.cc_groups.cc_group;
      expect(all.length).toBeGreaterThan(1);
      const mine = (await t.call('cc_groups_get', { cc_group_id: id })).xml.page.cc_groups.cc_group;
      expect(mine).toMatchObject({ group_id: id, group_number_pin_length: '8/6', group_price: '24.2000', group_price_without_tax: '20.0000', group_cards_count: '10', group_currency: 'USD', group_image: '/billing/cards/example.jpg' });
      expect(err(await t.call('cc_groups_get', { cc_group_id: 'x' }))).toBe('Wrong Calling Cards Group ID');
      expect(err(await t.call('cc_groups_get', { cc_group_id: id }, R))).toBe('Wrong Calling Cards Group ID');
      expect(err(await t.call('cc_groups_get', {}, { u: 'carduser' }))).toBe(NOT_AUTH);

      const shown = await t.call('show_calling_card_group', { id }, { u: 'carduser' });
      expect(shown.xml.page.cardgroup).toMatchObject({ iamge_link: '/billing/cards/example.jpg', price: '20.0000', price_with_tax: '24.2000', currency: 'USD', free_cards_size: '10', pin_length: '6', number_length: '8' });
      expect(err(await t.call('card_group_get', { id }, R))).toBe('Cardgroup was not found');
      expect(err(await t.call('card_group_get', { id: '-1' }))).toBe('Cardgroup was not found');
    });

    it('a reseller without groups', async () => {
      await t.createReseller('cardres3', 'reseller-key-3');
      expect(err(await t.call('cc_groups_get', {}, { u: 'cardres3', key: 'reseller-key-3' }))).toBe('Calling Cards Groups were not found');
    });
  });

  describe('cards', () => {
    it('creates a range: balance is the price without tax, opening ledger rows, existing numbers skipped', async () => {
      const id = await group({ price_with_vat: '12.1', tax1_value: '21' });
      const r = await t.call('calling_cards_create', { card_group_id: id, cards_from: '10000005', cards_till: '10000014', batch_number: 'B1', min_balance: '0.5', language: 'lt' });
      expect(r.xml.page.status).toBe('Cards created: 10/10');
      const rows = await q('SELECT number, pin, balance, batch_number, language, min_balance FROM cards WHERE cardgroup_id = ? ORDER BY number', [id]);
      expect(rows.map((c: any) => c.number)).toEqual(Array.from({ length: 10 }, (_, i) => String(10000005 + i)));
      for (const c of rows) expect(c.pin).toMatch(/^\d{6}$/);
      expect(String(rows[0].balance)).toMatch(/^10(\.0+)?$/);
      const again = await t.call('calling_cards_create', { card_group_id: id, cards_from: '10000010', cards_till: '10000019' });
      expect(again.xml.page.status).toBe('Cards created: 5/10');
      expect(err(await t.call('calling_cards_create', { card_group_id: id, cards_from: '10000010', cards_till: '10000019' }))).toBe('Cards already exist');
      const audit = await t.db.transaction((m) => auditBalances(m, { account: 'card' }));
      expect(audit.findings).toEqual([]);
      expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger WHERE account_type = 'card' AND kind = 'opening' AND account_id IN (SELECT id FROM cards WHERE cardgroup_id = ?)", [id])).n)).toBe(15);
    });

    it('8 parallel creations of one range: one creates it, the others answer Cards already exist', async () => {
      const id = await group();
      const rs = await Promise.all(Array.from({ length: 8 }, () => t.call('calling_cards_create', { card_group_id: id, cards_from: '46000000', cards_till: '46000049' })));
      expect(rs.filter((r) => r.xml.page.status === 'Cards created: 50/50')).toHaveLength(1);
      expect(rs.filter((r) => err(r) === 'Cards already exist')).toHaveLength(7);
      expect(Number((await one('SELECT COUNT(*) AS n FROM cards WHERE cardgroup_id = ?', [id])).n)).toBe(50);
      expect((await t.db.transaction((m) => auditBalances(m, { account: 'card' }))).findings).toEqual([]);
    });

    it('refuses bad ranges with MOR texts, writing nothing', async () => {
      const id = await group({ pin_length: '2' });
      const bad: [Record<string, string>, string][] = [
        [{ card_group_id: '99999', cards_from: '1', cards_till: '2' }, 'Card Group was not found'],
        [{ card_group_id: id, cards_till: '20000000' }, 'Cards from was not found'],
        [{ card_group_id: id, cards_from: '20000000' }, 'Cards till was not found'],
        [{ card_group_id: id, cards_from: '2000000', cards_till: '20000000' }, 'Cards from is in incorrect format'],
        [{ card_group_id: id, cards_from: '20000000', cards_till: '2000000x' }, 'Cards till is in incorrect format'],
        [{ card_group_id: id, cards_from: '20000009', cards_till: '20000000' }, 'Cards from must not be greater than Cards till'],
        [{ card_group_id: id, cards_from: '20000000', cards_till: '20000020' }, 'PIN is too short for this interval'],
        [{ card_group_id: id, cards_from: '20000000', cards_till: '20000001', min_balance: 'x' }, 'Min balance is incorrect format'],
        [{ card_group_id: id, cards_from: '20000000', cards_till: '20000001', distributor_id: '99999' }, 'User was not found'],
      ];
      for (const [params, text] of bad) expect([params, (await t.call('calling_cards_create', params)).xml.page.status.error]).toEqual([params, text]);
      expect(Number((await one('SELECT COUNT(*) AS n FROM cards WHERE cardgroup_id = ?', [id])).n)).toBe(0);
      expect(err(await t.call('calling_cards_create', { card_group_id: id, cards_from: '20000000', cards_till: '20000001' }, R))).toBe('Card Group was not found');
      expect(err(await t.call('calling_cards_create', { card_group_id: id, cards_from: '20000000', cards_till: '20000001' }, { u: 'carduser' }))).toBe(NOT_AUTH);
    });

    it('searches, updates one card and checks its fields', async () => {
      const id = await group();
      await t.call('calling_cards_create', { card_group_id: id, cards_from: '30000000', cards_till: '30000004', batch_number: 'S1' });
      const found = (await t.call('calling_cards_get', { batch_number: 'S1' })).xml.page.cards.card;
      expect(found).toHaveLength(5);
      expect(found[0]).toMatchObject({ card_number: '30000000', card_batch_number: 'S1', card_balance: '10.0000', card_first_use: '', card_sold: '0' });
      const cardId = found[0].card_id;
      expect((await t.call('calling_cards_get', { number: '30000001', min_balance: '9.99', max_balance: '10', sold: 'no' })).xml.page.cards.card.card_number).toBe('30000001');
      expect(err(await t.call('calling_cards_get', { batch_number: 'S1', min_balance: '10.000001' }))).toBe('Cards were not found');
      expect(err(await t.call('calling_cards_get', { batch_number: 'S1' }, R))).toBe('Cards were not found');

      const upd = await t.call('calling_card_update', { card_id: cardId, name: 'gift', pin: '123456', callerid: '37060000001', min_balance: '1', first_use: '1446688800', daily_charge_paid_till: '1446688800', language: 'de' });
      expect(upd.xml.page.success).toBe('Calling Card successfully updated');
      const got = (await t.call('calling_cards_get', { pin: '123456' })).xml.page.cards.card;
      expect(got).toMatchObject({ card_name: 'gift', card_callerid: '37060000001', card_minimal_balance: '1.0000', card_first_use: '2015-11-05 02:00:00 +0000', card_daily_charge_paid_till: '2015-11-05 02:00:00 +0000', card_language: 'de' });
      expect((await t.call('calling_card_update', { card_id: cardId, first_use: '-1' }, { hashOrder: [] })).xml.page.success).toBe('Calling Card successfully updated');
      const other = found[1].card_id;
      const bad: [Record<string, string>, string][] = [
        [{ card_id: 'x' }, 'Wrong Calling Card ID'],
        [{ card_id: '99999' }, 'Calling Card not found'],
        [{ card_id: other, pin: '123456' }, 'PIN has already been taken'],
        [{ card_id: other, pin: '12' }, 'PIN is incorrect format'],
        [{ card_id: other, number: '30000000' }, 'Number has already been taken'],
        [{ card_id: other, number: '3' }, 'Number is incorrect format'],
        [{ card_id: other, callerid: '37060000001' }, 'CallerID has already been taken'],
        [{ card_id: other, min_balance: 'abc' }, 'Min balance is incorrect format'],
        [{ card_id: other, first_use: 'now' }, 'First use is incorrect format'],
        [{ card_id: other, distributor: '99999' }, 'User was not found'],
      ];
      for (const [params, text] of bad) expect([params, err(await t.call('calling_card_update', params))]).toEqual([params, text]);
      expect(err(await t.call('calling_card_update', { card_id: cardId, name: 'x' }, R))).toBe('Calling Card not found');
    });

    it('card_balance_get: admin and owning reseller; others refused', async () => {
      const id = await group();
      await cards(id, '31000000', '31000000');
      const r = await t.call('card_balance_get', { number: '31000000' });
      expect(r.xml.page.calling_card).toEqual({ balance: '10', currency: 'USD' });
      expect(err(await t.call('card_balance_get', { number: '31000000' }, R))).toBe('Calling Card was not found');
      expect(err(await t.call('card_balance_get', { number: '31000000' }, { u: 'carduser' }))).toBe(NOT_AUTH);
      expect(err(await t.call('card_balance_get', { number: 'nope' }))).toBe('Calling Card was not found');
    });
  });

  describe('ownership across owners', () => {
    it("a reseller's groups and cards are its own: its users buy them; the admin and other resellers see none", async () => {
      const id = await group({ price_with_vat: '3', tax1_value: '0' }, R);
      await cards(id, '44000000', '44000004', R);
      await t.createUser({ username: 'rescardbuyer', owner_id: (await one("SELECT id FROM users WHERE username = 'cardres'")).id });
      const buyer = { u: 'rescardbuyer', key: RKEY };
      expect((await t.call('card_group_get', { id }, buyer)).xml.page.cardgroup.free_cards_size).toBe('5');
      expect((await t.call('card_from_group_sell', { id }, buyer)).xml.page.cards.card.number).toBe('44000000');
      expect(err(await t.call('card_group_get', { id }, { u: 'carduser' }))).toBe('Cardgroup was not found');
      expect(err(await t.call('card_group_get', { id }))).toBe('Cardgroup was not found');
      expect(err(await t.call('calling_cards_create', { card_group_id: id, cards_from: '44000005', cards_till: '44000006' }))).toBe('Card Group was not found');
      expect((await t.call('calling_cards_get', { number: '44000000' }, R)).xml.page.cards.card.card_sold).toBe('1');
      expect(err(await t.call('calling_cards_get', { number: '44000000' }))).toBe('Cards were not found');
      expect((await t.call('card_balance_get', { number: '44000000' }, R)).xml.page.calling_card.balance).toBe('3');
      expect(err(await t.call('card_balance_get', { number: '44000000' }))).toBe('Calling Card was not found');
      await t.createReseller('cardres4', 'reseller-key-4');
      expect(err(await t.call('card_balance_get', { number: '44000000' }, { u: 'cardres4', key: 'reseller-key-4' }))).toBe('Calling Card was not found');
      const cardId = (await one('SELECT id FROM cards WHERE number = ?', ['44000000'])).id;
      expect(err(await t.call('calling_card_update', { card_id: String(cardId), name: 'x' }))).toBe('Calling Card not found');
      await t.settings.set('api_allow_payments', '1');
      expect(err(await t.call('card_payment_add', { number: '44000000', amount: '1' }))).toBe('Calling Card was not found');
      expect((await t.call('card_payment_add', { number: '44000000', amount: '1' }, R)).xml.page.add_payment.details.new_balance).toBe('4.0000');
      await t.settings.set('api_allow_payments', '0');
    });

    it("an accountant manages the admin's groups and cards", async () => {
      await t.createUser({ username: 'cardacc', usertype: 'accountant' });
      const A = { u: 'cardacc' };
      const id = await group({}, A);
      expect((await one('SELECT owner_id FROM cardgroups WHERE id = ?', [id])).owner_id).toBe(0);
      await cards(id, '45000000', '45000000', A);
      expect((await t.call('calling_cards_get', { number: '45000000' })).xml.page.cards.card.card_number).toBe('45000000');
      expect(err(await t.call('card_balance_get', { number: '45000000' }, A))).toBe(NOT_AUTH);
    });
  });

  describe('selling and topping up', () => {
    it('sells free cards (payments of the price); a specific number; nothing free left', async () => {
      const id = await group({ price_with_vat: '12.1' });
      await cards(id, '40000000', '40000002');
      const r = await t.call('buy_card_from_callingroup', { id, quantity: '2', email: 'a@b.c' }, { u: 'carduser' });
      const sold = r.xml.page.cards.card;
      expect(sold).toHaveLength(2);
      expect(sold[0]).toMatchObject({ number: '40000000', balance_without_vat: '10.0000', currency: 'USD' });
      expect(sold[0].pin).toMatch(/^\d{6}$/);
      const pay = await q("SELECT amount, gross, tax, card_id FROM payments WHERE paymenttype = 'Card' AND card_id IN (SELECT id FROM cards WHERE cardgroup_id = ?)", [id]);
      expect(pay).toHaveLength(2);
      expect(String(pay[0].gross)).toMatch(/^12\.10*$/);
      expect(err(await t.call('card_from_group_sell', { id, number: '40000000' }))).toBe('Free cards was not found');
      expect((await t.call('card_from_group_sell', { id, number: '40000002' })).xml.page.cards.card.number).toBe('40000002');
      expect(err(await t.call('card_from_group_sell', { id }))).toBe('Free cards was not found');
      expect(err(await t.call('card_from_group_sell', { id: '99999' }))).toBe('Cardgroup was not found');
      expect(err(await t.call('card_from_group_sell', { id }, R))).toBe('Cardgroup was not found');
      expect(err(await t.call('card_from_group_sell', { id, quantity: '0' }))).toBe('Quantity is incorrect format');
      // Older clients hash id and quantity only.
      expect(err(await t.call('card_from_group_sell', { id, quantity: '1', email: 'x@y.z' }, { hashOrder: ['id', 'quantity'] }))).toBe('Free cards was not found');
    });

    it('card_payment_add: taxes removed, currency converted, ledger row; errors', async () => {
      const id = await group({ price_with_vat: '12.1', tax1_value: '21' });
      await cards(id, '41000000', '41000001');
      await t.call('card_from_group_sell', { id, number: '41000000' });
      expect(err(await t.call('card_payment_add', { number: '41000000', amount: '1' }))).toBe('Feature Disabled');
      await t.settings.set('api_allow_payments', '1');
      const r = await t.call('card_payment_add', { number: '41000000', amount: '24.2', currency: 'EUR', description: 'top' });
      expect(r.xml.page.status.success).toBe('Calling Card balance successfully updated');
      expect(r.xml.page.calling_card.number).toBe('41000000');
      expect(r.xml.page.add_payment).toEqual({
        currency: 'EUR', amount_with_tax: '24.2000',
        details: { current_balance: '10.0000', converted_to: 'USD', exchange_rate: '2', amount_with_tax: '12.1000', amount_without_tax: '10.0000', new_balance: '20.0000', description: 'top' },
      });
      // The 2013 page's order is accepted too.
      const r2 = await t.call('card_payment_add', { number: '41000000', amount: '1.21', description: 'd' }, { hashOrder: ['number', 'amount', 'currency', 'description'] });
      expect(r2.xml.page.add_payment.details.new_balance).toBe('21.0000');
      expect(err(await t.call('card_payment_add', { number: '41000001', amount: '1' }))).toBe('Calling Card was not found');
      expect(err(await t.call('card_payment_add', { number: '41000000', amount: '1' }, R))).toBe('Calling Card was not found');
      expect(err(await t.call('card_payment_add', { number: '41000000', amount: '1' }, { u: 'carduser' }))).toBe('Access Denied');
      await t.db.query("UPDATE currencies SET active = 0 WHERE name = 'GBP'");
      expect(err(await t.call('card_payment_add', { number: '41000000', amount: '1', currency: 'GBP' }))).toBe('Currency disabled');
      expect(err(await t.call('card_payment_add', { number: '41000000', amount: 'ten' }))).toBe('Amount is incorrect format');
      const card = await one('SELECT id, balance FROM cards WHERE number = ?', ['41000000']);
      expect(String(card.balance)).toMatch(/^21(\.0+)?$/);
      expect((await t.db.transaction((m) => auditBalances(m, { account: 'card', accountId: Number(card.id) }))).findings).toEqual([]);
      await t.settings.set('api_allow_payments', '0');
    });

    it('32 parallel clients: sales never share a card, top-ups add up exactly, ledger agrees', async () => {
      const id = await group({ price_with_vat: '1.21', tax1_value: '21' });
      await cards(id, '42000000', '42000063');
      const sales = await Promise.all(Array.from({ length: 32 }, () => t.call('card_from_group_sell', { id, quantity: '2' })));
      const numbers = sales.flatMap((r) => r.xml.page.cards.card.map((c: any) => c.number));
      expect(new Set(numbers).size).toBe(64);
      expect(Number((await one('SELECT COUNT(*) AS n FROM cards WHERE cardgroup_id = ? AND sold = 1', [id])).n)).toBe(64);
      expect(Number((await one("SELECT COUNT(*) AS n FROM payments WHERE idempotency_key LIKE 'card_sale:%' AND card_id IN (SELECT id FROM cards WHERE cardgroup_id = ?)", [id])).n)).toBe(64);
      expect(err(await t.call('card_from_group_sell', { id }))).toBe('Free cards was not found');

      await t.settings.set('api_allow_payments', '1');
      const tops = await Promise.all(Array.from({ length: 32 }, (_, i) => t.call('card_payment_add', { number: '42000000', amount: '0.121', description: `p${i}` })));
      for (const r of tops) expect(r.xml.page.status.success).toBe('Calling Card balance successfully updated');
      const card = await one('SELECT id, balance FROM cards WHERE number = ?', ['42000000']);
      expect(String(card.balance)).toMatch(/^4\.2(0*)$/); // 1 + 32 × 0.1
      expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger WHERE account_type = 'card' AND account_id = ? AND kind = 'payment'", [card.id])).n)).toBe(32);
      expect((await t.db.transaction((m) => auditBalances(m, { account: 'card' }))).findings).toEqual([]);
      await t.settings.set('api_allow_payments', '0');
    });
  });

  describe('caller ids (card_by_cli_update, cc_by_cli_old)', () => {
    it('binds a free card to a caller id with funds, tops it up, moves a PIN card onto it, and to a device user', async () => {
      const id = await group({ price_with_vat: '12.1', tax1_value: '21' });
      await cards(id, '43000000', '43000003');
      const r = await t.call('card_by_cli_update', { callerid: '37069900001', amount: '5', cardgroup_id: id });
      expect(r.xml.page.response).toMatchObject({ status: 'ok', card: { cardgroup_id: id, balance: '15.0000', callerid: '37069900001', number: '43000000' } });
      const again = await t.call('cc_by_cli', { callerid: '37069900001', amount: '1' });
      expect(again.xml.page.response.card.balance).toBe('16.0000');
      const pinCard = await one('SELECT pin FROM cards WHERE number = ?', ['43000001']);
      const moved = await t.call('cc_by_cli_old', { callerid: '37069900001', pin: pinCard.pin });
      expect(moved.xml.page.response.card).toMatchObject({ balance: '26.0000', balance_with_vat: '31.4600' });
      expect(await one('SELECT disabled, balance FROM cards WHERE number = ?', ['43000001'])).toMatchObject({ disabled: 1 });

      const u = await t.createUser({ username: 'cliuser' });
      const dev = await createDevice(t, u.id);
      await q('INSERT INTO device_clis (device_id, cli) VALUES (?, ?)', [dev.id, '37069900002']);
      const pin2 = await one('SELECT pin FROM cards WHERE number = ?', ['43000002']);
      const toUser = await t.call('card_by_cli_update', { callerid: '37069900002', pin: pin2.pin });
      expect(toUser.xml.page.response).toMatchObject({ status: 'ok', device_id: String(dev.id), user_id: String(u.id), new_balance: '10.0000' });
      expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
      expect(err(await t.call('card_by_cli_update', { callerid: '37069900002', pin: pin2.pin }))).toBe('PIN number not found');
    });

    it('refuses in MOR words', async () => {
      const id = await group();
      expect(err(await t.call('card_by_cli_update', { amount: '1' }))).toBe('Callerid must be specified');
      expect(err(await t.call('card_by_cli_update', { callerid: '1', cardgroup_id: '99999' }))).toBe('Supplied Cardgroup_id is invalid');
      expect(err(await t.call('card_by_cli_update', { callerid: '1', cardgroup_id: id }, R))).toBe('Supplied Cardgroup_id is invalid');
      expect(err(await t.call('card_by_cli_update', { callerid: '1' }))).toBe('Supplied Cardgroup_id is invalid');
      expect(err(await t.call('card_by_cli_update', { callerid: '1', cardgroup_id: id }))).toBe('Could not find card');
      expect(err(await t.call('card_by_cli_update', { callerid: '1', amount: '-1' }))).toBe('Failed to make transaction');
      expect(err(await t.call('card_by_cli_update', { callerid: '1', pin: '000000x' }))).toBe('PIN number not found');
      expect(err(await t.call('card_by_cli_update', { callerid: '1' }, { u: 'carduser' }))).toBe('Access Denied');
      // The admin's user's device: the reseller may not touch that user's balance.
      const dev = await createDevice(t, (await one("SELECT id FROM users WHERE username = 'carduser'")).id);
      await q('INSERT INTO device_clis (device_id, cli) VALUES (?, ?)', [dev.id, '37069900009']);
      expect(err(await t.call('card_by_cli_update', { callerid: '37069900009', amount: '1' }, R))).toBe("Device already has such callerid, but you do not have permission to change user's balance");
    });
  });

  describe('vouchers', () => {
    async function vouchers(n: number, credit = '24.2', tax = '21', currency = 'USD', activeTill: string | null = null): Promise<string[]> {
      const numbers = Array.from({ length: n }, () => `${9000000000 + ++seq * 1000 + Math.floor(Math.random() * 1000)}`);
      for (const number of numbers) await q('INSERT INTO vouchers (number, credit_with_tax, tax_percent, currency, active_till) VALUES (?, ?, ?, ?, ?)', [number, credit, tax, currency, activeTill]);
      return numbers;
    }

    it('credits the user (without tax, default currency), records a Voucher payment, works once', async () => {
      const [v] = await vouchers(1, '24.2', '21', 'EUR');
      const u = await t.createUser({ username: 'vuser' });
      const r = await t.call('voucher_use', { voucher_number: v, user_id: String(u.id) });
      expect(r.xml.page.status).toMatchObject({
        status: 'Voucher used to update balance', voucher_number: v, credit_with_tax: '24.2000', credit_without_tax: '20.0000', currency: 'EUR',
        credit_in_default_currency: '10.0000', user_id: String(u.id), balance_after_voucher_use: '10.0000',
      });
      const pay = await one('SELECT paymenttype, user_id FROM payments WHERE id = ?', [r.xml.page.status.payment_id]);
      expect(pay).toMatchObject({ paymenttype: 'Voucher', user_id: u.id });
      expect(err(await t.call('voucher_use', { voucher_number: v, user_id: String(u.id) }))).toBe('Voucher was not found');
      // A simple user of the admin redeems for itself.
      const [v2] = await vouchers(1, '1.21');
      expect((await t.call('voucher_use', { voucher_number: v2 }, { u: 'vuser' })).xml.page.status.balance_after_voucher_use).toBe('11.0000');
    });

    it('refuses in MOR words', async () => {
      const [v] = await vouchers(1);
      const [expired] = await vouchers(1, '1', '0', 'USD', '2001-01-01 00:00:00');
      const resUser = await t.createUser({ username: 'vresuser', owner_id: (await one("SELECT id FROM users WHERE username = 'cardres'")).id });
      expect(err(await t.call('voucher_use', { voucher_number: expired, user_id: String(resUser.id) }))).toBe('User was not found');
      const carduser = await one("SELECT id FROM users WHERE username = 'carduser'");
      expect(err(await t.call('voucher_use', { voucher_number: expired, user_id: String(carduser.id) }))).toBe('Voucher was not found');
      expect(err(await t.call('voucher_use', { voucher_number: 'nope', user_id: String(carduser.id) }))).toBe('Voucher was not found');
      expect(err(await t.call('voucher_use', { voucher_number: v }))).toBe('User was not found');
      expect(err(await t.call('voucher_use', { voucher_number: v, user_id: '0' }, { u: 'carduser' }))).toBe('User was not found');
      expect(err(await t.call('voucher_use', { voucher_number: v }, { u: 'vresuser', key: RKEY }))).toBe('Access Denied');
      await t.settings.set('vouchers_enabled', '0');
      expect(err(await t.call('voucher_use', { voucher_number: v, user_id: String(carduser.id) }))).toBe('Vouchers Disabled');
      await t.settings.set('vouchers_enabled', '1');
      expect(err(await t.call('voucher_use', { voucher_number: v, user_id: String(carduser.id) }, { hashOrder: ['voucher_number', 'user_id'] }))).toBe('Incorrect hash');
    });

    it('32 parallel clients: distinct vouchers add up exactly; one voucher is used once', async () => {
      const u = await t.createUser({ username: 'vpar' });
      const list = await vouchers(32, '1.21', '21');
      const rs = await Promise.all(list.map((v) => t.call('voucher_use', { voucher_number: v, user_id: String(u.id) })));
      for (const r of rs) expect(r.xml.page.status.status).toBe('Voucher used to update balance');
      expect(String((await one('SELECT balance FROM users WHERE id = ?', [u.id])).balance)).toMatch(/^32(\.0+)?$/);
      const [shared] = await vouchers(1, '1.21', '21');
      const race = await Promise.all(Array.from({ length: 32 }, () => t.call('voucher_use', { voucher_number: shared, user_id: String(u.id) })));
      expect(race.filter((r) => r.xml.page?.status?.status === 'Voucher used to update balance')).toHaveLength(1);
      expect(race.filter((r) => err(r) === 'Voucher was not found')).toHaveLength(31);
      expect(String((await one('SELECT balance FROM users WHERE id = ?', [u.id])).balance)).toMatch(/^33(\.0+)?$/);
      expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger WHERE account_type = 'user' AND account_id = ? AND kind = 'voucher'", [u.id])).n)).toBe(33);
      expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: u.id }))).findings).toEqual([]);
    });
  });

  it('every param of every method, alone bad against a valid baseline, gets a MOR-style answer and no half-write', async () => {
    const id = await group({ price_with_vat: '1' });
    await cards(id, '80000000', '80000009');
    await t.call('card_from_group_sell', { id, quantity: '3' });
    await t.settings.set('api_allow_payments', '1');
    const card = await one('SELECT id, pin FROM cards WHERE number = ?', ['80000009']);
    const ledgerBefore = Number((await one('SELECT COUNT(*) AS n FROM balance_ledger')).n);
    const groupParams = { name: 'sweep', description: 'd', price_with_vat: '1', setup_fee: '0', ghost_min_perc: '100', daily_charge: '0', tariff_id: '', lcr_id: '', date_from: '1', date_till: '2',
      number_length: '8', pin_length: '6', location_id: '1', valid_after_first_use: '1', ghost_balance_perc: '100', use_external_function: '0', allow_loss_calls: '0', tell_cents: '0',
      tell_balance_in_currency: 'USD', solo_pinless: '0', disable_voucher: '0', callerid_leave: '0', tax1_name: 'VAT', tax1_value: '1', tax2_enabled: '0', tax2_name: 'x', tax2_value: '0', compound_tax: '1', total_tax_name: 'TAX' };
    const plans: [string, Record<string, string>][] = [
      ['cc_group_create', groupParams],
      ['cc_group_update', { ...groupParams, cc_group_id: id }],
      ['cc_groups_get', { cc_group_id: id }],
      ['card_group_get', { id }],
      ['card_from_group_sell', { id, quantity: '1', email: 'a@b.c', curr: 'USD' }],
      ['card_by_cli_update', { callerid: '37060000999', amount: '1', cardgroup_id: id }],
      ['cc_by_cli_old', { callerid: '37060000998', pin: card.pin, cardgroup_id: id }],
      ['calling_cards_get', { number: '80000000', name: 'x', pin: '1', batch_number: 'b', min_balance: '0', max_balance: '9', callerid: '1', language: 'en', sold: 'all', distributor: '1' }],
      ['calling_cards_create', { card_group_id: id, cards_from: '80000010', cards_till: '80000011', batch_number: 'b', min_balance: '0', distributor_id: '', language: 'en' }],
      ['calling_card_update', { card_id: String(card.id), number: '80000009', name: 'n', pin: card.pin, batch_number: 'b', callerid: '', min_balance: '0', daily_charge_paid_till: '1', language: 'en', first_use: '-1', distributor: '0' }],
      ['card_balance_get', { number: '80000000' }],
      ['card_payment_add', { number: '80000000', amount: '1', currency: 'USD', description: 'd' }],
      ['voucher_use', { voucher_number: '1', user_id: '' }],
    ];
    const failures: string[] = [];
    for (const [method, base] of plans) failures.push(...(await sweepMethod(t, method, Object.keys(base), { base: () => ({ ...base }), root: 'page' })));
    expect(failures).toEqual([]);
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
    expect(Number((await one('SELECT COUNT(*) AS n FROM balance_ledger')).n)).toBeGreaterThan(ledgerBefore);
    await t.settings.set('api_allow_payments', '0');
  }, 180_000);

  it('100,000 cards in one call: one batched write, unique numbers and PINs, ledger rows', async () => {
    const id = await group({ number_length: '10', pin_length: '8', price_with_vat: '5' });
    const started = Date.now();
    const r = await t.call('calling_cards_create', { card_group_id: id, cards_from: '7000000000', cards_till: '7000099999' }, { via: 'form' });
    const ms = Date.now() - started;
    expect(r.xml.page.status).toBe('Cards created: 100000/100000');
    const stats = await one('SELECT COUNT(*) AS n, COUNT(DISTINCT number) AS numbers, COUNT(DISTINCT pin) AS pins FROM cards WHERE cardgroup_id = ?', [id]);
    expect([Number(stats.n), Number(stats.numbers), Number(stats.pins)]).toEqual([100000, 100000, 100000]);
    expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger l JOIN cards c ON c.id = l.account_id WHERE l.account_type = 'card' AND l.kind = 'opening' AND c.cardgroup_id = ?", [id])).n)).toBe(100000);
    process.stderr.write(`[figure] calling_cards_create 100,000 cards on ${ON_MYSQL ? 'MariaDB' : 'SQLite'}: ${ms} ms\n`);
  }, 120_000);
});
