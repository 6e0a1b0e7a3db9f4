import DecimalJs from 'decimal.js';

/**
 * The one decimal type for money, rates and durations-in-money: 40 significant digits and
 * half-up rounding, so no amount is ever computed in binary floating point.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/** Scale of money and rate columns (DECIMAL(20,6)); every stored amount is rounded to it. */
export const MONEY_SCALE = 6;

export type DecimalInput = string | number | Decimal;

/** Parses an amount from the database (string from mysql2, number from SQLite) or a request. */
export function money(value: DecimalInput | null | undefined): Decimal {
  if (value === null || value === undefined || value === '') return new Decimal(0);
  return new Decimal(value);
}

/** True when the text is a plain decimal number such as `-12`, `0.5` or `3.` (no exponent, no hex). */
export function isDecimalText(text: string): boolean {
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text.trim());
}

/** Largest integer part a DECIMAL(20,6) column holds: 14 digits. */
const MONEY_INTEGER_DIGITS = 14;

/**
 * True when the text is a plain decimal (isDecimalText) that a DECIMAL(20,6) column can store:
 * at most 14 integer digits, so MariaDB's strict mode never refuses it.
 */
export function isMoneyText(text: string): boolean {
  return isDecimalText(text) && new Decimal(text.trim()).abs().lessThan(new Decimal(10).pow(MONEY_INTEGER_DIGITS));
}

/** A DECIMAL(20,6) value as MariaDB returns it, already in storage form (not `-0.000000`). */
const STORED_TEXT = /^-?(0|[1-9]\d{0,13})\.\d{6}$/;

/** Rounds to the storage scale and renders without exponent, as the database column expects. */
export function toStorage(value: DecimalInput): string {
  // Fast paths for what the database hands back on every row read (same text as the general path).
  if (typeof value === 'number' && Number.isSafeInteger(value)) return `${value}.000000`;
  if (typeof value === 'string' && STORED_TEXT.test(value) && value !== '-0.000000') return value;
  return toStorageExact(value);
}

/**
 * A stored amount (toStorage's text) as whole millionths, for exact sums of many amounts (a batch of
 * CDRs per account) without a Decimal per addition. Throws on any other text.
 */
export function microUnits(stored: string): bigint {
  if (!STORED_TEXT.test(stored)) throw new RangeError(`Not a stored amount: '${stored}'`);
  return BigInt(stored.replace('.', ''));
}

/** Whole millionths back to storage text (microUnits' inverse). */
export function fromMicroUnits(micro: bigint): string {
  const digits = (micro < 0n ? -micro : micro).toString().padStart(MONEY_SCALE + 1, '0');
  return `${micro < 0n ? '-' : ''}${digits.slice(0, -MONEY_SCALE)}.${digits.slice(-MONEY_SCALE)}`;
}

/** toStorage without fast paths (exported for its test). */
export function toStorageExact(value: DecimalInput): string {
  return money(value).toDecimalPlaces(MONEY_SCALE).toFixed(MONEY_SCALE);
}

/** Renders with a fixed number of decimals, as MOR prints amounts (e.g. `12.5000`). */
export function formatAmount(value: DecimalInput, places = 4): string {
  return money(value).toFixed(places);
}

/**
 * Renders as MOR prints a float column (Ruby's Float#to_s): the shortest decimals, at least one
 * (`0.5`, `0.0`, `12.0`, `0.000001`).
 */
export function floatText(value: DecimalInput): string {
  const d = money(value);
  return d.isInteger() ? d.toFixed(1) : d.toFixed();
}

/** A request's amount: a plain decimal (no exponent), at most 14 integer digits and 6 decimals. */
const AMOUNT_TEXT = /^[-+]?(\d{1,14}(\.\d{0,6})?|\.\d{1,6})$/;

/**
 * Parses an amount sent to the API; null for anything a DECIMAL(20,6) column would not keep exactly
 * (letters, `1e309`, `Infinity`, more than 6 decimals, more than 14 integer digits, blanks).
 */
export function parseAmount(text: string | undefined): Decimal | null {
  return text !== undefined && AMOUNT_TEXT.test(text) ? new Decimal(text) : null;
}
