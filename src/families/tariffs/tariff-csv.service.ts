import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { CSV_HEADER, CsvImportError, CsvRate, csvLine, isHeader, parseCsvRate } from './tariff-csv';
import { Tariff, isRetail } from './tariff.entity';

export interface CsvProgress {
  /** Lines read so far (header and blank lines included). */
  lines: number;
  /** Rates written so far (inside the still-open transaction). */
  rows: number;
  /** Bytes of the input consumed so far (line ends counted as one byte), for a progress bar against the file size. */
  bytes: number;
}

export interface CsvImportResult {
  lines: number;
  rows: number;
}

const BATCH = 500;
const PROGRESS_EVERY = 10_000;

/**
 * Wholesale tariff CSV import/export for the CLI. Import streams the input line by line inside ONE
 * transaction: a bad row throws CsvImportError with its line number and everything rolls back.
 * A prefix already in the tariff is replaced (all its details); the last line of a prefix wins.
 * The input is only read once the transaction is open (a paused stream loses nothing meanwhile).
 */
@Injectable()
export class TariffCsvService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async import(tariffId: number, input: Readable, onProgress: (p: CsvProgress) => void = () => undefined): Promise<CsvImportResult> {
    const progress: CsvProgress = { lines: 0, rows: 0, bytes: 0 };
    await this.db.transaction(async (m) => {
      await this.wholesaleTariff(tariffId, m);
      let batch = new Map<string, CsvRate>();
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        progress.lines++;
        progress.bytes += Buffer.byteLength(line) + 1;
        if (line.trim() === '' || (progress.lines === 1 && isHeader(line))) continue;
        const rate = parseCsvRate(line, progress.lines);
        batch.delete(rate.prefix);
        batch.set(rate.prefix, rate);
        if (batch.size < BATCH) continue;
        progress.rows += await this.writeBatch(tariffId, [...batch.values()], m);
        batch = new Map();
        if (progress.rows % PROGRESS_EVERY < BATCH) onProgress({ ...progress });
      }
      progress.rows += await this.writeBatch(tariffId, [...batch.values()], m);
      await m.getRepository(Tariff).update(tariffId, { last_update_date: new Date() });
    });
    onProgress({ ...progress });
    return { lines: progress.lines, rows: progress.rows };
  }

  /** Writes the tariff's rates as CSV (first detail of each prefix), in pages of ids; respects back-pressure. */
  async export(tariffId: number, output: Writable): Promise<number> {
    await this.wholesaleTariff(tariffId, this.db.manager);
    let written = 0;
    let lastId = 0;
    await write(output, `${CSV_HEADER}\n`);
    for (;;) {
      const page: Record<string, string | number>[] = await this.db.query(
        `SELECT r.id, r.prefix, d.rate, d.connection_fee, d.increment_s, d.min_time FROM rates r
         JOIN ratedetails d ON d.id = (SELECT MIN(d2.id) FROM ratedetails d2 WHERE d2.rate_id = r.id)
         WHERE r.tariff_id = ? AND r.id > ? ORDER BY r.id LIMIT ${BATCH * 10}`,
        [tariffId, lastId],
      );
      if (page.length === 0) return written;
      const text = page.map((r) => csvLine({ prefix: String(r.prefix), rate: r.rate!, connection_fee: r.connection_fee!, increment_s: Number(r.increment_s), min_time: Number(r.min_time) })).join('\n');
      await write(output, `${text}\n`);
      written += page.length;
      lastId = Number(page[page.length - 1]!.id);
    }
  }

  private async wholesaleTariff(tariffId: number, m: EntityManager): Promise<Tariff> {
    const tariff = await m.getRepository(Tariff).findOne({ where: { id: tariffId } });
    if (!tariff) throw new CsvImportError(0, `Tariff ${tariffId} not found`);
    if (isRetail(tariff)) throw new CsvImportError(0, `Tariff ${tariffId} is retail; CSV import is for wholesale tariffs`);
    return tariff;
  }

  /** Replaces the batch's prefixes: drops their old rates and details, inserts rates, then one detail each. */
  private async writeBatch(tariffId: number, rates: CsvRate[], m: EntityManager): Promise<number> {
    if (rates.length === 0) return 0;
    const marks = rates.map(() => '?').join(',');
    const prefixes = rates.map((r) => r.prefix);
    const oldIds: { id: number }[] = await m.query(`SELECT id FROM rates WHERE tariff_id = ? AND prefix IN (${marks})`, [tariffId, ...prefixes]);
    if (oldIds.length > 0) {
      const ids = oldIds.map((r) => Number(r.id));
      const idMarks = ids.map(() => '?').join(',');
      await m.query(`DELETE FROM ratedetails WHERE rate_id IN (${idMarks})`, ids);
      await m.query(`DELETE FROM rates WHERE id IN (${idMarks})`, ids);
    }
    await m.query(`INSERT INTO rates (tariff_id, prefix) VALUES ${rates.map(() => '(?, ?)').join(',')}`, rates.flatMap((r) => [tariffId, r.prefix]));
    const created: { id: number; prefix: string }[] = await m.query(`SELECT id, prefix FROM rates WHERE tariff_id = ? AND prefix IN (${marks})`, [tariffId, ...prefixes]);
    const idOf = new Map(created.map((r) => [String(r.prefix), Number(r.id)]));
    await m.query(
      `INSERT INTO ratedetails (rate_id, rate, connection_fee, increment_s, min_time, start_time, end_time, daytype) VALUES ${rates.map(() => "(?, ?, ?, ?, ?, '00:00:00', '23:59:59', '')").join(',')}`,
      rates.flatMap((r) => [idOf.get(r.prefix)!, r.rate, r.connection_fee, r.increment_s, r.min_time]),
    );
    return rates.length;
  }
}

async function write(output: Writable, text: string): Promise<void> {
  if (!output.write(text)) await once(output, 'drain');
}
