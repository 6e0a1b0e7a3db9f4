import { Decimal } from '../../src/billing/money';
import { RerateService } from '../../src/families/calls/rerate.service';
import { auditBalances } from '../../src/ledger/ledger';
import { CallWorld, balanceOf, createCallWorld } from '../support/call-fixtures';
import { TestApp, errorOf } from '../support/test-app';

jest.setTimeout(180_000);

/** Calling cards as the payer of a call: call_authorize by card number + PIN or caller id, call_end debits the card. */
describe('Card calls (call_authorize / call_end with a calling card)', () => {
  let t: TestApp;
  let w: CallWorld;
  let seq = 0;
  const uid = () => `card-${process.pid}-${++seq}`;
  const one = async (sql: string, params: unknown[] = []) => (await t.db.query(sql, params))[0];
  const cardBalance = async (id: number) => new Decimal(String((await one('SELECT balance FROM cards WHERE id = ?', [id])).balance));

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createCallWorld(t, 'cc');
    await t.settings.set('api_allow_payments', '1');
  });
  afterAll(async () => t.close());

  /** A sold card of a new group on the admin's 0.05/min tariff and the world's LCR. */
  async function soldCard(name: string, number: string, price: string, setupFee = '0'): Promise<{ id: number; number: string; pin: string }> {
    await t.call('cc_group_create', {
      name, number_length: String(number.length), pin_length: '6', price_with_vat: price, tax1_value: '0', setup_fee: setupFee,
      tariff_id: String(w.resellerTariffId), lcr_id: String(w.lcrId),
    });
    const group = await one('SELECT id FROM cardgroups WHERE name = ?', [name]);
    await t.call('calling_cards_create', { card_group_id: String(group.id), cards_from: number, cards_till: number });
    await t.call('card_from_group_sell', { id: String(group.id), number });
    const card = await one('SELECT id, number, pin, sold FROM cards WHERE number = ?', [number]);
    expect(Number(card.sold)).toBe(1);
    return { id: Number(card.id), number: String(card.number), pin: String(card.pin) };
  }

  it('a card call end to end: group tariff and LCR, maximum duration from the card, hold on the card, call_end debits it once with the setup fee', async () => {
    const card = await soldCard('cards-e2e', '70000001', '1', '0.5');
    const userBefore = await balanceOf(t, 'users', w.userId);
    const u = uid();
    const a = (await t.call('call_authorize', { uniqueid: u, device_id: String(w.deviceId), dst: '37069912345', card_number: card.number, card_pin: card.pin })).xml.page.call;
    // 1.00 − setup fee 0.50 = 0.50 at 0.05/min: 600 s.
    expect(a).toMatchObject({ status: 'allowed', hangupcause: '0', user_id: '0', max_duration: '600', localized_dst: '37069912345' });
    expect([a.card_id, a.routes.route.provider_id]).toEqual([String(card.id), String(w.providerId)]);
    const held = await one('SELECT card_id, hold_amount, payer_id FROM activecalls WHERE uniqueid = ?', [u]);
    expect([Number(held.card_id), new Decimal(String(held.hold_amount)).toFixed(6), Number(held.payer_id)]).toEqual([card.id, '0.500000', 0]);
    // The card's hold counts: a second call has nothing left.
    const second = (await t.call('call_authorize', { uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555', card_number: card.number, card_pin: card.pin })).xml.page.call;
    expect([second.status, second.hangupcause]).toEqual(['refused', '211']);
    expect((await t.call('call_start', { uniqueid: u })).xml.page.call.status).toBe('answered');
    const end = (await t.call('call_end', { uniqueid: u, billsec: '60' })).xml.page;
    expect(end.call).toMatchObject({ user_id: '0', user_price: '0.050000', provider_price: '0.020000' });
    expect((await cardBalance(card.id)).toFixed(6)).toBe('0.450000');
    expect(Number((await one('SELECT card_id FROM calls WHERE uniqueid = ?', [u])).card_id)).toBe(card.id);
    expect(await balanceOf(t, 'users', w.userId)).toBe(userBefore);
    expect((await one('SELECT first_use FROM cards WHERE id = ?', [card.id])).first_use).not.toBeNull();
    // A retry answers the same and charges nothing.
    expect((await t.call('call_end', { uniqueid: u, billsec: '999' })).xml.page).toEqual(end);
    expect((await cardBalance(card.id)).toFixed(6)).toBe('0.450000');
    expect(Number((await one('SELECT COUNT(*) AS n FROM activecalls')).n)).toBe(0);
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'card', accountId: card.id }))).findings).toEqual([]);
  });

  it('a pinless card by the caller id bound to it; refusals: no balance 211, unknown card 200, disabled 201; bad params are errors', async () => {
    const card = await soldCard('cards-pinless', '71000001', '2');
    await t.call('card_by_cli_update', { callerid: '37065550000', pin: card.pin });
    const pinless = (await t.call('call_authorize', { uniqueid: uid(), device_id: String(w.deviceId), src: '37065550000', dst: '3706555', card_pinless: '1' })).xml.page.call;
    expect([pinless.status, pinless.max_duration]).toEqual(['allowed', '2400']);
    await t.call('call_end', { uniqueid: pinless.uniqueid, billsec: '0' });
    expect((await cardBalance(card.id)).toFixed(6)).toBe('2.000000');

    const empty = await soldCard('cards-empty', '72000001', '0');
    const active = Number((await one('SELECT COUNT(*) AS n FROM activecalls')).n);
    const refused = (await t.call('call_authorize', { uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555', card_number: empty.number, card_pin: empty.pin })).xml.page.call;
    expect([refused.status, refused.hangupcause, refused.isdn_cause, refused.sip_code, refused.max_duration]).toEqual(['refused', '211', '34', '503', '0']);
    const unknown = (await t.call('call_authorize', { uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555', card_number: empty.number, card_pin: '999999' })).xml.page.call;
    expect([unknown.status, unknown.hangupcause]).toEqual(['refused', '200']);
    await t.db.query('UPDATE cards SET disabled = 1 WHERE id = ?', [card.id]);
    const disabled = (await t.call('call_authorize', { uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555', card_number: card.number, card_pin: card.pin })).xml.page.call;
    expect([disabled.status, disabled.hangupcause]).toEqual(['refused', '201']);
    expect(Number((await one('SELECT COUNT(*) AS n FROM activecalls')).n)).toBe(active);

    const base = { uniqueid: uid(), device_id: String(w.deviceId), dst: '3706555' };
    expect(errorOf((await t.call('call_authorize', { ...base, card_number: card.number })).xml)).toBe('Card PIN is missing');
    expect(errorOf((await t.call('call_authorize', { ...base, card_number: '12ab', card_pin: '1' })).xml)).toBe('Card number is invalid');
    expect(errorOf((await t.call('call_authorize', { ...base, card_number: card.number, card_pin: ' 1' })).xml)).toBe('Card PIN is invalid');
    expect(errorOf((await t.call('call_authorize', { ...base, card_pinless: '1' })).xml)).toBe('Source is missing');
    expect(errorOf((await t.call('call_authorize', { ...base, card_pinless: '2' })).xml)).toBe('Card pinless is invalid');
  });

  it('32 parallel card call_ends, each sent twice at once: the card moves by exactly the CDR sum plus the setup fee once', async () => {
    const card = await soldCard('cards-parallel', '73000001', '1000', '0.25');
    const ids = Array.from({ length: 32 }, uid);
    for (const u of ids) {
      const a = (await t.call('call_authorize', { uniqueid: u, device_id: String(w.deviceId), dst: '3706123', card_number: card.number, card_pin: card.pin })).xml.page.call;
      expect(a.status).toBe('allowed');
    }
    const replies = await Promise.all(ids.flatMap((u, i) => [0, 1].map(() => t.call('call_end', { uniqueid: u, billsec: String(1 + i * 13) }))));
    expect(replies.every((r) => r.status === 200 && r.xml.page.status === 'ok')).toBe(true);
    const rows: { user_price: string }[] = await t.db.query(`SELECT user_price FROM calls WHERE uniqueid IN (${ids.map(() => '?').join(', ')})`, ids);
    expect(rows).toHaveLength(32);
    const sum = rows.reduce((s, r) => s.plus(String(r.user_price)), new Decimal(0));
    expect(sum.greaterThan(0)).toBe(true);
    expect((await cardBalance(card.id)).equals(new Decimal(1000).minus('0.25').minus(sum))).toBe(true);
    expect(Number((await one("SELECT COUNT(*) AS n FROM balance_ledger WHERE account_type = 'card' AND account_id = ? AND kind = 'call'", [card.id])).n)).toBe(32);
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
    expect(Number((await one('SELECT COUNT(*) AS n FROM activecalls WHERE card_id = ?', [card.id])).n)).toBe(0);
  });

  it('calls rerate re-prices a card call on its group\'s tariff and moves the card\'s balance by the difference, not a user\'s', async () => {
    const card = await soldCard('cards-rerate', '70000099', '2');
    const u = uid();
    await t.call('call_authorize', { uniqueid: u, device_id: String(w.deviceId), dst: '37069912345', card_number: card.number, card_pin: card.pin });
    await t.call('call_start', { uniqueid: u });
    await t.call('call_end', { uniqueid: u, billsec: '60' });
    const cdr = await one('SELECT calldate FROM calls WHERE uniqueid = ?', [u]);
    const before = await cardBalance(card.id);
    const userBefore = await balanceOf(t, 'users', w.userId);
    await t.db.query('UPDATE ratedetails SET rate = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ?)', ['0.08', w.resellerTariffId]);
    try {
      const at = new Date(`${String(cdr.calldate instanceof Date ? cdr.calldate.toISOString() : cdr.calldate).slice(0, 10)}T00:00:00Z`);
      await t.app.get(RerateService).rerate(at, new Date(at.getTime() + 2 * 86_400_000));
    } finally {
      await t.db.query('UPDATE ratedetails SET rate = ? WHERE rate_id IN (SELECT id FROM rates WHERE tariff_id = ?)', ['0.05', w.resellerTariffId]);
    }
    const after = await one('SELECT user_price, user_id, card_id FROM calls WHERE uniqueid = ?', [u]);
    expect([new Decimal(String(after.user_price)).toFixed(6), Number(after.user_id), Number(after.card_id)]).toEqual(['0.080000', 0, card.id]);
    expect(before.minus(await cardBalance(card.id)).toFixed(6)).toBe('0.030000');
    expect(await balanceOf(t, 'users', w.userId)).toBe(userBefore);
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
  });
});
