import { CardPayerService } from '../../src/families/calling-cards/card-payer.service';
import { auditBalances } from '../../src/ledger/ledger';
import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** The card side of call_authorize / call_end: lookups, refusals, spendable, debits under parallel call ends. */
describe('CardPayerService', () => {
  let t: TestApp;
  let payer: CardPayerService;
  const one = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0];

  beforeAll(async () => {
    t = await TestApp.start();
    payer = t.app.get(CardPayerService);
    await t.settings.set('api_allow_payments', '1');
  });
  afterAll(async () => t.close());

  async function groupWithCards(name: string, extra: Record<string, string>, from: string, till: string): Promise<number> {
    await t.call('cc_group_create', { name, number_length: '8', pin_length: '6', price_with_vat: '10', tax1_value: '0', ...extra });
    const { id } = await one('SELECT id FROM cardgroups WHERE name = ?', [name]);
    await t.call('calling_cards_create', { card_group_id: String(id), cards_from: from, cards_till: till });
    return Number(id);
  }

  it('finds a sold card by number and PIN or by caller id, with its group tariff, LCR, location, taxes and spendable balance', async () => {
    await t.db.query("INSERT INTO tariffs (name, purpose, owner_id, currency) VALUES ('payer t', 'user', 0, 'USD')");
    const { id: tariffId } = await one("SELECT id FROM tariffs WHERE name = 'payer t'");
    await groupWithCards('payer', { tariff_id: String(tariffId), setup_fee: '0.5', tax1_value: '21' }, '60000000', '60000002');
    const card = await one('SELECT id, number, pin FROM cards WHERE number = ?', ['60000000']);
    const unsold = await t.db.transaction((m) => payer.byNumberAndPin(m, card.number, card.pin));
    expect(unsold).toEqual({ ok: false, refusal: 'not_sold' });
    await t.call('card_from_group_sell', { id: String((await one('SELECT cardgroup_id FROM cards WHERE id = ?', [card.id])).cardgroup_id), number: '60000000' });
    await t.db.query('UPDATE cards SET min_balance = ? WHERE id = ?', ['1', card.id]);
    const found = await t.db.transaction((m) => payer.byNumberAndPin(m, card.number, card.pin));
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.payer).toMatchObject({ tariffId: Number(tariffId), lcrId: 0, locationId: 1 });
    // 10 / 1.21 = 8.264463 balance; minus minimum 1 and setup fee 0.5.
    expect(found.payer.spendable.toFixed(6)).toBe('6.764463');
    expect(found.payer.taxes.taxes[0].value).toBe('21.000000');
    expect(await t.db.transaction((m) => payer.byNumberAndPin(m, card.number, '000000x'))).toEqual({ ok: false, refusal: 'not_found' });
    await t.call('card_by_cli_update', { callerid: '37061111111', pin: card.pin });
    const pinless = await t.db.transaction((m) => payer.byCallerId(m, '37061111111'));
    expect(pinless.ok && pinless.payer.card.id).toBe(card.id);
  });

  it('refuses expired, disabled and solo pinless cards in a call', async () => {
    const groupId = await groupWithCards('payer2', { solo_pinless: '1', date_till: '1000000000' }, '61000000', '61000001');
    await t.call('card_from_group_sell', { id: String(groupId), quantity: '2' });
    const card = await one('SELECT id, number, pin FROM cards WHERE number = ?', ['61000000']);
    expect(await t.db.transaction((m) => payer.byNumberAndPin(m, card.number, card.pin))).toEqual({ ok: false, refusal: 'expired' });
    await t.call('cc_group_update', { cc_group_id: String(groupId), date_till: '4000000000' });
    await t.call('card_by_cli_update', { callerid: '37062222222', pin: card.pin });
    await t.db.query("INSERT INTO activecalls (uniqueid, start_time, card_id, hold_amount) VALUES ('solo-1', '2026-01-01 00:00:00', ?, '1')", [card.id]);
    expect(await t.db.transaction((m) => payer.byCallerId(m, '37062222222'))).toEqual({ ok: false, refusal: 'in_use' });
    const byPin = await t.db.transaction((m) => payer.byNumberAndPin(m, card.number, card.pin));
    expect(byPin.ok && byPin.payer.spendable.toFixed(6)).toBe('9.000000');
    await t.db.query('UPDATE cards SET disabled = 1 WHERE id = ?', [card.id]);
    expect(await t.db.transaction((m) => payer.byNumberAndPin(m, card.number, card.pin))).toEqual({ ok: false, refusal: 'disabled' });
  });

  it('debits once per call uniqueid; setup fee once; first use set; 32 parallel call ends add up exactly', async () => {
    const groupId = await groupWithCards('payer3', { setup_fee: '0.25' }, '62000000', '62000000');
    await t.call('card_from_group_sell', { id: String(groupId) });
    const { id } = await one('SELECT id FROM cards WHERE number = ?', ['62000000']);
    const cardId = Number(id);
    const ends = await Promise.all(Array.from({ length: 32 }, (_, i) => t.db.transaction((m) => payer.debit(m, cardId, { uniqueid: `call-${i}`, amount: '0.123456', answered: true }))));
    expect(ends.every((e) => e.applied)).toBe(true);
    const retry = await t.db.transaction((m) => payer.debit(m, cardId, { uniqueid: 'call-0', amount: '0.123456', answered: true }));
    expect(retry.applied).toBe(false);
    // 10 − 0.25 − 32 × 0.123456 = 5.799408
    const card = await one('SELECT balance, first_use FROM cards WHERE id = ?', [cardId]);
    expect(String(card.balance)).toMatch(/^5\.799408/);
    expect(card.first_use).not.toBeNull();
    expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger WHERE account_type = 'card' AND account_id = ? AND kind = 'call'", [cardId])).n)).toBe(32);
    expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger WHERE account_type = 'card' AND account_id = ? AND cause_id = ?", [cardId, `setup:${cardId}`])).n)).toBe(1);
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'card', accountId: cardId }))).findings).toEqual([]);
  });

  it('charges the daily charge once per day since first use', async () => {
    const groupId = await groupWithCards('payer4', { daily_charge: '0.1' }, '63000000', '63000000');
    await t.call('card_from_group_sell', { id: String(groupId) });
    const { id } = await one('SELECT id FROM cards WHERE number = ?', ['63000000']);
    await t.db.query("UPDATE cards SET first_use = '2026-03-08 10:00:00' WHERE id = ?", [id]);
    const now = new Date('2026-03-10T12:00:00Z');
    expect(await t.db.transaction((m) => payer.chargeDaily(m, Number(id), now))).toBe(3);
    expect(await t.db.transaction((m) => payer.chargeDaily(m, Number(id), now))).toBe(0);
    expect(String((await one('SELECT balance FROM cards WHERE id = ?', [id])).balance)).toMatch(/^9\.70*$/);
  });
});
