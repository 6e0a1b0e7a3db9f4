import { isMoneyText, toStorage } from '../../billing/money';
import { MAX_PREFIX_LENGTH } from './rate-lookup.service';

/** A wholesale CSV line: prefix,rate[,connection_fee[,increment[,min_time]]]. */
export interface CsvRate {
  prefix: string;
  rate: string;
  connection_fee: string;
  increment_s: number;
  min_time: number;
}

export const CSV_HEADER = 'prefix,rate,connection_fee,increment,min_time';

/** A row the import cannot use; `line` is 1-based, as an editor shows it. */
export class CsvImportError extends Error {
  constructor(readonly line: number, readonly reason: string) {
    super(line > 0 ? `Line ${line}: ${reason}` : reason);
  }
}

const isMoney = (v: string) => isMoneyText(v) && !v.trim().startsWith('-');
const intOr = (v: string | undefined, dflt: number, min: number): number | null => {
  if (v === undefined || v.trim() === '') return dflt;
  return /^\d{1,9}$/.test(v.trim()) && Number(v) >= min ? Number(v) : null;
};

/** Whether the line is a header (its first field is not a number). */
export const isHeader = (line: string): boolean => /^\s*"?[A-Za-z]/.test(line);

/** Parses one data line; throws CsvImportError naming the line. Missing optional columns take the defaults (0 fee, increment 1, min time 0). */
export function parseCsvRate(line: string, lineNo: number): CsvRate {
  const fields = line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  if (fields.length < 2 || fields.length > 5) throw new CsvImportError(lineNo, `expected 2 to 5 fields, got ${fields.length}`);
  const [prefix = '', rate = '', fee = '', inc, min] = fields;
  if (!/^\d+$/.test(prefix) || prefix.length > MAX_PREFIX_LENGTH) throw new CsvImportError(lineNo, `bad prefix '${prefix}'`);
  if (!isMoney(rate)) throw new CsvImportError(lineNo, `bad rate '${rate}'`);
  if (fee !== '' && !isMoney(fee)) throw new CsvImportError(lineNo, `bad connection fee '${fee}'`);
  const increment = intOr(inc, 1, 1);
  if (increment === null) throw new CsvImportError(lineNo, `bad increment '${inc}'`);
  const minTime = intOr(min, 0, 0);
  if (minTime === null) throw new CsvImportError(lineNo, `bad min time '${min}'`);
  return { prefix, rate: toStorage(rate), connection_fee: toStorage(fee === '' ? '0' : fee), increment_s: increment, min_time: minTime };
}

/** Amounts without trailing zeros, so an export reads like what was imported. */
export function csvLine(r: { prefix: string; rate: string | number; connection_fee: string | number; increment_s: number; min_time: number }): string {
  const amount = (v: string | number) => toStorage(v).replace(/\.?0+$/, '');
  return `${r.prefix},${amount(r.rate)},${amount(r.connection_fee)},${r.increment_s},${r.min_time}`;
}
