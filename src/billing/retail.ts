/**
 * Retail rate of a destination group derived from a wholesale tariff (reference §B.6):
 * take the HIGHEST wholesale rate among the group's prefixes — so no destination of the group is
 * sold below cost — then add a fixed amount Y and/or a percent Z: (X + Y) + (X + Y) / 100 × Z.
 */
import { type Decimal, type DecimalInput, MONEY_SCALE, money } from './money';

export interface Markup {
  /** Added to the rate first (Y). */
  readonly amount?: DecimalInput;
  /** Percent of (rate + amount) added next (Z). */
  readonly percent?: DecimalInput;
}

/** Highest of the rates, or undefined for an empty group (nothing to derive from). */
export function highestRate(rates: Iterable<DecimalInput>): Decimal | undefined {
  let max: Decimal | undefined;
  for (const rate of rates) {
    const r = money(rate);
    if (max === undefined || r.greaterThan(max)) max = r;
  }
  return max;
}

/** (X + Y) + (X + Y) / 100 × Z, rounded half-up to the rate column scale. */
export function applyMarkup(rate: DecimalInput, markup: Markup = {}): Decimal {
  const base = money(rate).plus(money(markup.amount));
  return base.plus(base.dividedBy(100).times(money(markup.percent))).toDecimalPlaces(MONEY_SCALE);
}

/** Retail rate of a group from the wholesale rates of its prefixes; undefined when the group has none. */
export function retailRateFromWholesale(wholesaleRates: Iterable<DecimalInput>, markup: Markup = {}): Decimal | undefined {
  const highest = highestRate(wholesaleRates);
  return highest === undefined ? undefined : applyMarkup(highest, markup);
}

