import { money } from '../../src/billing/money';
import { balanceAudit } from '../../src/ledger/audit-command';
import { TestApp, errorOf } from '../support/test-app';

describe('credit notes (03 §S7) and financial statements (03 §S8)', () => {
  let t: TestApp;
  let user: number;
  let resUser: number;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.settings.set('api_allow_payments', '1');
    user = (await t.createUser({ username: 'cnuser', tax1_value: '10', tax2_value: '5', tax2_enabled: 1, compound_tax: 1 })).id;
    await t.db.transaction((m) => m.query("UPDATE users SET balance = '5' WHERE id = ?", [user]).then(() => m.query("INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at) VALUES ('user', ?, 'opening', '', '5', '5', 'Opening balance', '2026-01-01 00:00:00')", [user])));
    const reseller = await t.createReseller('cnres', 'cnres-key');
    resUser = (await t.createUser({ username: 'cnresuser', owner_id: reseller.id })).id;
  }, 60_000);
  afterAll(() => t.close());

  const balance = async () => money((await t.db.query('SELECT balance FROM users WHERE id = ?', [user]))[0].balance).toFixed(2);
  const now = () => String(Math.floor(Date.now() / 1000));
  const notes = async (params: Record<string, string> = { user_id: String(user) }) => [(await t.call('credit_notes_get', params)).xml.page.credit_notes.credit_note].flat().filter(Boolean);
  const count = async (table: string) => Number((await t.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('S7: 20.00 on balance 5.00: created 5.00 → paid 25.00 → unpaid 5.00 → paid and deleted 25.00', async () => {
    const created = await t.call('credit_note_create', { user_id: String(user), number: 'CN-1', price: '20', issue_date: now(), comment: 'refund' });
    expect(created.xml.page.status).toBe('Credit note was created');
    expect(await balance()).toBe('5.00');
    const [note] = await notes();
    expect(note).toMatchObject({ user_id: String(user), number: 'CN-1', comment: 'refund', price: '20.0000', price_with_vat: '23.1000', pay_date: '' });
    const update = (status: string) => t.call('credit_note_update', { credit_note_id: note.id, status });
    expect((await update('paid')).xml.page.status).toBe('Credit note was updated');
    expect(await balance()).toBe('25.00');
    const [payment] = await t.db.query("SELECT paymenttype, amount_default FROM payments WHERE credit_note_id = ?", [note.id]);
    expect([payment.paymenttype, money(payment.amount_default).toFixed(2)]).toEqual(['Credit note', '20.00']);
    expect((await update('paid')).xml.page.status).toBe('Credit note was updated');
    expect(await balance()).toBe('25.00');
    await update('unpaid');
    expect(await balance()).toBe('5.00');
    expect(await count('payments')).toBe(0);
    await update('paid');
    expect((await t.call('credit_note_delete', { credit_note_id: note.id })).xml.page.status).toBe('Credit note was deleted');
    expect(await balance()).toBe('25.00');
    expect(await count('payments')).toBe(1);
    expect((await balanceAudit(t.db, 'cnuser')).consistent).toBe(true);
  });

  it('a negative credit note lowers the balance when paid', async () => {
    await t.call('credit_note_create', { user_id: String(user), number: 'CN-NEG', price: '-2.5', issue_date: now() });
    const note = (await notes()).find((n: any) => n.number === 'CN-NEG');
    await t.call('credit_note_update', { credit_note_id: note.id, status: 'paid' });
    expect(await balance()).toBe('22.50');
  });

  it.each([['abc'], ['1e309'], ['0.1234567'], [''], ['99999999999999999']])('price %p: Credit note was not created, nothing written', async (price) => {
    const before = await count('credit_notes');
    expect(errorOf((await t.call('credit_note_create', { user_id: String(user), price, issue_date: now() })).xml)).toBe('Credit note was not created');
    expect(await count('credit_notes')).toBe(before);
  });

  it('documented errors: missing issue date, unknown user, unknown note, bad status', async () => {
    expect(errorOf((await t.call('credit_note_create', { user_id: String(user), price: '1' })).xml)).toBe('Credit note was not created');
    expect(errorOf((await t.call('credit_note_create', { user_id: '99999', price: '1', issue_date: now() })).xml)).toBe('User was not found');
    expect(errorOf((await t.call('credit_note_update', { credit_note_id: '99999', status: 'paid' })).xml)).toBe('Credit note was not found');
    expect(errorOf((await t.call('credit_note_delete', { credit_note_id: 'x' })).xml)).toBe('Credit note was not found');
    const [note] = await notes();
    expect(errorOf((await t.call('credit_note_update', { credit_note_id: note.id, status: 'maybe' })).xml)).toBe('Credit note was not updated');
    expect(errorOf((await t.call('credit_notes_get', { user_id: String(user) }, { u: 'cnuser', key: 'test-admin-secret' })).xml)).toBe('Access Denied');
  });

  it("a reseller sees and pays only its own users' credit notes; another's answer as missing ones", async () => {
    const r = { u: 'cnres', key: 'cnres-key' };
    expect(errorOf((await t.call('credit_note_create', { user_id: String(user), price: '1', issue_date: now() }, r)).xml)).toBe('User was not found');
    expect((await t.call('credit_note_create', { user_id: String(resUser), price: '4', issue_date: now() }, r)).xml.page.status).toBe('Credit note was created');
    const own = [(await t.call('credit_notes_get', {}, r)).xml.page.credit_notes.credit_note].flat();
    expect(own.map((n: any) => n.user_id)).toEqual([String(resUser)]);
    const [foreign] = await notes();
    expect(errorOf((await t.call('credit_note_update', { credit_note_id: foreign.id, status: 'unpaid' }, r)).xml)).toBe('Credit note was not found');
    expect(errorOf((await t.call('credit_note_delete', { credit_note_id: foreign.id }, r)).xml)).toBe('Credit note was not found');
    expect(errorOf((await t.call('credit_notes_get', { credit_note_id: foreign.id }, r)).xml)).toBe('Credit note was not found');
    await t.call('credit_note_update', { credit_note_id: own[0].id, status: 'paid' }, r);
    expect(money((await t.db.query('SELECT balance FROM users WHERE id = ?', [resUser]))[0].balance).toFixed(2)).toBe('4.00');
  });

  it('S8: statements split paid/unpaid with count, price and price with VAT, in the default currency', async () => {
    await t.db.query("UPDATE currencies SET active = 1, exchange_rate = '0.5' WHERE name = 'EUR'");
    await t.call('payment_create', { user_id: String(user), amount: '10', p_currency: 'EUR' });
    await t.call('credit_note_create', { user_id: String(user), number: 'CN-OPEN', price: '100', issue_date: now() });
    const day = Math.floor(Date.now() / 1000);
    const r = await t.call('financial_statements_get', { user_id: String(user), date_from: String(day - 3600), date_till: String(day + 3600) });
    expect(r.xml.page.financial_statement.$.currency).toBe('USD');
    const byKey = Object.fromEntries([r.xml.page.financial_statement.statement].flat().map((s: any) => [`${s.$.type}/${s.status}`, [s.count, s.price, s.price_with_vat]]));
    expect(byKey).toEqual({
      'invoices/paid': ['0', '0.0000', '0.0000'], 'invoices/unpaid': ['0', '0.0000', '0.0000'],
      // CN-NEG paid (-2.50, -2.89 with VAT); CN-OPEN unpaid 100 → 115.50 (10 % then 5 %, compound).
      'credit_notes/paid': ['1', '-2.5000', '-2.8900'], 'credit_notes/unpaid': ['1', '100.0000', '115.5000'],
      // Credit-note payments (20 and -2.50) and 10 EUR at 0.5 = 20 USD (with 15.5 % tax: 23.10).
      'payments/paid': ['3', '37.5000', '43.3100'], 'payments/unpaid': ['0', '0.0000', '0.0000'],
    });
    const paidOnly = await t.call('financial_statements_get', { user_id: String(user), status: 'paid', date_from: String(day - 3600), date_till: String(day + 3600) }, { hashOrder: ['user_id', 'status', 'date_from', 'date_till'] });
    expect([paidOnly.xml.page.financial_statement.statement].flat().map((s: any) => s.status)).toEqual(['paid', 'paid', 'paid']);
  });

  it("S8 scopes: a reseller's statements count only its users' documents; another user is refused like a missing one", async () => {
    const day = Math.floor(Date.now() / 1000);
    const range = { date_from: String(day - 3600), date_till: String(day + 3600) };
    const r = { u: 'cnres', key: 'cnres-key' };
    const mine = await t.call('financial_statements_get', range, r);
    const paidNotes = [mine.xml.page.financial_statement.statement].flat().find((s: any) => s.$.type === 'credit_notes' && s.status === 'paid');
    expect([paidNotes.count, paidNotes.price]).toEqual(['1', '4.0000']);
    expect(errorOf((await t.call('financial_statements_get', { user_id: String(user), ...range }, r)).xml)).toBe('Access Denied');
    expect(errorOf((await t.call('financial_statements_get', { user_id: '99999', ...range }, r)).xml)).toBe('Access Denied');
    expect(errorOf((await t.call('financial_statements_get', range, { u: 'cnuser', key: 'test-admin-secret' })).xml)).toBe('Access Denied');
  });
});
