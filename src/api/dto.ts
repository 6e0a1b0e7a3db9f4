import { ValidationOptions, registerDecorator } from 'class-validator';
import { parseDecimalParam } from './decimal-param';
import { parseId } from './input';

/**
 * Validators for MOR params, which always arrive as strings. Each takes MOR's error text
 * as its message, so a DTO reads like the method's error table.
 */
function rule(name: string, test: (value: unknown) => boolean, message: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({ name, target: target.constructor, propertyName: String(propertyName), options: { ...options, message }, validator: { validate: test } });
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The param must be sent and not empty. */
export const Required = (message: string) => rule('morRequired', present, message);

/** When sent (an empty value counts as not sent): a non-negative integer (an id). */
export const IdParam = (message: string) => rule('morId', (v) => !present(v) || (typeof v === 'string' && parseId(v) !== null), message);

/** When sent: an integer (negative allowed) that fits a 32-bit INT column. */
export const IntParam = (message: string) => rule('morInt', (v) => !present(v) || (typeof v === 'string' && /^-?\d{1,10}$/.test(v) && Math.abs(Number(v)) <= 2147483647), message);

/** When sent: 0 or 1. */
export const FlagParam = (message: string) => rule('morFlag', (v) => !present(v) || v === '0' || v === '1', message);

/** A plain decimal number, as sent (no padding), that fits a DECIMAL(20,6) column: parseDecimalParam. */
export const isStorableDecimal = (v: string) => parseDecimalParam(v) !== null;

/** When sent: a plain decimal number. */
export const DecimalParam = (message: string) => rule('morDecimal', (v) => !present(v) || (typeof v === 'string' && isStorableDecimal(v)), message);

/** Bytes a TEXT column holds (MariaDB counts TEXT in bytes, VARCHAR in characters). */
export const TEXT_BYTES = 65535;

/** Whether a value fits a column of `max` characters (and, for TEXT, its byte limit). */
export const fitsColumn = (v: string, max: number) => v.length <= max && (max < 16384 || Buffer.byteLength(v, 'utf8') <= TEXT_BYTES);

/** When sent: at most `max` characters (columns have limits; MySQL strict mode would refuse). */
export const MaxLength = (max: number, message: string) => rule('morMaxLength', (v) => v === undefined || (typeof v === 'string' && fitsColumn(v, max)), message);

/** When sent: matches the pattern (a regular expression without the global flag). */
export const PatternParam = (pattern: RegExp, message: string) => rule('morPattern', (v) => !present(v) || (typeof v === 'string' && pattern.test(v)), message);

/** When sent: one of the given values. */
export const OneOf = (values: readonly string[], message: string) => rule('morOneOf', (v) => !present(v) || (typeof v === 'string' && values.includes(v)), message);
