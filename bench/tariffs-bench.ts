/**
 * Tariff benchmarks, in-process:
 *  1. longest-prefix lookups/s on a 1,000,000-prefix PrefixIndex (src/billing/prefix.ts);
 *  2. CSV import of a wholesale tariff (TariffCsvService): rows/s and peak RSS;
 *  3. DB longest-prefix lookups/s through RateLookupService on the imported tariff.
 *
 * `npm run bench` builds it (tsconfig.bench.json → .bench-build/) and runs each part by itself:
 *   node .bench-build/bench/tariffs-bench.js --index [--prefixes N] [--lookups N]   (part 1 only)
 *   node .bench-build/bench/tariffs-bench.js --db URL [--rows N]                    (parts 2 and 3 only)
 * With neither flag it runs everything on a fresh SQLite file. --db takes sqlite:<file> or
 * mysql://root@127.0.0.1:3306/<db> (the database must exist). Each part ends with one line
 * `@@bench {json}` that bench/run.js reads to print its tables.
 */
import 'reflect-metadata';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PrefixIndex } from '../src/billing/prefix';
import { mulberry32 } from '../src/billing/random';
import { dataSourceOptions } from '../src/database/data-source-options';
import { RateLookupService } from '../src/families/tariffs/rate-lookup.service';
import { TariffCsvService } from '../src/families/tariffs/tariff-csv.service';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}
const flag = (name: string): boolean => process.argv.includes(`--${name}`);
const PREFIXES = Number(arg('prefixes', '1000000'));
const LOOKUPS = Number(arg('lookups', '2000000'));

/** The machine-readable result line bench/run.js collects. */
const report = (result: Record<string, unknown>): void => console.log(`@@bench ${JSON.stringify({ bench: 'tariffs', ...result })}`);


/** The i-th of 1,000,000 distinct prefixes, 7 to 9 digits: a distinct 7-digit base (7919 is coprime to 9e6) plus 0–2 random digits. */
function prefixAt(i: number, random: () => number): string {
  const base = String(((i * 7919) % 9_000_000) + 1_000_000);
  return base + String(Math.floor(random() * 100)).slice(0, Math.floor(random() * 3));
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

class PeakRss {
  peak = process.memoryUsage().rss;
  private timer = setInterval(() => this.sample(), 20);
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}

function benchIndex(): void {
  const random = mulberry32(1);
  const index = new PrefixIndex<string>();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PREFIXES; i++) index.set(prefixAt(i, random), '0.01');
  const built = Number(process.hrtime.bigint() - t0) / 1e9;
  const numbers = Array.from({ length: 10_000 }, () => String(Math.floor(random() * 9e10) + 1e10));
  let hits = 0;
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < LOOKUPS; i++) if (index.lookup(numbers[i % numbers.length]!)) hits++;
  const secs = Number(process.hrtime.bigint() - t1) / 1e9;
  const rss = process.memoryUsage().rss;
  console.log(`PrefixIndex: ${index.size} prefixes built in ${built.toFixed(2)} s; ${LOOKUPS} lookups in ${secs.toFixed(2)} s = ${Math.round(LOOKUPS / secs).toLocaleString('en')} lookups/s (${hits} hits); rss ${mb(rss)}`);
  report({ part: 'index', prefixes: index.size, buildSeconds: built, lookups: LOOKUPS, lookupsPerSecond: LOOKUPS / secs, hits, rss });
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const random = mulberry32(2);
  const out = createWriteStream(file);
  out.write('prefix,rate,connection_fee,increment,min_time\n');
  for (let i = 0; i < rows; i++) {
    const line = `${prefixAt(i, random)},0.${String(Math.floor(random() * 1e6)).padStart(6, '0')},0,1,0\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function benchImport(url: string, rows: number, dir: string): Promise<void> {
  const db = new DataSource(dataSourceOptions(url));
  await db.initialize();
  await db.runMigrations();
  await db.query("INSERT INTO tariffs (name, purpose, owner_id, currency) VALUES (?, 'provider', 0, 'USD')", [`bench ${Date.now()}`]);
  const [{ id }] = await db.query('SELECT MAX(id) AS id FROM tariffs');
  const file = join(dir, 'rates.csv');
  await writeCsv(file, rows);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const peak = new PeakRss();
  const t0 = process.hrtime.bigint();
  const result = await new TariffCsvService(db).import(Number(id), createReadStream(file), () => peak.sample());
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakRss = peak.stop();
  console.log(`CSV import (${url.split(':')[0]}): ${result.rows} rows in ${secs.toFixed(1)} s = ${Math.round(result.rows / secs).toLocaleString('en')} rows/s; rss before ${mb(rssBefore)}, peak ${mb(peakRss)}`);

  const lookup = new RateLookupService(db);
  const random = mulberry32(3);
  const n = 5_000;
  const t1 = process.hrtime.bigint();
  let hits = 0;
  for (let i = 0; i < n; i++) if (await lookup.wholesaleRate(Number(id), String(Math.floor(random() * 9e10) + 1e10))) hits++;
  const lsecs = Number(process.hrtime.bigint() - t1) / 1e9;
  console.log(`RateLookupService.wholesaleRate (${url.split(':')[0]}): ${Math.round(n / lsecs).toLocaleString('en')} lookups/s (${hits}/${n} hits)`);
  await db.destroy();
  report({
    part: 'import', database: url.split(':')[0], rows: result.rows, importSeconds: secs, rowsPerSecond: result.rows / secs,
    rssBefore, peakRss, dbLookupsPerSecond: n / lsecs, dbLookups: n, dbHits: hits,
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tariffs-bench-'));
  try {
    const all = !flag('index') && !flag('db');
    // Import first, so its RSS figures are not inflated by the in-memory index.
    if (all || flag('db')) await benchImport(arg('db', `sqlite:${join(dir, 'bench.sqlite')}`), Number(arg('rows', '1000000')), dir);
    if (all || flag('index')) benchIndex();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
