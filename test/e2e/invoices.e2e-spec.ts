import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { money } from '../../src/billing/money';
import { invoicePdf } from '../../src/families/invoices/invoice-files';
import { addInvoiceCharge } from '../../src/families/invoices/invoice-charges';
import { InvoiceGenerator } from '../../src/families/invoices/invoice-generator.service';
import { InvoiceScheduler, previousMonth } from '../../src/families/invoices/invoice-scheduler';
import { InvoicesService } from '../../src/families/invoices/invoices.service';
import { callerOf } from '../../src/api/caller';
import { balanceAudit } from '../../src/ledger/audit-command';
import { insertCalls } from '../support/money-fixtures';
import { pdfText } from '../support/pdf-text';
import { ADMIN_KEY, TestApp, errorOf } from '../support/test-app';

const OCTOBER = { from: '2026-10-01', till: '2026-10-31', issueDate: '2026-11-02' };
const unix = (day: string) => String(Date.parse(`${day}T00:00:00Z`) / 1000);

describe('invoices: generation, numbering, invoices_get, invoice_update, files, page-style reads', () => {
  let t: TestApp;
  let files: string;
  let gen: InvoiceGenerator;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'mor-invoices-'));
    t = await TestApp.start({ INVOICE_FILES_DIR: files });
    gen = t.app.get(InvoiceGenerator);
    await t.db.query("UPDATE currencies SET active = 1, exchange_rate = '0.5' WHERE name = 'EUR'");
    const [eur] = await t.db.query("SELECT id FROM currencies WHERE name = 'EUR'");
    ids.post = (await t.createUser({ username: 'inv_post', postpaid: 1, currency_id: Number(eur.id), tax1_value: '10', tax2_value: '5', tax2_enabled: 1, compound_tax: 1, agreement_number: 'AG-1', clientid: 'C-1', first_name: 'Ann', last_name: 'Post' })).id;
    ids.pre = (await t.createUser({ username: 'inv_pre', postpaid: 0 })).id;
    ids.none = (await t.createUser({ username: 'inv_none', postpaid: 1 })).id;
    ids.res = (await t.createReseller('inv_res', 'inv-res-key', { postpaid: 1 })).id;
    ids.resUser = (await t.createUser({ username: 'inv_resuser', postpaid: 1, owner_id: ids.res })).id;
    await insertCalls(t.db, [
      { uniqueid: 'a1', user_id: ids.post, calldate: '2026-10-01 00:00:00', prefix: '44', destination: 'United Kingdom', billsec: 60, user_price: '1.000001' },
      { uniqueid: 'a2', user_id: ids.post, calldate: '2026-10-31 23:59:59', prefix: '44', destination: 'United Kingdom', billsec: 30, user_price: '0.5' },
      { uniqueid: 'a3', user_id: ids.post, calldate: '2026-10-15 12:00:00', prefix: '370', destination: 'Lithuania', billsec: 120, user_price: '2' },
      { uniqueid: 'a4', user_id: ids.post, calldate: '2026-10-15 12:00:00', prefix: '370', billsec: 0, user_price: '0', disposition: 'NO ANSWER' },
      { uniqueid: 'a5', user_id: ids.post, calldate: '2026-11-01 00:00:00', prefix: '44', billsec: 60, user_price: '9' },
      { uniqueid: 'b1', user_id: ids.pre, calldate: '2026-10-10 10:00:00', prefix: '1', destination: 'USA', billsec: 60, user_price: '0.3' },
      { uniqueid: 'c1', user_id: ids.resUser, calldate: '2026-10-10 10:00:00', prefix: '49', destination: 'Germany', billsec: 60, user_price: '0.8', reseller_id: ids.res, reseller_price: '0.5' },
    ]);
    await t.db.transaction((m) => addInvoiceCharge(m, { userId: ids.post, source: 'subscription', sourceId: 's1:2026-10', name: 'Monthly fee', price: '10', serviceId: 3, at: new Date('2026-10-05T00:00:00Z') }));
    // The same charge again changes nothing.
    expect(await t.db.transaction((m) => addInvoiceCharge(m, { userId: ids.post, source: 'subscription', sourceId: 's1:2026-10', name: 'Monthly fee', price: '10', at: new Date('2026-10-05T00:00:00Z') }))).toBe(false);
  }, 60_000);
  afterAll(async () => {
    await t.close();
    rmSync(files, { recursive: true, force: true });
  });

  const invoiceOf = async (userId: number) => (await t.db.query('SELECT * FROM invoices WHERE user_id = ?', [userId]))[0];
  const balanceOf = async (id: number) => money((await t.db.query('SELECT balance FROM users WHERE id = ?', [id]))[0].balance);

  it('generates postpaid invoices from answered calls in the period grouped by prefix, plus charges, in the user\'s currency', async () => {
    const result = await gen.generate({ ...OCTOBER, users: 'postpaid' });
    expect(result).toEqual({ users: 4, created: 3, recalculated: 0, kept: 0, empty: 1 });
    const inv = await invoiceOf(ids.post);
    expect(inv.number).toBe('INV0000001');
    expect([inv.currency, money(inv.exchange_rate).toFixed(2), inv.invoice_type, Number(inv.paid)]).toEqual(['EUR', '0.50', 'postpaid', 0]);
    // 1.000001 + 0.5 + 2 + 10 = 13.500001 net; 10 % → 1.35, then 5 % of 14.850001 → 0.74: 2.09.
    expect([money(inv.price).toFixed(6), money(inv.tax).toFixed(6), money(inv.price_with_tax).toFixed(6), Number(inv.total_time)]).toEqual(['13.500001', '2.090000', '15.590001', 210]);
    const lines = await t.db.query('SELECT name, quantity, price, total_time, prefix, service_id FROM invoicedetails WHERE invoice_id = ? ORDER BY id', [inv.id]);
    expect(lines.map((l: any) => [l.name, Number(l.quantity), money(l.price).toFixed(6), Number(l.total_time), l.prefix, Number(l.service_id)])).toEqual([
      ['Calls to Lithuania', 1, '2.000000', 120, '370', 0],
      ['Calls to United Kingdom', 2, '1.500001', 90, '44', 0],
      ['Monthly fee', 1, '10.000000', 0, '', 3],
    ]);
    // A reseller is invoiced what its users' calls cost it.
    expect(money((await invoiceOf(ids.res)).price).toFixed(2)).toBe('0.50');
    expect(await invoiceOf(ids.pre)).toBeUndefined();
    expect(await invoiceOf(ids.none)).toBeUndefined();
  });

  it.each([['2026-02-30', '2026-03-01'], ['2026-10-31', '2026-10-01'], ['10/01/2026', '2026-10-31']])('refuses the period %p to %p', async (from, till) => {
    await expect(gen.generate({ from, till, users: 'all' })).rejects.toThrow(RangeError);
  });

  it('prepaid users on request; a rerun recalculates unsent invoices under the same number; sent ones are kept', async () => {
    expect(await gen.generate({ ...OCTOBER, users: 'prepaid' })).toMatchObject({ created: 1 });
    expect(await invoiceOf(ids.pre)).toMatchObject({ number: 'INV0000004', invoice_type: 'prepaid' });
    await insertCalls(t.db, [{ uniqueid: 'a6', user_id: ids.post, calldate: '2026-10-20 00:00:00', prefix: '44', billsec: 10, user_price: '1' }]);
    expect(await gen.generate({ ...OCTOBER, users: 'all', userId: ids.post })).toMatchObject({ users: 1, recalculated: 1, created: 0 });
    expect(await invoiceOf(ids.post)).toMatchObject({ number: 'INV0000001' });
    expect(money((await invoiceOf(ids.post)).price).toFixed(6)).toBe('14.500001');
    const sent = await t.call('invoice_update', { id: String((await invoiceOf(ids.post)).id), invoice_sent_manually: '1' });
    expect(sent.xml.page.status.success).toBe('Invoice successfully updated');
    expect(await gen.generate({ ...OCTOBER, users: 'all' })).toMatchObject({ created: 0, recalculated: 2, kept: 2 });
    await t.settings.set('invoice_allow_recalculate_after_send', '1');
    expect(await gen.generate({ ...OCTOBER, users: 'all', userId: ids.post })).toMatchObject({ recalculated: 1 });
    await t.settings.set('invoice_allow_recalculate_after_send', '0');
    const [{ last_number }] = await t.db.query("SELECT last_number FROM invoice_sequences WHERE prefix = 'INV'");
    expect(Number(last_number)).toBe(4);
  });

  it('invoices_get: <Invoices> root, <Invoice> attributes, products in the invoice currency; owners see their own', async () => {
    const r = await t.call('invoices_get', { from: unix('2026-10-01'), till: unix('2026-11-01') });
    expect(r.xml.Invoices.$).toEqual({ from: '2026-10-01', till: '2026-11-01' });
    const all = [r.xml.Invoices.Invoice].flat();
    expect(all).toHaveLength(4);
    const post = all.find((i: any) => i.$.number === 'INV0000001');
    expect(post.$).toEqual({ user_id: String(ids.post), agreementnumber: 'AG-1', clientid: 'C-1', number: 'INV0000001' });
    expect(post.paid).toBe('0');
    expect(post.Total_time).toBe('220');
    expect(post.Product[0]).toEqual({ Name: 'Calls to Lithuania', Quantity: '1', Price: '1.00', Discount: '0', Sum: '1.00', Date_added: expect.any(String), Issue_date: '2026-11-02', Service_id: '0', Prefix: '370' });
    const reseller = await t.call('invoices_get', { from: unix('2026-10-01'), till: unix('2026-11-01') }, { u: 'inv_res', key: 'inv-res-key' });
    expect([reseller.xml.Invoices.Invoice].flat().map((i: any) => i.$.user_id)).toEqual([String(ids.res), String(ids.resUser)]);
    const user = await t.call('invoices_get', { from: unix('2026-10-01'), till: unix('2026-11-01') }, { u: 'inv_post' });
    expect([user.xml.Invoices.Invoice].flat().map((i: any) => i.$.number)).toEqual(['INV0000001']);
    const none = await t.call('invoices_get', { from: unix('2025-01-01'), till: unix('2025-02-01') });
    expect(none.xml).toEqual({ error: 'No Invoices found' });
    await t.db.query('UPDATE invoices SET hidden = 1 WHERE user_id = ?', [ids.post]);
    expect((await t.call('invoices_get', {}, { u: 'inv_post' })).xml).toEqual({ error: 'No Invoices found' });
    await t.db.query('UPDATE invoices SET hidden = 0 WHERE user_id = ?', [ids.post]);
  });

  it('invoice_update: customer fields; pay with create_payment raises the balance by the net price, repeating undoes it', async () => {
    const id = String((await invoiceOf(ids.post)).id);
    await t.call('invoice_update', { id, name: 'Ann Post Ltd', city: 'Vilnius', tax_reg_number: 'LT1' });
    expect(await invoiceOf(ids.post)).toMatchObject({ client_name: 'Ann Post Ltd', city: 'Vilnius', tax_reg_number: 'LT1' });
    const before = await balanceOf(ids.post);
    await t.call('invoice_update', { id, pay: '1', create_payment: '1' });
    const paid = await invoiceOf(ids.post);
    expect(Number(paid.paid)).toBe(1);
    expect((await balanceOf(ids.post)).minus(before).toFixed(6)).toBe('14.500001');
    const [payment] = await t.db.query('SELECT paymenttype, currency, amount, amount_default FROM payments WHERE invoice_id = ?', [id]);
    expect([payment.paymenttype, payment.currency, money(payment.amount).toFixed(6), money(payment.amount_default).toFixed(6)]).toEqual(['Invoice', 'EUR', '7.250001', '14.500001']);
    await t.call('invoice_update', { id, pay: '1', create_payment: '1' });
    expect(Number((await invoiceOf(ids.post)).paid)).toBe(0);
    expect((await balanceOf(ids.post)).equals(before)).toBe(true);
    expect(await t.db.query('SELECT id FROM payments WHERE invoice_id = ?', [id])).toEqual([]);
    expect((await balanceAudit(t.db)).consistent).toBe(true);
  });

  it('invoice_update errors: unknown, foreign (as unknown), simple users, over-long fields write nothing', async () => {
    const foreign = String((await invoiceOf(ids.post)).id);
    expect(errorOf((await t.call('invoice_update', { id: '99999', pay: '1' })).xml)).toBe('Invoice was not found');
    expect(errorOf((await t.call('invoice_update', { id: foreign, pay: '1', create_payment: '1' }, { u: 'inv_res', key: 'inv-res-key' })).xml)).toBe('Invoice was not found');
    expect(errorOf((await t.call('invoice_update', { id: foreign, pay: '1' }, { u: 'inv_post' })).xml)).toBe('Access Denied');
    expect(errorOf((await t.call('invoice_update', { id: foreign, city: 'x'.repeat(256) })).xml)).toBe('Invoice was not updated');
    expect((await invoiceOf(ids.post)).city).toBe('Vilnius');
    expect(Number((await invoiceOf(ids.post)).paid)).toBe(0);
    const own = String((await invoiceOf(ids.resUser)).id);
    expect((await t.call('invoice_update', { id: own, invoice_sent_manually: '1' }, { u: 'inv_res', key: 'inv-res-key' })).xml.page.status.success).toBe('Invoice successfully updated');
  });

  it('the PDF reads back with the number, the lines and the totals; invoice_xlsx_generate writes the XLSX', async () => {
    const invoice = await invoiceOf(ids.post);
    const doc = await t.app.get(InvoicesService).document(callerOf(await t.db.getRepository('User').findOneByOrFail({ id: 0 }) as never), String(invoice.id));
    const text = pdfText(await invoicePdf(doc));
    expect(text).toContain('INVOICE INV0000001');
    expect(text).toContain('Calls to United Kingdom | 3 | 100 | 1.25 EUR');
    expect(text).toContain('Monthly fee | 1 | 0 | 5.00 EUR');
    expect(text).toContain('Total: 8.38 EUR');
    const r = await t.call('invoice_xlsx_generate', { invoice_id: String(invoice.id) });
    expect(r.xml.page.status.success).toBe('XLSX file successfully created');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(join(files, 'INV0000001.xlsx')) as never);
    const cells = book.getWorksheet('Invoice')!.getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(['Invoice number', 'INV0000001', 'Calls to Lithuania', '1.00', 'Total', '8.38 EUR']));
    expect(errorOf((await t.call('invoice_xlsx_generate', { invoice_id: '424242' })).xml)).toBe('Invoice was not found');
  });

  it('user_invoices: the caller\'s own invoices', async () => {
    const r = await t.call('user_invoices', {}, { u: 'inv_post', key: ADMIN_KEY });
    expect(r.xml.page).toMatchObject({ pagename: 'Invoices', userid: String(ids.post) });
    expect(r.xml.page.invoices.invoice).toEqual({
      user: 'inv_post', inv_number: 'INV0000001', period_start: '2026-10-01', period_end: '2026-10-31', issue_date: '2026-11-02', paid: 'No', paid_date: '', price: '7.25', price_vat: '8.38',
    });
  });

  it('the monthly run is claimed once: a second process (or tick) finds the claim', async () => {
    await t.settings.set('invoices_monthly_run', '1');
    const scheduler = t.app.get(InvoiceScheduler);
    const now = new Date('2026-11-01T03:00:00Z');
    expect(previousMonth(now)).toEqual({ key: '2026-10', from: '2026-10-01', till: '2026-10-31' });
    const [a, b] = await Promise.all([scheduler.tick(now, 'process-a'), scheduler.tick(now, 'process-b')]);
    expect([a, b].filter((r) => r !== null)).toHaveLength(1);
    const runs = await t.db.query('SELECT claimed_by, finished_at FROM job_runs');
    expect(runs).toHaveLength(1);
    expect(runs[0].finished_at).not.toBeNull();
    expect(await scheduler.tick(new Date('2026-11-01T05:00:00Z'), 'process-c')).toBeNull();
    await t.settings.set('invoices_monthly_run', '0');
  });
});
