/**
 * Currency conversion (reference §B.9, 03 §S3). MOR stores every amount in ONE default currency;
 * the exchange rate of currency X is how many X one unit of the default buys (default ÷ X, e.g.
 * USD→EUR 0.7351), and the default currency's own rate is exactly 1. Hence
 *   amount_X = amount_default × rate_X,   amount_default = amount_X ÷ rate_X.
 * Results are NOT rounded here: conversions usually feed further arithmetic, and rounding belongs
 * where the amount is stored or printed (`toStorage`, `formatAmount`). Decimal keeps 40 digits.
 */
import { type Decimal, type DecimalInput, money } from './money';

function rateOf(exchangeRate: DecimalInput): Decimal {
  const rate = money(exchangeRate);
  // A zero or negative rate would divide by zero or flip signs; MOR's own client refuses ≤ 0 too.
  if (!rate.isFinite() || rate.lessThanOrEqualTo(0)) throw new RangeError(`Exchange rate must be > 0: ${String(exchangeRate)}`);
  return rate;
}

/** Amount in the default currency → the same value in a currency with `exchangeRate`. */
export function fromDefaultCurrency(amount: DecimalInput, exchangeRate: DecimalInput): Decimal {
  return money(amount).times(rateOf(exchangeRate));
}

/** Amount in a currency with `exchangeRate` → the default currency. */
export function toDefaultCurrency(amount: DecimalInput, exchangeRate: DecimalInput): Decimal {
  return money(amount).dividedBy(rateOf(exchangeRate));
}

/** Between two non-default currencies via the default; multiply first so exact inputs stay exact longer. */
export function convertCurrency(amount: DecimalInput, fromRate: DecimalInput, toRate: DecimalInput): Decimal {
  return money(amount).times(rateOf(toRate)).dividedBy(rateOf(fromRate));
}
