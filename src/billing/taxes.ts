/**
 * Taxes (03 §S5, MOR's Tax model): up to four percentages per user (or card group, voucher).
 * Prices are stored without tax. Compound: X·(1+T1)·(1+T2)…, each tax computed on the amount
 * with the previous taxes; simple: X·(1+T1+T2+…). Tax 1 always applies; taxes 2-4 only when
 * enabled. With a `precision` (MOR's invoices: 2), each tax amount is rounded to it before it is
 * added, as MOR's `apply_tax(amount, precision:)` does (half-up on the exact decimal here; MOR
 * formats a binary float, whose last-digit ties this deliberately does not copy).
 */
import { Decimal, type DecimalInput, money } from './money';

export interface Tax {
  name: string;
  /** Percent, e.g. 21 for 21 %. */
  percent: DecimalInput;
  enabled: boolean;
}

export interface TaxSet {
  taxes: readonly Tax[];
  compound: boolean;
}

export const NO_TAX: TaxSet = { taxes: [], compound: false };

/** The tax columns a user row (or card group) carries, MOR's names. */
export interface TaxColumns {
  tax1_name: string; tax2_name: string; tax3_name: string; tax4_name: string;
  tax1_value: DecimalInput; tax2_value: DecimalInput; tax3_value: DecimalInput; tax4_value: DecimalInput;
  tax2_enabled: number | string; tax3_enabled: number | string; tax4_enabled: number | string;
  compound_tax: number | string;
}

/** A user's taxes: tax 1 always on (MOR), 2-4 by their flags. */
export function taxSetOf(row: TaxColumns): TaxSet {
  return {
    compound: Number(row.compound_tax) === 1,
    taxes: [
      { name: row.tax1_name, percent: row.tax1_value, enabled: true },
      { name: row.tax2_name, percent: row.tax2_value, enabled: Number(row.tax2_enabled) === 1 },
      { name: row.tax3_name, percent: row.tax3_value, enabled: Number(row.tax3_enabled) === 1 },
      { name: row.tax4_name, percent: row.tax4_value, enabled: Number(row.tax4_enabled) === 1 },
    ],
  };
}

const active = (set: TaxSet) => set.taxes.filter((t) => t.enabled);
const round = (value: Decimal, precision?: number) => (precision === undefined ? value : value.toDecimalPlaces(precision, Decimal.ROUND_HALF_UP));
const part = (base: Decimal, tax: Tax, precision?: number) => round(base.times(money(tax.percent)).dividedBy(100), precision);

export interface AppliedTax {
  name: string;
  percent: Decimal;
  tax: Decimal;
}

/** Each enabled tax and what it adds to `net` (MOR's applied_tax_list). */
export function taxLines(net: DecimalInput, set: TaxSet, precision?: number): AppliedTax[] {
  let base = money(net);
  return active(set).map((tax) => {
    const amount = part(set.compound ? base : money(net), tax, precision);
    if (set.compound) base = base.plus(amount);
    return { name: tax.name, percent: money(tax.percent), tax: amount };
  });
}

/** The tax on a net amount. */
export function taxOf(net: DecimalInput, set: TaxSet, precision?: number): Decimal {
  return taxLines(net, set, precision).reduce((sum, line) => sum.plus(line.tax), new Decimal(0));
}

/** Net plus its taxes (MOR's apply_tax). */
export function withTax(net: DecimalInput, set: TaxSet, precision?: number): Decimal {
  return money(net).plus(taxOf(net, set, precision));
}

/**
 * The net amount inside a gross one (MOR's count_amount_without_tax): compound divides by each
 * (1 + T) from the last tax back to the first; simple divides once by (1 + ΣT).
 */
export function withoutTax(gross: DecimalInput, set: TaxSet, precision?: number): Decimal {
  const taxes = active(set);
  if (!set.compound) {
    const sum = taxes.reduce((s, t) => s.plus(money(t.percent)), new Decimal(0));
    return round(money(gross).dividedBy(sum.dividedBy(100).plus(1)), precision);
  }
  return [...taxes].reverse().reduce((amount, t) => round(amount.dividedBy(money(t.percent).plus(100)).times(100), precision), money(gross));
}

/** Total percentage the taxes add to 1 unit (for shown rates: 10 % and 5 % compound → 15.5). */
export function totalTaxPercent(set: TaxSet): Decimal {
  return withTax(100, set).minus(100);
}
