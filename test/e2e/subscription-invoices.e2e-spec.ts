import { money } from '../../src/billing/money';
import { InvoiceGenerator } from '../../src/families/invoices/invoice-generator.service';
import { ChargingService } from '../../src/families/services/charging.service';
import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const ts = (day: string) => String(Date.parse(`${day}T00:00:00Z`) / 1000);

/** Postpaid users' subscription fees go through the invoice of the period they cover (the charging run adds invoice charges). */
describe('Postpaid subscriptions on invoices', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it("a postpaid user's monthly fee is on that month's invoice once, also after the charging run ran twice; the balance does not move", async () => {
    const post = await t.createUser({ username: 'inv_post', postpaid: 1, credit: '-1' });
    const service = (await t.call('service_create', { new_service_name: 'Line rent', new_service_type: 'periodic_fee', service_sell_price: '31.5', service_period: 'month' })).xml.page.status.service.id;
    const created = await t.call('subscription_create', { user_id: String(post.id), service_id: service, subscription_activation_start: ts('2027-01-01') });
    expect(created.xml.page.status.success).toBe('Subscription was successfully created');
    const charging = t.app.get(ChargingService);
    // January has not ended on the 15th: nothing is billed yet.
    await charging.run(new Date('2027-01-15T12:00:00Z'));
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM invoice_charges WHERE user_id = ?', [post.id]))[0].n)).toBe(0);
    const first = await charging.run(new Date('2027-02-01T12:00:00Z'));
    const second = await charging.run(new Date('2027-02-01T13:00:00Z'));
    expect([first.periods, second.periods]).toEqual([1, 0]);
    const charges = await t.db.query('SELECT source, source_id, price, charged_at FROM invoice_charges WHERE user_id = ?', [post.id]);
    expect(charges).toHaveLength(1);
    expect(charges[0].source).toBe('subscription');

    const gen = t.app.get(InvoiceGenerator);
    for (let i = 0; i < 2; i++) await gen.generate({ from: '2027-01-01', till: '2027-01-31', issueDate: '2027-02-02', users: 'postpaid', userId: post.id });
    const invoices = await t.db.query('SELECT id, price FROM invoices WHERE user_id = ?', [post.id]);
    expect(invoices).toHaveLength(1);
    const lines = await t.db.query('SELECT name, price, service_id FROM invoicedetails WHERE invoice_id = ?', [invoices[0].id]);
    expect(lines).toHaveLength(1);
    expect([lines[0].name, money(lines[0].price).toFixed(2), Number(lines[0].service_id)]).toEqual(['Line rent 2027-01-01 - 2027-01-31', '31.50', Number(service)]);
    expect(money(invoices[0].price).toFixed(2)).toBe('31.50');
    expect(money((await t.db.query('SELECT balance FROM users WHERE id = ?', [post.id]))[0].balance).toFixed(6)).toBe('0.000000');
    expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM payments WHERE user_id = ? AND paymenttype = 'Subscription'", [post.id]))[0].n)).toBe(0);
    // February's invoice does not repeat January's fee.
    await charging.run(new Date('2027-02-20T12:00:00Z'));
    await gen.generate({ from: '2027-02-01', till: '2027-02-28', issueDate: '2027-03-02', users: 'postpaid', userId: post.id });
    expect(await t.db.query('SELECT id FROM invoices WHERE user_id = ? AND period_start >= ?', [post.id, '2027-02-01'])).toHaveLength(0);
  });
});
