import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { canAccessUser, visibleRowsWhere } from '../../api/ownership';
import { fromDefaultCurrency } from '../../billing/currency';
import { money, toStorage } from '../../billing/money';
import type { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { sqlDateTime } from '../../ledger/ledger';
import { recordPayment, removePayment } from '../payments/payment-records';
import { sqlTime } from '../payments/payments.service';
import { type InvoiceDocument, type InvoiceRow, invoicePdf, invoiceXlsx, loadInvoiceLines } from './invoice-files';

export const INVOICE_NOT_FOUND = 'Invoice was not found';

/** invoice_update's customer fields and their column limits. */
const CUSTOMER_FIELDS: Record<string, [column: string, max: number]> = {
  name: ['client_name', 255], address: ['address', 255], city: ['city', 255], postcode: ['postcode', 64], state: ['state', 255],
  phone: ['phone', 64], tax_reg_number: ['tax_reg_number', 64], comment: ['comment', 65535],
};

export interface ListedInvoice extends InvoiceDocument {
  agreement_number: string;
  clientid: string;
  username: string;
}

@Injectable()
export class InvoicesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Invoices whose period lies in [from, till] that the caller may see (users: not hidden). */
  async list(caller: Caller, p: Params): Promise<ListedInvoice[]> {
    const where = ['i.period_start >= ?', 'i.period_end <= ?'];
    const from = /^\d{1,10}$/.test(p.from ?? '') ? Number(p.from) : 0;
    const till = /^\d{1,10}$/.test(p.till ?? '') ? Number(p.till) : 4102444799;
    const args: (string | number)[] = [sqlTime(from), sqlTime(till)];
    const scope = visibleRowsWhere(caller, 'i.user_id', 'i.owner_id');
    if (scope) {
      where.push(scope.sql);
      args.push(...scope.args);
    }
    if (caller.role === 'user') where.push('i.hidden = 0');
    const rows: (InvoiceRow & { agreement_number: string; clientid: string; username: string })[] = await this.db.query(
      `SELECT i.*, COALESCE(u.agreement_number, '') AS agreement_number, COALESCE(u.clientid, '') AS clientid, COALESCE(u.username, '') AS username
         FROM invoices i LEFT JOIN users u ON u.id = i.user_id WHERE ${where.join(' AND ')} ORDER BY i.period_start, i.id`,
      args,
    );
    const result: ListedInvoice[] = [];
    for (const row of rows) result.push({ invoice: row, lines: await loadInvoiceLines(this.db.manager, row.id), agreement_number: row.agreement_number, clientid: row.clientid, username: row.username });
    return result;
  }

  /** The caller's own invoices that are not hidden (user_invoices). */
  own(caller: Caller): Promise<(InvoiceRow & { username: string })[]> {
    return this.db.query('SELECT i.*, u.username FROM invoices i JOIN users u ON u.id = i.user_id WHERE i.user_id = ? AND i.hidden = 0 ORDER BY i.period_start, i.id', [caller.id]);
  }

  private async find(m: EntityManager, caller: Caller, raw: string | undefined, lock = false): Promise<InvoiceRow> {
    const id = parseId(raw);
    const forUpdate = lock && m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
    const [row]: InvoiceRow[] = id === null ? [] : await m.query(`SELECT * FROM invoices WHERE id = ?${forUpdate}`, [id]);
    if (!row || !canAccessUser(caller, { id: Number(row.user_id), owner_id: Number(row.owner_id) }) || (caller.role === 'user' && Number(row.hidden) === 1)) throw new MorError(INVOICE_NOT_FOUND);
    return { ...row, id: Number(row.id), user_id: Number(row.user_id), payment_id: Number(row.payment_id) };
  }

  /**
   * invoice_update: customer fields; `invoice_sent_manually=1` and `pay=1` toggle their flags. With
   * `create_payment=1`, paying creates an "Invoice" payment (the balance rises by the invoice's net
   * price) and un-paying deletes it again (the newest wiki's rule).
   */
  async update(caller: Caller, p: Params): Promise<void> {
    const set: Record<string, string | number | null> = {};
    for (const [param, [column, max]] of Object.entries(CUSTOMER_FIELDS)) {
      const value = p[param];
      if (value === undefined) continue;
      if (value.length > max) throw new MorError('Invoice was not updated');
      set[column] = value;
    }
    if (p.country_id !== undefined && p.country_id !== '') {
      const country = parseId(p.country_id);
      if (country === null) throw new MorError('Invoice was not updated');
      set.country_id = country;
    }
    await this.db.transaction(async (m) => {
      const invoice = await this.find(m, caller, p.id, true);
      const now = new Date();
      if (p.invoice_sent_manually === '1') set.sent_manually = Number(invoice.sent_manually) === 1 ? 0 : 1;
      if (p.pay === '1') Object.assign(set, await this.togglePaid(m, invoice, p.create_payment === '1', now));
      if (Object.keys(set).length === 0) return;
      await m.createQueryBuilder().update('invoices').set({ ...set, updated_at: sqlDateTime(now) }).where('id = :id', { id: invoice.id }).execute();
    });
  }

  private async togglePaid(m: EntityManager, invoice: InvoiceRow, withPayment: boolean, now: Date): Promise<Record<string, string | number | null>> {
    if (Number(invoice.paid) === 1) {
      if (withPayment && invoice.payment_id) await removePayment(m, invoice.payment_id);
      return { paid: 0, paid_date: null, ...(withPayment ? { payment_id: 0 } : {}) };
    }
    if (!withPayment) return { paid: 1, paid_date: sqlDateTime(now) };
    const net = money(invoice.price);
    const gross = money(invoice.price_with_tax);
    const inCurrency = (v: typeof net) => money(toStorage(fromDefaultCurrency(v, invoice.exchange_rate)));
    const { id } = await recordPayment(m, {
      userId: invoice.user_id, ownerId: Number(invoice.owner_id), paymenttype: 'Invoice', amount: inCurrency(net), gross: inCurrency(gross), tax: inCurrency(gross).minus(inCurrency(net)),
      amountDefault: net, currency: invoice.currency, exchangeRate: money(invoice.exchange_rate), completed: true, invoiceId: invoice.id, description: `Invoice ${invoice.number}`, at: now,
    });
    return { paid: 1, paid_date: sqlDateTime(now), payment_id: id };
  }

  async document(caller: Caller, raw: string | undefined): Promise<InvoiceDocument> {
    const invoice = await this.find(this.db.manager, caller, raw);
    return { invoice, lines: await loadInvoiceLines(this.db.manager, invoice.id) };
  }

  /** Writes `<number>.<ext>` of the invoice into the invoice files directory; returns its path. */
  async writeFile(doc: InvoiceDocument, kind: 'pdf' | 'xlsx'): Promise<string> {
    await mkdir(this.config.invoiceFilesDir, { recursive: true });
    const path = join(this.config.invoiceFilesDir, `${doc.invoice.number.replace(/[^A-Za-z0-9._-]/g, '_')}.${kind}`);
    await writeFile(path, kind === 'pdf' ? await invoicePdf(doc) : await invoiceXlsx(doc));
    return path;
  }
}
