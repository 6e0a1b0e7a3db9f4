import type { EntityManager } from 'typeorm';
import { Decimal, money, toStorage } from '../../billing/money';
import { ChargeOn, chargesDue, ServiceType } from '../../billing/subscription-periods';
import { insertReturningId } from '../../database/insert';
import { changeBalance, sqlDateTime } from '../../ledger/ledger';

/** A subscription with what charging it needs of its service and user. */
export interface ChargeableSubscription {
  id: number;
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

export const CHARGEABLE_COLUMNS = `s.id, s.user_id, s.activation_start, s.activation_end, s.added, s.charge_balance_on, s.discount_percent, s.charge_for_past,
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
  const due = chargesDue({
    type: sub.servicetype, period: sub.period, price: money(sub.price), discountPercent: money(sub.discount_percent),
    chargeOn: sub.charge_balance_on as ChargeOn, start: dayOf(sub.activation_start), end: sub.activation_end ? dayOf(sub.activation_end) : null,
    added: dayOf(sub.added), chargeForPast: sub.charge_for_past === 1,
  }, today);
  const outcome: ChargeOutcome = { charged: new Decimal(0), periods: 0, unpaid: 0 };
  if (due.length === 0) return outcome;
  const done = new Set((await m.query('SELECT period_start FROM subscription_charges WHERE subscription_id = ?', [sub.id]) as { period_start: string | Date }[]).map((r) => dayOf(r.period_start)));
  for (const period of due) {
    if (done.has(period.periodStart) || period.amount.isZero()) continue;
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

/** A prepaid user pays from the balance alone (its credit is not spent on fees). */
async function canPay(m: EntityManager, userId: number, amount: Decimal): Promise<boolean> {
  const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
  const rows: { balance: string | number }[] = await m.query(`SELECT balance FROM users WHERE id = ?${lock}`, [userId]);
  return rows.length > 0 && money(rows[0].balance).greaterThanOrEqualTo(amount);
}
