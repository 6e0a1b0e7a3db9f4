import { toStorage } from '../billing/money';

/** Integer digits a DECIMAL(20,6) column holds. */
const INTEGER_DIGITS = 14;
/** Longest decimal text looked at (more is never a sensible amount). */
const MAX_TEXT = 40;

/**
 * The one parser for decimal request params (amounts, rates, percents, limits): a plain decimal
 * as sent, with an optional leading sign. Padding (`" 5"`, `"5 "`), exponents, unicode digits,
 * hex and empty fractions are refused, never trimmed: the value is hashed as sent, so what is
 * stored must be what was signed. Returns the storage text (scale 6, half-up) or null when the
 * value is not such a number or does not fit DECIMAL(20,6) once rounded.
 */
export function parseDecimalParam(raw: string): string | null {
  if (raw.length > MAX_TEXT || !/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(raw)) return null;
  const stored = toStorage(raw);
  return stored.replace(/^-/, '').split('.')[0].length <= INTEGER_DIGITS ? stored : null;
}
