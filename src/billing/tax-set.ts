/**
 * Taxes as MOR applies them to a user or a card group (03 §S taxes): up to four percentages, the
 * first always on, either compound (each tax on the amount plus the taxes before it) or simple
 * (the percentages added). Written so it can join src/billing/taxes.ts when that lands.
 */
import { Decimal, type DecimalInput, money } from './money';

export interface TaxSet {
  /** Percentages (e.g. `21` for 21 %), tax 1 first; a tax whose `enabled` is false is skipped. */
  taxes: ReadonlyArray<{ value: DecimalInput; enabled: boolean }>;
  compound: boolean;
}

/** The factor gross = net × factor. */
export function taxFactor(set: TaxSet): Decimal {
  const rates = set.taxes.filter((t) => t.enabled).map((t) => money(t.value).dividedBy(100));
  if (set.compound) return rates.reduce((f, r) => f.times(r.plus(1)), new Decimal(1));
  return rates.reduce((f, r) => f.plus(r), new Decimal(1));
}

/** Net amount → amount with taxes (unrounded: round where stored or printed). */
export function withTax(net: DecimalInput, set: TaxSet): Decimal {
  return money(net).times(taxFactor(set));
}

/** Amount with taxes → net amount (unrounded). */
export function withoutTax(gross: DecimalInput, set: TaxSet): Decimal {
  return money(gross).dividedBy(taxFactor(set));
}

/** A row with MOR's tax columns (users, card groups) as a TaxSet; tax 1 is always enabled. */
export function taxSetOf(row: {
  tax1_value: DecimalInput; tax2_value: DecimalInput; tax3_value: DecimalInput; tax4_value: DecimalInput;
  tax2_enabled: number; tax3_enabled: number; tax4_enabled: number; compound_tax: number;
}): TaxSet {
  return {
    compound: Number(row.compound_tax) === 1,
    taxes: [
      { value: row.tax1_value, enabled: true },
      { value: row.tax2_value, enabled: Number(row.tax2_enabled) === 1 },
      { value: row.tax3_value, enabled: Number(row.tax3_enabled) === 1 },
      { value: row.tax4_value, enabled: Number(row.tax4_enabled) === 1 },
    ],
  };
}
