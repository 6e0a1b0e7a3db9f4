import { Decimal } from './money';

/**
 * Which periods of a subscription are charged, when, and for how much. Dates are UTC calendar
 * days `YYYY-MM-DD`; a subscription is active from its activation start day to its end day
 * (inclusive), or for ever.
 */
export type ServiceType = 'periodic_fee' | 'one_time_fee' | 'flat_rate' | 'dynamic_flat_rate';
export const SERVICE_TYPES: readonly ServiceType[] = ['periodic_fee', 'one_time_fee', 'flat_rate', 'dynamic_flat_rate'];

/** MOR's subscription_charge_balance_on: 1 period start, 2 period end, 3 every day. */
export type ChargeOn = 1 | 2 | 3;

export interface SubscriptionTerms {
  type: ServiceType;
  /** `month` or `day` for a periodic fee; ignored otherwise (flat rates are monthly). */
  period: string;
  price: Decimal;
  discountPercent: Decimal;
  chargeOn: ChargeOn;
  start: string;
  end: string | null;
  /** The day the subscription was made; with chargeForPast off, nothing due before it is charged. */
  added: string;
  chargeForPast: boolean;
}

export interface PeriodCharge {
  /** With the subscription, the charge's key. */
  periodStart: string;
  periodEnd: string;
  /** The day it becomes due. */
  due: string;
  amount: Decimal;
}

const DAY_MS = 86_400_000;
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (day: string) => Date.parse(`${day}T00:00:00Z`);
const addDays = (day: string, n: number) => toDay(ms(day) + n * DAY_MS);
const daysBetween = (from: string, till: string) => Math.round((ms(till) - ms(from)) / DAY_MS) + 1;
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
function monthEnd(day: string): string {
  const d = new Date(ms(monthStart(day)));
  d.setUTCMonth(d.getUTCMonth() + 1);
  return toDay(d.getTime() - DAY_MS);
}
const laterOf = (a: string, b: string) => (a > b ? a : b);
const earlierOf = (a: string, b: string) => (a < b ? a : b);

function discounted(terms: SubscriptionTerms, amount: Decimal): Decimal {
  return amount.times(new Decimal(100).minus(terms.discountPercent)).dividedBy(100).toDecimalPlaces(6);
}

/** The whole-month-or-part charges of a monthly fee, the last one ending on or before `till`. */
function monthlyPeriods(terms: SubscriptionTerms, till: string, prorate: boolean): PeriodCharge[] {
  const out: PeriodCharge[] = [];
  const lastDay = terms.end ? earlierOf(terms.end, monthEnd(till)) : monthEnd(till);
  for (let first = monthStart(terms.start); first <= lastDay; first = addDays(monthEnd(first), 1)) {
    const from = laterOf(first, terms.start);
    const to = earlierOf(monthEnd(first), lastDay);
    const share = prorate ? new Decimal(daysBetween(from, to)).dividedBy(daysBetween(first, monthEnd(first))) : new Decimal(1);
    if (terms.chargeOn === 3) {
      const perDay = terms.price.dividedBy(daysBetween(first, monthEnd(first)));
      for (let day = from; day <= to; day = addDays(day, 1)) out.push({ periodStart: day, periodEnd: day, due: day, amount: discounted(terms, perDay) });
    } else {
      out.push({ periodStart: from, periodEnd: to, due: terms.chargeOn === 1 ? from : to, amount: discounted(terms, terms.price.times(share)) });
    }
  }
  return out;
}

function dailyPeriods(terms: SubscriptionTerms, till: string): PeriodCharge[] {
  const out: PeriodCharge[] = [];
  const last = terms.end ? earlierOf(terms.end, till) : till;
  for (let day = terms.start; day <= last; day = addDays(day, 1)) out.push({ periodStart: day, periodEnd: day, due: day, amount: discounted(terms, terms.price) });
  return out;
}

/**
 * Every charge of a prepaid subscription due on or before `today`: a prepaid user pays each
 * period at its start (MOR: "charged for the coming month"), at its end, or day by day, as the
 * subscription says. Without charge-for-past, periods that ended before the subscription was
 * made are not charged. The caller skips the ones already charged (by periodStart).
 */
export function chargesDue(terms: SubscriptionTerms, today: string): PeriodCharge[] {
  let periods: PeriodCharge[];
  if (terms.type === 'one_time_fee') {
    periods = [{ periodStart: terms.start, periodEnd: terms.start, due: terms.start, amount: discounted(terms, terms.price) }];
  } else if (terms.type === 'periodic_fee' && terms.period === 'day') {
    periods = dailyPeriods(terms, today);
  } else {
    // Flat rates are always bought for whole months; a periodic monthly fee is shared by days.
    periods = monthlyPeriods(terms, today, terms.type === 'periodic_fee');
  }
  return periods.filter((p) => p.due <= today && (terms.chargeForPast || p.periodEnd >= terms.added));
}
