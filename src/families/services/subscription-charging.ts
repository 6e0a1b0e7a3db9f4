import type { EntityManager } from 'typeorm';
import { Decimal, money, toStorage } from '../../billing/money';
import { ChargeOn, chargesDue, PeriodCharge, ServiceType } from '../../billing/subscription-periods';
import { addInvoiceCharge } from '../invoices/invoice-charges';
import { insertReturningId } from '../../database/insert';
import { changeBalance, sqlDateTime } from '../../ledger/ledger';

/** A subscription with what charging it needs of its service and user. */
export interface ChargeableSubscription {
  id: number;
  service_id: number;
  user_id: number;
  activation_start: string | Date;
  activation_end: string | Date | null;
  added: string | Date;
  charge_balance_on: number;
  discount_percent: string;
  charge_for_past: number;
  ignore_balance: number;
  servicetype: ServiceType;
  period: string;
  price: string;
  service_name: string;
}

export const CHARGEABLE_COLUMNS = `s.id, s.service_id, s.user_id, s.activation_start, s.activation_end, s.added, s.charge_balance_on, s.discount_percent, s.charge_for_past,
  s.ignore_balance, v.servicetype, v.period, v.price, v.name AS service_name`;

export const dayOf = (value: string | Date) => (value instanceof Date ? value.toISOString() : String(value).replace(' ', 'T')).slice(0, 10);

export interface ChargeOutcome {
  charged: Decimal;
  periods: number;
  /** Periods left uncharged because a prepaid balance could not pay them. */
  unpaid: number;
}

/**
 * Charges a prepaid user's subscription for every period due by `today` and not yet charged:
 * per period one `subscription_charges` row (its unique (subscription, period) is the key), a
 * `Subscription` payment and the balance change, all in the caller's transaction. A period the
 * balance cannot pay is left for a later run, unless the subscription ignores the balance.
 */
export async function chargeSubscription(m: EntityManager, sub: ChargeableSubscription, today: string, now = new Date()): Promise<ChargeOutcome> {
  const outcome: ChargeOutcome = { charged: new Decimal(0), periods: 0, unpaid: 0 };
  for (const period of await periodsToCharge(m, sub, today)) {
    if (sub.ignore_balance !== 1 && !(await canPay(m, sub.user_id, period.amount))) {
      outcome.unpaid++;
      continue;
    }
    const key = `${sub.id}:${period.periodStart}`;
    const amount = toStorage(period.amount.negated());
    const paymentId = await insertReturningId(m,
      `INSERT INTO payments (paymenttype, amount, gross, amount_default, currency, completed, user_id, owner_id, description, date_added, idempotency_key)
       SELECT 'Subscription', ?, ?, ?, '', 1, id, owner_id, ?, ?, ? FROM users WHERE id = ?`,
      [amount, amount, amount, `${sub.service_name} ${period.periodStart} - ${period.periodEnd}`.slice(0, 255), sqlDateTime(now), `subscription:${key}`, sub.user_id]);
    await m.query('INSERT INTO subscription_charges (subscription_id, user_id, period_start, period_end, amount, payment_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [sub.id, sub.user_id, period.periodStart, period.periodEnd, toStorage(period.amount), paymentId, sqlDateTime(now)]);
    await changeBalance(m, { account: 'user', accountId: sub.user_id, kind: 'subscription', causeId: key, amount, description: sub.service_name, at: now });
    outcome.charged = outcome.charged.plus(period.amount);
    outcome.periods++;
  }
  return outcome;
}

/**
 * Bills a postpaid user's subscription through the invoice: every period that ended before `today`
 * and is not billed yet becomes a `subscription_charges` row (no payment, no balance change) and an
 * invoice charge dated on the period's first day (source `subscription`, source id
 * `<subscription>:<period start>`), so the invoice for that period lists it once, however often this runs.
 */
export async function billSubscriptionOnInvoice(m: EntityManager, sub: ChargeableSubscription, today: string, now = new Date()): Promise<ChargeOutcome> {
  const outcome: ChargeOutcome = { charged: new Decimal(0), periods: 0, unpaid: 0 };
  for (const period of (await periodsToCharge(m, sub, today)).filter((p) => p.periodEnd < today)) {
    const key = `${sub.id}:${period.periodStart}`;
    await m.query('INSERT INTO subscription_charges (subscription_id, user_id, period_start, period_end, amount, payment_id, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)',
      [sub.id, sub.user_id, period.periodStart, period.periodEnd, toStorage(period.amount), sqlDateTime(now)]);
    await addInvoiceCharge(m, {
      userId: sub.user_id, source: 'subscription', sourceId: key, name: `${sub.service_name} ${period.periodStart} - ${period.periodEnd}`, price: period.amount,
      serviceId: sub.service_id, at: new Date(`${period.periodStart}T00:00:00Z`),
    });
    outcome.charged = outcome.charged.plus(period.amount);
    outcome.periods++;
  }
  return outcome;
}

/** The periods of a subscription due by `today` that have a price and no charge yet. */
async function periodsToCharge(m: EntityManager, sub: ChargeableSubscription, today: string): Promise<PeriodCharge[]> {
  const due = chargesDue({
    type: sub.servicetype, period: sub.period, price: money(sub.price), discountPercent: money(sub.discount_percent),
    chargeOn: sub.charge_balance_on as ChargeOn, start: dayOf(sub.activation_start), end: sub.activation_end ? dayOf(sub.activation_end) : null,
    added: dayOf(sub.added), chargeForPast: sub.charge_for_past === 1,
  }, today);
  if (due.length === 0) return [];
  const done = new Set((await m.query('SELECT period_start FROM subscription_charges WHERE subscription_id = ?', [sub.id]) as { period_start: string | Date }[]).map((r) => dayOf(r.period_start)));
  return due.filter((p) => !done.has(p.periodStart) && !p.amount.isZero());
}

/** A prepaid user pays from the balance alone (its credit is not spent on fees). */
async function canPay(m: EntityManager, userId: number, amount: Decimal): Promise<boolean> {
  const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
  const rows: { balance: string | number }[] = await m.query(`SELECT balance FROM users WHERE id = ?${lock}`, [userId]);
  return rows.length > 0 && money(rows[0].balance).greaterThanOrEqualTo(amount);
}
