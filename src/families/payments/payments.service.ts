import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { toDefaultCurrency } from '../../billing/currency';
import { type Decimal, money, parseAmount, toStorage } from '../../billing/money';
import { withTax, withoutTax } from '../../billing/taxes';
import { moneySql } from '../../database/exact-money';
import { isUniqueViolation } from '../../database/unique';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { User } from '../users/user.entity';
import { activeCurrency, userTaxes } from './money-context';
import { paymentByKey, recordPayment } from './payment-records';

/** `Payment was not saved` with MOR's `<message>` detail. */
export class PaymentNotSaved extends MorError {
  constructor(readonly detail: string) {
    super('Payment was not saved');
  }
}

export interface CreatedPayment {
  id: number;
  confirmed: boolean;
  currency: string;
  amount: Decimal;
  tax: Decimal;
  gross: Decimal;
}

export interface PaymentListRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  payer_email: string;
  transaction_id: string;
  date_added: string | Date;
  shipped_at: string | Date | null;
  paymenttype: string;
  amount: string;
  fee: string;
  gross: string;
  tax: string;
  currency: string;
  completed: number;
  pending_reason: string;
  confirmed_by_admin: number;
}

/** Payments' filters in MOR's global hash order (06 §2.2); `s_amount_min` is not hashed. */
export const PAYMENT_FILTERS = ['s_user_id', 's_from', 's_till', 's_transaction', 's_completed', 's_username', 's_first_name', 's_last_name', 's_paymenttype', 's_amount_max', 's_currency', 's_number', 's_pin'];

const DIGITS = /^\d{1,10}$/;

/** Today 00:00:00 – 23:59:59 UTC as unix seconds. */
export function today(now = new Date()): [number, number] {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) / 1000;
  return [start, start + 86399];
}

@Injectable()
export class PaymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  /** A user the caller may pay: admin/accountant any simple user or reseller, a reseller only its own users. */
  private async payee(m: EntityManager, caller: Caller, raw: string | undefined): Promise<User> {
    const id = parseId(raw);
    const user = id === null ? null : await m.getRepository(User).findOneBy({ id });
    const allowed = user !== null && user.id !== 0 && (caller.role === 'reseller' ? user.owner_id === caller.id : true);
    if (!allowed) throw new MorError(Errors.accessDenied);
    return user;
  }

  /** payment_create: 06 §2.2's tax_in_amount rule; the balance moves by net ÷ rate once confirmed. */
  async create(caller: Caller, p: Params): Promise<CreatedPayment> {
    if (!(await this.settings.flag(Setting.apiAllowPayments))) throw new MorError('Payments not allow from api');
    const user = await this.payee(this.db.manager, caller, p.user_id);
    const currency = await activeCurrency(this.db.manager, p.p_currency, 'No currency');
    const typed = parseAmount(p.amount);
    if (typed === null || !typed.greaterThan(0)) throw new PaymentNotSaved('Amount must be a positive number with at most 6 decimals');
    const fee = p.fee === undefined || p.fee === '' ? money(0) : parseAmount(p.fee);
    if (fee === null || fee.isNegative()) throw new PaymentNotSaved('Fee must be a non-negative number with at most 6 decimals');
    if (p.tax_in_amount !== undefined && p.tax_in_amount !== '' && p.tax_in_amount !== '0' && p.tax_in_amount !== '1') throw new PaymentNotSaved('Tax in amount must be 0 or 1');
    for (const [name, max] of [['transaction', 255], ['payer_email', 255], ['paymenttype', 64], ['description', 255]] as const) {
      if ((p[name] ?? '').length > max) throw new PaymentNotSaved(`${name} is too long`);
    }
    const taxes = userTaxes(user);
    const taxIncluded = p.tax_in_amount === '1';
    const net = money(toStorage(taxIncluded ? withoutTax(typed, taxes) : typed));
    const gross = money(toStorage(taxIncluded ? typed : withTax(typed, taxes)));
    const confirmed = !(await this.settings.flag(Setting.apiPaymentConfirmation));
    const transaction = p.transaction ?? '';
    const key = transaction ? `api:${user.id}:${transaction}` : undefined;
    const id = await this.once(key, () => this.db.transaction((m) => recordPayment(m, {
      userId: user.id, ownerId: user.owner_id, paymenttype: p.paymenttype || 'Manual', amount: net, gross, tax: gross.minus(net), fee,
      amountDefault: money(toStorage(toDefaultCurrency(net, currency.rate))), currency: currency.name, exchangeRate: currency.rate,
      completed: confirmed, pendingReason: confirmed ? '' : 'Waiting for confirmation', transactionId: transaction, payerEmail: p.payer_email,
      description: p.description, commentsForUser: p.comments_for_user, idempotencyKey: key,
    })));
    const [row]: { amount: string; tax: string; gross: string; currency: string; completed: number }[] = await this.db.query('SELECT amount, tax, gross, currency, completed FROM payments WHERE id = ?', [id]);
    return { id, confirmed: Number(row.completed) === 1, currency: row.currency, amount: money(row.amount), tax: money(row.tax), gross: money(row.gross) };
  }

  /**
   * Runs a payment write; when a concurrent request with the same idempotency key won the race
   * (the unique index refused this one), answers with that request's payment.
   */
  private async once(key: string | undefined, write: () => Promise<{ id: number }>): Promise<number> {
    try {
      return (await write()).id;
    } catch (e) {
      const winner = key && isUniqueViolation(e) ? await paymentByKey(this.db.manager, key) : null;
      if (!winner) throw e;
      return winner.id;
    }
  }

  /** payments_get: the caller's visible payments matching the filters, newest first. */
  async list(caller: Caller, p: Params): Promise<PaymentListRow[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number)[]) => {
      where.push(sql);
      args.push(...values);
    };
    if (caller.role === 'reseller') add('(u.owner_id = ? OR u.id = ?)', caller.id, caller.id);
    if (caller.role === 'user') add('u.id = ?', caller.id);
    if (p.s_user_id) {
      const target = await this.db.getRepository(User).findOneBy({ id: parseId(p.s_user_id) ?? -1 });
      const visible = target !== null && (caller.role === 'admin' || caller.role === 'accountant' || target.id === caller.id || (caller.role === 'reseller' && target.owner_id === caller.id));
      if (!visible) throw new MorError(Errors.accessDenied);
      add('pm.user_id = ?', target.id);
    }
    const [from, till] = DIGITS.test(p.s_from ?? '') && DIGITS.test(p.s_till ?? '') ? [Number(p.s_from), Number(p.s_till)] : today();
    add('pm.date_added >= ? AND pm.date_added <= ?', sqlTime(from), sqlTime(till));
    if (p.s_transaction) add('pm.transaction_id = ?', p.s_transaction);
    if (p.s_completed === '0' || p.s_completed === '1') add('pm.completed = ?', Number(p.s_completed));
    if (p.s_username) add('u.username = ?', p.s_username);
    if (p.s_first_name) add('u.first_name = ?', p.s_first_name);
    if (p.s_last_name) add('u.last_name = ?', p.s_last_name);
    if (p.s_paymenttype) add('LOWER(pm.paymenttype) = ?', p.s_paymenttype.toLowerCase());
    if (p.s_currency) add('pm.currency = ?', p.s_currency);
    const sql = moneySql(this.db.manager);
    const min = parseAmount(p.s_amount_min);
    const max = parseAmount(p.s_amount_max);
    if (min) add(sql.compare('pm.amount', '>=', '?'), toStorage(min));
    if (max) add(sql.compare('pm.amount', '<=', '?'), toStorage(max));
    // Card payments (s_number, s_pin) come with the calling-card family; a card filter matches card payments only.
    if (p.s_number || p.s_pin) add('pm.card_id <> 0');
    return this.db.query(
      `SELECT pm.id, COALESCE(u.username, '') AS username, COALESCE(u.first_name, '') AS first_name, COALESCE(u.last_name, '') AS last_name, pm.payer_email,
              pm.transaction_id, pm.date_added, pm.shipped_at, pm.paymenttype, pm.amount, pm.fee, pm.gross, pm.tax, pm.currency, pm.completed, pm.pending_reason, pm.confirmed_by_admin
         FROM payments pm LEFT JOIN users u ON u.id = pm.user_id
        WHERE ${where.join(' AND ')} ORDER BY pm.date_added DESC, pm.id DESC`,
      args,
    );
  }

  /** personal_payments: the caller's own payments, newest first. */
  personal(caller: Caller): Promise<PaymentListRow[]> {
    return this.db.query('SELECT * FROM payments WHERE user_id = ? ORDER BY date_added DESC, id DESC', [caller.id]);
  }
}

export function sqlTime(unix: number): string {
  return new Date(unix * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
