import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { type CallGroup, type InvoiceLine, invoiceLines, invoiceNumber, invoiceTotals } from '../../billing/invoices';
import { toStorage } from '../../billing/money';
import { moneySql } from '../../database/exact-money';
import { insertRow, insertRows } from '../../database/raw';
import { isUniqueViolation } from '../../database/unique';
import { sqlDateTime } from '../../ledger/ledger';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { userCurrency, userTaxes } from '../payments/money-context';
import { User } from '../users/user.entity';
import { chargesOf } from './invoice-charges';

export type InvoiceUsers = 'postpaid' | 'prepaid' | 'all';

export interface GenerateOptions {
  /** First and last day of the period, `YYYY-MM-DD` (whole days, UTC). */
  from: string;
  till: string;
  /** `YYYY-MM-DD`; default today. */
  issueDate?: string;
  users: InvoiceUsers;
  /** Only this user. */
  userId?: number;
}

export interface GenerateResult {
  users: number;
  created: number;
  recalculated: number;
  /** Existing invoices left alone: paid, or sent while recalculation after sending is off. */
  kept: number;
  /** Users with nothing to invoice. */
  empty: number;
}

export type Progress = (done: number, total: number) => void;

type Outcome = 'created' | 'recalculated' | 'kept';

/** Users per batch: one grouped CDR query and one charges query per batch keep memory flat. */
const BATCH = 200;
function isDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

/**
 * Invoice generation for a period (03 §S6): per user, the rated answered calls grouped by
 * destination prefix (what the user pays; for a reseller, what its users' calls cost it) and the
 * charges other families added, with the user's taxes, currency and today's exchange rate. Each
 * invoice is written in its own transaction that first locks the number sequence, so two
 * generators at once take turns per invoice: each (user, period) gets one invoice, and numbers
 * come out unique and gapless. An existing unpaid invoice is recalculated (same number) unless it
 * was sent and "Invoice allow recalculate after send" is off.
 */
@Injectable()
export class InvoiceGenerator {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async generate(options: GenerateOptions, progress: Progress = () => undefined): Promise<GenerateResult> {
    if (!isDay(options.from) || !isDay(options.till) || options.from > options.till) throw new RangeError('The period must be YYYY-MM-DD to YYYY-MM-DD, start first');
    const issueDate = options.issueDate ?? new Date().toISOString().slice(0, 10);
    if (!isDay(issueDate)) throw new RangeError('The issue date must be YYYY-MM-DD');
    const period = { start: `${options.from} 00:00:00`, end: `${options.till} 23:59:59`, issue: `${issueDate} 00:00:00` };
    // Rows are selected before the next day's midnight: a datetime stored with milliseconds in the last second still counts.
    const until = `${new Date(Date.parse(`${options.till}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)} 00:00:00`;
    const prefix = (await this.settings.get(Setting.invoiceNumberPrefix)) ?? 'INV';
    const allowRecalculate = await this.settings.flag(Setting.invoiceAllowRecalculateAfterSend);
    await this.ensureSequence(prefix);
    const ids = await this.userIds(options);
    const result: GenerateResult = { users: ids.length, created: 0, recalculated: 0, kept: 0, empty: 0 };
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      const users = await this.db.getRepository(User).find({ where: { id: In(batch) }, order: { id: 'ASC' } });
      const calls = await this.callGroups(users, period.start, until);
      const charges = await chargesOf(this.db.manager, batch, period.start, until);
      for (const user of users) {
        const lines = invoiceLines(calls.get(user.id) ?? [], charges.get(user.id) ?? []);
        if (lines.length === 0) result.empty++;
        else result[await this.write(user, lines, period, prefix, allowRecalculate)]++;
      }
      progress(Math.min(i + BATCH, ids.length), ids.length);
    }
    return result;
  }

  private async userIds(options: GenerateOptions): Promise<number[]> {
    const where = ["usertype IN ('user', 'reseller')", 'generate_invoice = 1'];
    const args: number[] = [];
    if (options.users !== 'all') where.push(`postpaid = ${options.users === 'postpaid' ? 1 : 0}`);
    if (options.userId !== undefined) {
      where.push('id = ?');
      args.push(options.userId);
    }
    const rows: { id: number }[] = await this.db.query(`SELECT id FROM users WHERE ${where.join(' AND ')} ORDER BY id`, args);
    return rows.map((r) => Number(r.id));
  }

  /** The sequence row of a prefix exists (two processes creating it at once: the index keeps one). */
  private async ensureSequence(prefix: string): Promise<void> {
    const rows: unknown[] = await this.db.query('SELECT id FROM invoice_sequences WHERE prefix = ?', [prefix]);
    if (rows.length > 0) return;
    try {
      await this.db.query('INSERT INTO invoice_sequences (prefix, last_number) VALUES (?, 0)', [prefix]);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }

  /** Answered calls by user and prefix: users pay user_price; a reseller pays reseller_price for its users' calls. */
  private async callGroups(users: readonly User[], start: string, until: string): Promise<Map<number, CallGroup[]>> {
    const groups = new Map<number, CallGroup[]>();
    const sum = moneySql(this.db.manager).sum;
    const query = async (payer: 'user_id' | 'reseller_id', price: string, ids: number[]) => {
      if (ids.length === 0) return;
      const rows: { payer: number; prefix: string; destination: string; n: number; secs: number; price: string }[] = await this.db.query(
        `SELECT ${payer} AS payer, prefix, MAX(destination) AS destination, COUNT(*) AS n, SUM(billsec) AS secs, ${sum(price)} AS price
           FROM calls WHERE ${payer} IN (${ids.map(() => '?').join(', ')}) AND calldate >= ? AND calldate < ? AND disposition = 'ANSWERED'
          GROUP BY ${payer}, prefix`,
        [...ids, start, until],
      );
      for (const r of rows) {
        const list = groups.get(Number(r.payer)) ?? [];
        list.push({ prefix: r.prefix ?? '', destination: r.destination ?? '', calls: Number(r.n), seconds: Number(r.secs), price: r.price });
        groups.set(Number(r.payer), list);
      }
    };
    await query('user_id', 'user_price', users.map((u) => u.id));
    await query('reseller_id', 'reseller_price', users.filter((u) => u.usertype === 'reseller').map((u) => u.id));
    return groups;
  }

  private write(user: User, lines: InvoiceLine[], period: { start: string; end: string; issue: string }, prefix: string, allowRecalculate: boolean): Promise<Outcome> {
    return this.db.transaction(async (m): Promise<Outcome> => {
      const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
      // The sequence row first: every writer of this prefix takes turns from here to its commit.
      const [sequence]: { last_number: number }[] = await m.query(`SELECT last_number FROM invoice_sequences WHERE prefix = ?${lock}`, [prefix]);
      const [existing]: { id: number; paid: number; sent_manually: number; sent_email: number }[] = await m.query(
        `SELECT id, paid, sent_manually, sent_email FROM invoices WHERE user_id = ? AND period_start = ? AND period_end = ?${lock}`,
        [user.id, period.start, period.end],
      );
      const currency = await userCurrency(m, this.settings, user);
      const totals = invoiceTotals(lines, userTaxes(user));
      const now = sqlDateTime(new Date());
      const amounts = {
        price: toStorage(totals.price), tax: toStorage(totals.tax), price_with_tax: toStorage(totals.priceWithTax), total_time: totals.totalTime,
        currency: currency.name, exchange_rate: toStorage(currency.rate), updated_at: now,
      };
      if (existing) {
        const sent = Number(existing.sent_manually) === 1 || Number(existing.sent_email) === 1;
        if (Number(existing.paid) === 1 || (sent && !allowRecalculate)) return 'kept';
        await m.createQueryBuilder().update('invoices').set(amounts).where('id = :id', { id: existing.id }).execute();
        await m.query('DELETE FROM invoicedetails WHERE invoice_id = ?', [existing.id]);
        await this.insertLines(m, Number(existing.id), lines, now);
        return 'recalculated';
      }
      const next = Number(sequence.last_number) + 1;
      await m.query('UPDATE invoice_sequences SET last_number = ? WHERE prefix = ?', [next, prefix]);
      const prepaid = Number(user.postpaid) !== 1;
      const id = await insertRow(m, 'invoices', {
        user_id: user.id, owner_id: user.owner_id, number: invoiceNumber(prefix, next), period_start: period.start, period_end: period.end, issue_date: period.issue,
        // Prepaid users paid before they called: their invoice is a receipt, paid at issue.
        invoice_type: prepaid ? 'prepaid' : 'postpaid', paid: prepaid ? 1 : 0, paid_date: prepaid ? period.issue : null, ...amounts,
        client_name: `${user.first_name} ${user.last_name}`.trim() || user.username, address: user.address, city: user.city, postcode: user.postcode.slice(0, 64),
        state: user.state, country_id: user.country_id ?? 0, phone: user.phone.slice(0, 64), tax_reg_number: user.vat_number.slice(0, 64), created_at: now,
      });
      await this.insertLines(m, id, lines, now);
      return 'created';
    });
  }

  private async insertLines(m: EntityManager, invoiceId: number, lines: InvoiceLine[], at: string): Promise<void> {
    await insertRows(m, 'invoicedetails', lines.map((l) => ({
      invoice_id: invoiceId, kind: l.kind, name: l.name.slice(0, 255), quantity: l.quantity, price: toStorage(l.price), total_time: l.totalTime,
      prefix: l.prefix.slice(0, 50), service_id: l.serviceId, date_added: at,
    })));
  }
}

