import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { runSql } from '../../database/raw';
import type { StreamProgress } from '../../cli/progress';
import { CsvImportError, isHeader } from '../tariffs/tariff-csv';
import { CallChargerService, type CallFacts, type Cdr } from './call-charger.service';
import { RateMemo } from './call-rates.service';
import { DISPOSITIONS } from './dto/switch.dto';

/** The switch CSV `calls import` reads, one CDR a line (a first line starting with a letter is a header). */
export const CDR_CSV_HEADER = 'calldate,uniqueid,device_id,src,dst,billsec,duration,disposition,hangupcause,provider_id';

export interface CdrImportResult {
  lines: number;
  imported: number;
  duplicates: number;
}

/** A CSV line's fields, validated; `device_id` still to resolve. */
interface CdrLine {
  calldate: Date;
  uniqueid: string;
  deviceId: number;
  src: string;
  dst: string;
  billsec: number;
  duration: number;
  disposition: string;
  hangupcause: number;
  providerId: number;
}

/** CDRs per transaction: one commit (and one ledger row per account) per BATCH rows. */
const BATCH = 5000;

function field(fields: string[], i: number): string {
  return (fields[i] ?? '').trim().replace(/^"(.*)"$/, '$1');
}

/** `YYYY-MM-DD HH:MM:SS` (UTC) or unix seconds. */
function parseDate(text: string): Date | null {
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** One data line of CDR_CSV_HEADER's columns; throws CsvImportError naming the line. */
export function parseCdrLine(line: string, lineNo: number): CdrLine {
  const fields = line.split(',');
  if (fields.length < 6 || fields.length > 10) throw new CsvImportError(lineNo, `expected 6 to 10 fields, got ${fields.length}`);
  const f = (i: number) => field(fields, i);
  const calldate = parseDate(f(0));
  if (!calldate) throw new CsvImportError(lineNo, `bad calldate '${f(0)}'`);
  if (!/^[\x21-\x7e]{1,64}$/.test(f(1))) throw new CsvImportError(lineNo, `bad uniqueid '${f(1)}'`);
  if (!/^\d{1,10}$/.test(f(2))) throw new CsvImportError(lineNo, `bad device_id '${f(2)}'`);
  if (f(3).length > 80) throw new CsvImportError(lineNo, 'src is longer than 80 characters');
  if (!/^[0-9A-Za-z+*#]{1,80}$/.test(f(4))) throw new CsvImportError(lineNo, `bad dst '${f(4)}'`);
  if (!/^\d{1,7}$/.test(f(5))) throw new CsvImportError(lineNo, `bad billsec '${f(5)}'`);
  const billsec = Number(f(5));
  const duration = f(6) === '' ? billsec : /^\d{1,7}$/.test(f(6)) ? Number(f(6)) : -1;
  if (duration < billsec) throw new CsvImportError(lineNo, `bad duration '${f(6)}'`);
  const disposition = f(7) === '' ? (billsec > 0 ? 'ANSWERED' : 'NO ANSWER') : f(7).toUpperCase();
  if (!(DISPOSITIONS as readonly string[]).includes(disposition)) throw new CsvImportError(lineNo, `bad disposition '${f(7)}'`);
  if (f(8) !== '' && !/^\d{1,3}$/.test(f(8))) throw new CsvImportError(lineNo, `bad hangupcause '${f(8)}'`);
  if (f(9) !== '' && !/^\d{1,10}$/.test(f(9))) throw new CsvImportError(lineNo, `bad provider_id '${f(9)}'`);
  return {
    calldate, uniqueid: f(1), deviceId: Number(f(2)), src: f(3), dst: f(4), billsec, duration, disposition,
    hangupcause: f(8) === '' ? 16 : Number(f(8)), providerId: f(9) === '' ? 0 : Number(f(9)),
  };
}

/**
 * `calls import <file.csv>`: CDRs a switch wrote, streamed line by line, rated as they are read
 * (the pricing core, tariff lookups remembered across the file) and recorded in batches of BATCH,
 * each batch one transaction (CDRs + balance changes). A uniqueid already stored (or repeated in
 * the file) is skipped and counted. A bad line stops the import naming the line; the batches
 * before it stay imported, so running the fixed file again imports the rest and skips the rest as duplicates.
 */
@Injectable()
export class CdrImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly charger: CallChargerService,
  ) {}

  async import(input: Readable, onProgress: (p: StreamProgress) => void = () => undefined): Promise<CdrImportResult> {
    const memo = new RateMemo();
    const users = new Map<number, number>();
    const result: CdrImportResult = { lines: 0, imported: 0, duplicates: 0 };
    let bytes = 0;
    let batch: Promise<Cdr>[] = [];
    const flush = async () => {
      const cdrs = await Promise.all(batch);
      batch = [];
      const inserted = await this.db.transaction((m) => this.charger.recordMany(m, cdrs));
      result.imported += inserted.length;
      result.duplicates += cdrs.length - inserted.length;
      onProgress({ bytes, rows: result.imported + result.duplicates });
    };
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      result.lines++;
      bytes += Buffer.byteLength(line) + 1;
      if (line.trim() === '' || (result.lines === 1 && isHeader(line))) continue;
      const row = parseCdrLine(line, result.lines);
      const userId = await this.userOf(row.deviceId, users, result.lines);
      batch.push(this.charger.rate(factsOf(row, userId), memo));
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return result;
  }

  private async userOf(deviceId: number, known: Map<number, number>, lineNo: number): Promise<number> {
    const cached = known.get(deviceId);
    if (cached !== undefined) return cached;
    const [row] = await runSql(this.db.manager, 'SELECT user_id FROM devices WHERE id = ?', [deviceId]);
    if (!row) throw new CsvImportError(lineNo, `unknown device ${deviceId}`);
    known.set(deviceId, Number(row.user_id));
    return Number(row.user_id);
  }
}

function factsOf(row: CdrLine, userId: number): CallFacts {
  return {
    uniqueid: row.uniqueid, calldate: row.calldate, src: row.src, dst: row.dst, localized: row.dst, userId, deviceId: row.deviceId, providerId: row.providerId,
    didId: 0, didProviderId: 0, dstUserId: 0, dstDeviceId: 0, billsec: row.billsec, duration: row.duration, didBillsec: row.duration,
    disposition: row.disposition, hangupcause: row.hangupcause,
  };
}
