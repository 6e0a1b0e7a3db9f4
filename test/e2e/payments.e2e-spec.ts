import { money } from '../../src/billing/money';
import { confirmPayment } from '../../src/families/payments/payment-records';
import { balanceAudit } from '../../src/ledger/audit-command';
import { TestApp, errorOf } from '../support/test-app';

describe('payments: payment_create, payments_get, personal_payments, balance audit', () => {
  let t: TestApp;
  let vat21: number;
  let plain: number;
  let resUser: number;
  let otherUser: number;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.settings.set('api_allow_payments', '1');
    await t.db.query("UPDATE currencies SET active = 1, exchange_rate = '0.92' WHERE name = 'EUR'");
    vat21 = (await t.createUser({ username: 'vat21', tax1_value: '21', first_name: 'Vera', last_name: 'Tax' })).id;
    plain = (await t.createUser({ username: 'plain' })).id;
    const reseller = await t.createReseller('payres', 'payres-key');
    resUser = (await t.createUser({ username: 'resuser', owner_id: reseller.id })).id;
    otherUser = (await t.createUser({ username: 'otheruser' })).id;
  }, 60_000);
  afterAll(() => t.close());

  const balanceOf = async (id: number) => money((await t.db.query('SELECT balance FROM users WHERE id = ?', [id]))[0].balance);
  const paymentCount = async () => Number((await t.db.query('SELECT COUNT(*) AS n FROM payments'))[0].n);
  const pay = (params: Record<string, string>, u = 'admin', key?: string) => t.call('payment_create', { p_currency: 'USD', ...params }, { u, key });

  it('refuses while "API allow Payments" is off, writing nothing', async () => {
    await t.settings.set('api_allow_payments', '0');
    const r = await pay({ user_id: String(plain), amount: '10' });
    expect(errorOf(r.xml)).toBe('Payments not allow from api');
    expect(await paymentCount()).toBe(0);
    await t.settings.set('api_allow_payments', '1');
  });

  it('S4: tax 21 %, amount without tax: balance +50.00, gross 60.50', async () => {
    const r = await pay({ user_id: String(vat21), amount: '50', paymenttype: 'manual' });
    expect(r.xml.page.response).toMatchObject({ status: 'ok', confirmed: 'Yes', payment: { $: { currency: 'USD' }, amount: '50.0000', tax: '10.5000', gross: '60.5000' } });
    expect((await balanceOf(vat21)).toFixed(6)).toBe('50.000000');
  });

  it('S4: tax_in_amount=1 takes the tax out: balance +41.32', async () => {
    const before = await balanceOf(vat21);
    const r = await pay({ user_id: String(vat21), amount: '50', tax_in_amount: '1' });
    expect(r.xml.page.response.payment).toMatchObject({ amount: '41.3223', gross: '50.0000', tax: '8.6777' });
    expect((await balanceOf(vat21)).minus(before).toFixed(2)).toBe('41.32');
  });

  it('S3: a 46 EUR payment at rate 0.92 adds 50.00 in the default currency', async () => {
    const r = await pay({ user_id: String(plain), amount: '46', p_currency: 'EUR' });
    expect(r.xml.page.response.payment.$.currency).toBe('EUR');
    expect((await balanceOf(plain)).toFixed(6)).toBe('50.000000');
    const [row] = await t.db.query("SELECT amount, amount_default, exchange_rate FROM payments WHERE currency = 'EUR'");
    expect([money(row.amount).toFixed(2), money(row.amount_default).toFixed(2), money(row.exchange_rate).toFixed(2)]).toEqual(['46.00', '50.00', '0.92']);
  });

  it('a repeated transaction id is the same payment: the balance moves once', async () => {
    const before = await balanceOf(plain);
    const a = await pay({ user_id: String(plain), amount: '1.25', transaction: 'tx-1' });
    const b = await pay({ user_id: String(plain), amount: '1.25', transaction: 'tx-1' });
    expect(b.xml.page.response.payment.payment_id).toBe(a.xml.page.response.payment.payment_id);
    expect((await balanceOf(plain)).minus(before).toFixed(6)).toBe('1.250000');
  });

  it('the same transaction sent five times at once is one payment', async () => {
    const before = await balanceOf(plain);
    const replies = await Promise.all(Array.from({ length: 5 }, () => pay({ user_id: String(plain), amount: '2', transaction: 'tx-race' })));
    expect(new Set(replies.map((r) => r.xml.page.response.payment.payment_id)).size).toBe(1);
    expect((await balanceOf(plain)).minus(before).toFixed(6)).toBe('2.000000');
  });

  it('"API Payment Confirmation" on: saved, not confirmed, balance unchanged', async () => {
    await t.settings.set('api_payment_confirmation', '1');
    const before = await balanceOf(plain);
    const r = await pay({ user_id: String(plain), amount: '7', transaction: 'pending-1' });
    expect(r.xml.page.response.confirmed).toBe('No');
    expect((await balanceOf(plain)).equals(before)).toBe(true);
    await t.settings.set('api_payment_confirmation', '0');
    const list = await t.call('payments_get', { s_transaction: 'pending-1' });
    expect(list.xml.page.payments.payment).toMatchObject({ completed: 'No (Waiting for confirmation)', confirmed_by_admin: 'No', amount: '7.0000' });
    // The admin confirms it (CLI `payments confirm`): the balance moves once.
    const id = Number(r.xml.page.response.payment.payment_id);
    expect(await t.db.transaction((m) => confirmPayment(m, id))).toBe(true);
    expect(await t.db.transaction((m) => confirmPayment(m, id))).toBe(false);
    expect((await balanceOf(plain)).minus(before).toFixed(6)).toBe('7.000000');
    expect((await t.call('payments_get', { s_transaction: 'pending-1' })).xml.page.payments.payment).toMatchObject({ completed: 'Completed', confirmed_by_admin: 'Yes' });
  });

  it.each([['abc'], ['1e309'], ['0.1234567'], ['-5'], ['0'], [''], ['100000000000000'], ['１']])('amount %p: Payment was not saved, nothing written', async (amount) => {
    const count = await paymentCount();
    const before = await balanceOf(plain);
    const r = await pay({ user_id: String(plain), amount });
    expect(errorOf(r.xml)).toBe('Payment was not saved');
    expect(r.xml.page.message).toMatch(/Amount/);
    expect(await paymentCount()).toBe(count);
    expect((await balanceOf(plain)).equals(before)).toBe(true);
  });

  it('unknown or disabled currency: No currency', async () => {
    expect(errorOf((await pay({ user_id: String(plain), amount: '1', p_currency: 'GBP' })).xml)).toBe('No currency');
    expect(errorOf((await pay({ user_id: String(plain), amount: '1', p_currency: 'XXXX' })).xml)).toBe('No currency');
  });

  it('a reseller pays only its own users; a foreign or missing user answers alike; a simple user may not pay', async () => {
    const own = await pay({ user_id: String(resUser), amount: '3' }, 'payres', 'payres-key');
    expect(own.xml.page.response.status).toBe('ok');
    const foreign = await pay({ user_id: String(otherUser), amount: '3' }, 'payres', 'payres-key');
    const missing = await pay({ user_id: '999999', amount: '3' }, 'payres', 'payres-key');
    expect(errorOf(foreign.xml)).toBe('Access Denied');
    expect(errorOf(missing.xml)).toBe('Access Denied');
    expect((await balanceOf(otherUser)).isZero()).toBe(true);
    const self = await pay({ user_id: String(plain), amount: '3' }, 'plain', 'test-admin-secret');
    expect(errorOf(self.xml)).toBe('Access Denied');
  });

  it("payments_get: X8's elements, filters hashed in MOR's order, owners' scopes", async () => {
    const all = await t.call('payments_get', { s_user_id: String(vat21) });
    const rows = [all.xml.page.payments.payment].flat();
    expect(all.xml.page.pagename).toBe('Payments list');
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual(['user', 'payer', 'transaction_id', 'date', 'confirm_date', 'type', 'amount', 'fee', 'amount_with_tax', 'currency', 'completed', 'confirmed_by_admin']);
    expect(rows[1]).toMatchObject({ user: 'Vera Tax', type: 'manual', amount: '50.0000', amount_with_tax: '60.5000', completed: 'Completed', confirmed_by_admin: 'Yes' });
    const now = Math.floor(Date.now() / 1000);
    const filtered = await t.call('payments_get', { s_user_id: String(vat21), s_from: String(now - 3600), s_till: String(now + 3600), s_completed: '1', s_paymenttype: 'manual', s_amount_min: '45', s_amount_max: '60', s_currency: 'USD' });
    expect([filtered.xml.page.payments.payment].flat()).toHaveLength(1);
    expect(errorOf((await t.call('payments_get', { s_user_id: String(vat21) }, { hashOrder: [] })).xml)).toBe('Incorrect hash');
    const reseller = await t.call('payments_get', {}, { u: 'payres', key: 'payres-key' });
    expect([reseller.xml.page.payments.payment].flat().map((p: any) => p.amount)).toEqual(['3.0000']);
    expect(errorOf((await t.call('payments_get', { s_user_id: String(vat21) }, { u: 'payres', key: 'payres-key' })).xml)).toBe('Access Denied');
    const mine = await t.call('payments_get', {}, { u: 'plain', key: 'test-admin-secret' });
    expect([mine.xml.page.payments.payment].flat().every((p: any) => p.user === 'plain')).toBe(true);
  });

  it('personal_payments lists the caller\'s own payments', async () => {
    const r = await t.call('personal_payments', {}, { u: 'vat21', key: 'test-admin-secret' });
    expect(r.xml.page).toMatchObject({ pagename: 'Payments', userid: String(vat21) });
    const rows = [r.xml.page.payments.payment].flat();
    expect(rows).toHaveLength(2);
    expect(Object.keys(rows[0])).toEqual(['payment_date', 'confirmed_date', 'payment_type', 'amount', 'vat', 'amount_vat', 'currency', 'completed']);
  });

  it('balance audit: every balance is its ledger; an untracked change is named', async () => {
    expect((await balanceAudit(t.db)).consistent).toBe(true);
    await t.db.query("UPDATE users SET balance = '1' WHERE id = ?", [otherUser]);
    const report = await balanceAudit(t.db, 'otheruser');
    expect(report.consistent).toBe(false);
    expect(report.lines[0]).toBe(`INCONSISTENT user ${otherUser}: balance 1.000000, opening + ledger 0.000000`);
    await t.db.query("UPDATE users SET balance = '0' WHERE id = ?", [otherUser]);
  });
});
