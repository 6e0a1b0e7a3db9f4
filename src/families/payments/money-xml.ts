import { type DecimalInput, formatAmount } from '../../billing/money';

/** 'YYYY-MM-DD HH:MM:SS' (UTC, as stored); '' for none. A string from SQLite is kept as written. */
export function dateTimeText(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  return value.replace('T', ' ').slice(0, 19);
}

/** 'YYYY-MM-DD'. */
export const dateText = (value: Date | string | null | undefined): string => dateTimeText(value).slice(0, 10);

/** An amount as the money methods print it (MOR's four decimals). */
export const amountText = (value: DecimalInput): string => formatAmount(value, 4);
