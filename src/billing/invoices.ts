/**
 * Invoice arithmetic (03 §S5-S6), pure: the number a sequence value gives, the lines of an invoice
 * from rated calls grouped by destination prefix and other charges, and its totals with the
 * user's taxes rounded to the cent as MOR rounds document taxes.
 */
import { Decimal, type DecimalInput, money } from './money';
import { type TaxSet, taxOf } from './taxes';

/** Digits of the sequence part: `INV` + 7 digits looks like MOR's `INV1905011`. */
export const INVOICE_NUMBER_DIGITS = 7;

/** Prefix + zero-padded sequence value; a longer value keeps all its digits (never truncated, never repeated). */
export function invoiceNumber(prefix: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Invoice sequence must be a positive integer: ${sequence}`);
  return `${prefix}${String(sequence).padStart(INVOICE_NUMBER_DIGITS, '0')}`;
}

/** Rated calls of one destination prefix in the period. */
export interface CallGroup {
  prefix: string;
  destination: string;
  calls: number;
  seconds: number;
  price: DecimalInput;
}

/** A charge another family put on the user's invoice (a subscription period, a fee...). */
export interface Charge {
  name: string;
  quantity: number;
  price: DecimalInput;
  serviceId: number;
}

export interface InvoiceLine {
  kind: 'calls' | 'charge';
  name: string;
  quantity: number;
  totalTime: number;
  prefix: string;
  serviceId: number;
  price: Decimal;
}

export interface InvoiceTotals {
  price: Decimal;
  tax: Decimal;
  priceWithTax: Decimal;
  totalTime: number;
}

/** MOR prints document taxes to the cent. */
export const INVOICE_TAX_PRECISION = 2;

/** Call lines (named `Calls to <destination>`, or by prefix) in prefix order, then charges as given. */
export function invoiceLines(groups: readonly CallGroup[], charges: readonly Charge[]): InvoiceLine[] {
  const calls = [...groups].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0)).map((g): InvoiceLine => ({
    kind: 'calls', name: `Calls to ${g.destination || g.prefix || 'other destinations'}`, quantity: g.calls, totalTime: g.seconds, prefix: g.prefix, serviceId: 0, price: money(g.price),
  }));
  return [...calls, ...charges.map((c): InvoiceLine => ({ kind: 'charge', name: c.name, quantity: c.quantity, totalTime: 0, prefix: '', serviceId: c.serviceId, price: money(c.price) }))];
}

/** Net = the lines' sum, exact; tax on the net rounded per tax to the cent. */
export function invoiceTotals(lines: readonly InvoiceLine[], taxes: TaxSet): InvoiceTotals {
  const price = lines.reduce((sum, line) => sum.plus(line.price), new Decimal(0));
  const tax = taxOf(price, taxes, INVOICE_TAX_PRECISION);
  return { price, tax, priceWithTax: price.plus(tax), totalTime: lines.reduce((s, l) => s + l.totalTime, 0) };
}
