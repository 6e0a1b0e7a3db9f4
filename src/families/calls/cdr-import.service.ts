import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { DataSource, EntityManager } from 'typeorm';
import { fromMicroUnits, microUnits } from '../../billing/money';
import { insertValues, runSql } from '../../database/raw';
import { type LedgerAccountType, byLockOrder, changeBalances } from '../../ledger/ledger';
import type { StreamProgress } from '../../cli/progress';
import { CsvImportError, isHeader } from '../tariffs/tariff-csv';
import { CDR_COLUMNS, type CallFacts, type Cdr, cdrValues, paidParts } from './call-charger.service';
import { CallRatesService } from './call-rates.service';
import { CdrRater } from './cdr-rater';
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

/**
 * CDRs per transaction: one commit and one ledger row per account charged (a batch's users: up to
 * all of them) per BATCH CDRs. Bigger batches write fewer ledger rows and balance updates per CDR,
 * and on SQLite each index page a commit writes (the CDRs of a file spread over most pages of the
 * date indexes) for more rows; smaller ones hold SQLite's one writer lock for less time.
 */
const BATCH = 20_000;

/** Uniqueids per duplicate-check query. */
const LOOKUP = 5_000;

const LINE_BREAK = /\r\n|\n|\r/;

/** A stream's lines as readline gives them (\n, \r\n or \r; no empty last line), a chunk's worth at a time. */
async function* linesOf(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    // A \r at the end may be the first half of \r\n: kept for the next chunk.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = text.slice(0, cut).split(LINE_BREAK);
    rest = lines.pop()! + text.slice(cut);
    if (lines.length > 0) yield lines;
  }
  const last = (rest + decoder.end()).split(LINE_BREAK);
  if (last[last.length - 1] === '') last.pop();
  if (last.length > 0) yield last;
}

/** A field trimmed and unquoted. */
function field(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  return text.charCodeAt(0) === 34 ? text.replace(/^"(.*)"$/, '$1') : text;
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
  const raw = line.split(',');
  if (raw.length < 6 || raw.length > 10) throw new CsvImportError(lineNo, `expected 6 to 10 fields, got ${raw.length}`);
  const fields: string[] = [];
  for (let i = 0; i < 10; i++) fields.push(field(raw[i]));
  const f = (i: number) => fields[i];
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
 * `calls import <file.csv>`: CDRs a switch wrote, streamed, rated as they are read (CdrRater: the
 * pricing core, lookups and prices remembered across the file) and recorded in batches, each batch
 * one transaction (CDRs + balance changes), written while the next batch is read and rated. A
 * uniqueid already stored (or repeated in the file) is skipped and counted. A bad line stops the
 * import naming the line; the batches before it stay imported, so running the fixed file again
 * imports the rest and skips the rest as duplicates.
 */
@Injectable()
export class CdrImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly callRates: CallRatesService,
  ) {}

  async import(input: Readable, onProgress: (p: StreamProgress) => void = () => undefined): Promise<CdrImportResult> {
    const rater = new CdrRater(this.db, this.callRates);
    const users = new Map<number, number>();
    const result: CdrImportResult = { lines: 0, imported: 0, duplicates: 0 };
    let bytes = 0;
    let batch: Cdr[] = [];
    // The batch being written, at most one: the next is read and rated meanwhile.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      const cdrs = batch;
      const read = bytes;
      batch = [];
      await writing;
      writing = this.db.transaction((m) => this.record(m, cdrs)).then((inserted) => {
        result.imported += inserted;
        result.duplicates += cdrs.length - inserted;
        onProgress({ bytes: read, rows: result.imported + result.duplicates });
      });
      // Failures surface at the next flush or the end; until then the rejection is not unhandled.
      writing.catch(() => undefined);
    };
    try {
      for await (const lines of linesOf(input)) {
        for (const line of lines) {
          result.lines++;
          bytes += Buffer.byteLength(line) + 1;
          if (line.trim() === '' || (result.lines === 1 && isHeader(line))) continue;
          const row = parseCdrLine(line, result.lines);
          const userId = users.get(row.deviceId) ?? (await this.userOf(row.deviceId, users, result.lines));
          const rated = rater.rate(factsOf(row, userId));
          batch.push(rated instanceof Promise ? await rated : rated);
          if (batch.length >= BATCH) await flush();
        }
      }
      await flush();
    } finally {
      await writing;
    }
    return result;
  }

  /**
   * Inserts a batch's CDRs whose uniqueid is new (stored ones and repeats in the batch are skipped)
   * and charges each account once with the batch's sum, ledger cause `import:<sha1 of the inserted
   * uniqueids>`: a batch is charged in the transaction that stores its CDRs, so a rerun of the file
   * finds them and charges nothing twice. Returns how many were inserted.
   */
  private async record(m: EntityManager, cdrs: Cdr[]): Promise<number> {
    const seen = new Set<string>();
    for (let i = 0; i < cdrs.length; i += LOOKUP) {
      const ids = cdrs.slice(i, i + LOOKUP).map((c) => c.uniqueid);
      const rows: { uniqueid: string }[] = await runSql(m, `SELECT uniqueid FROM calls WHERE uniqueid IN (${ids.map(() => '?').join(', ')})`, ids, false);
      for (const r of rows) seen.add(String(r.uniqueid));
    }
    const fresh = cdrs.filter((c) => !seen.has(c.uniqueid) && (seen.add(c.uniqueid), true));
    if (fresh.length === 0) return 0;
    await insertValues(m, 'calls', CDR_COLUMNS, fresh, cdrValues);
    // Sums in millionths: exact, without a Decimal per CDR (prices repeat: each is converted once).
    const micro = new Map<string, bigint>();
    const microOf = (price: string) => micro.get(price) ?? micro.set(price, microUnits(price)).get(price)!;
    const sums = new Map<LedgerAccountType, Map<number, bigint>>();
    const hash = createHash('sha1');
    for (const [n, cdr] of fresh.entries()) {
      hash.update(n === 0 ? cdr.uniqueid : `\n${cdr.uniqueid}`);
      for (const [account, accountId, price] of paidParts(cdr)) {
        if (!accountId) continue;
        const accounts = sums.get(account) ?? new Map<number, bigint>();
        sums.set(account, accounts);
        accounts.set(accountId, (accounts.get(accountId) ?? 0n) - microOf(price));
      }
    }
    const causeId = `import:${hash.digest('hex')}`;
    // Account types and ids in one fixed order (as CallChargerService.applyCharges), so concurrent transactions lock rows alike.
    for (const account of [...sums.keys()].sort(byLockOrder)) {
      const amounts = [...sums.get(account)!].filter(([, sum]) => sum !== 0n).sort(([a], [b]) => a - b).map(([accountId, sum]) => ({ accountId, amount: fromMicroUnits(sum) }));
      await changeBalances(m, { account, kind: 'call', causeId, description: `Call ${causeId}`.slice(0, 255) }, amounts);
    }
    return fresh.length;
  }

  private async userOf(deviceId: number, known: Map<number, number>, lineNo: number): Promise<number> {
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
