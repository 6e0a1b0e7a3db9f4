/**
 * Route query throughput: queries/s of RouteService.route for a user whose price-order LCR has
 * 10 providers, each on its own 50,000-prefix wholesale tariff, against a plain single-tariff
 * longest-prefix lookup (RateLookupService.wholesaleRate) on the same data, in one run.
 *
 *   npx tsc -p tsconfig.json --outDir .bench-build --incremental false && cp package.json .bench-build/ \
 *     && node .bench-build/bench/route-bench.js
 * Env: BENCH_DATABASE_URL (default a temp SQLite file), BENCH_SECONDS per case (default 3),
 *      BENCH_PREFIXES per tariff (default 50000), BENCH_PROVIDERS (default 10).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AppModule } from '../src/app.module';
import { mulberry32 } from '../src/billing/random';
import { loadConfig } from '../src/config/config';
import { RouteService } from '../src/families/routing/route.service';
import { RateLookupService } from '../src/families/tariffs/rate-lookup.service';

const PREFIXES = Number(process.env.BENCH_PREFIXES || 50_000);
const PROVIDERS = Number(process.env.BENCH_PROVIDERS || 10);
const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const CHUNK = 400;

/** Distinct prefixes of 2..7 digits, as a real A-Z tariff mixes country and network prefixes. */
function prefixesOf(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const set = new Set<string>();
  while (set.size < count) {
    const length = 2 + Math.floor(random() * 6);
    set.add(String(1 + Math.floor(random() * 9)) + Array.from({ length: length - 1 }, () => Math.floor(random() * 10)).join(''));
  }
  return [...set];
}

async function insertRows(m: EntityManager, table: string, columns: string[], rows: (string | number)[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')}`, part.flat());
  }
}

const idOf = async (db: DataSource, sql: string, params: unknown[]) => Number((await db.query(sql, params))[0].id);

/** One provider on its own tariff of PREFIXES rates, linked to the LCR. */
async function seedProvider(db: DataSource, lcrId: number, p: number, firstRateId: number): Promise<{ tariffId: number; prefixes: string[] }> {
  await db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES (?, 'provider', 0)", [`bench-${p}`]);
  const tariffId = await idOf(db, 'SELECT id FROM tariffs WHERE name = ?', [`bench-${p}`]);
  const prefixes = prefixesOf(p, PREFIXES);
  const ids = prefixes.map((_, i) => firstRateId + i);
  await db.transaction(async (m) => {
    await insertRows(m, 'rates', ['id', 'tariff_id', 'prefix'], prefixes.map((prefix, i) => [ids[i], tariffId, prefix]));
    await insertRows(m, 'ratedetails', ['rate_id', 'rate'], ids.map((id, i) => [id, `0.${String(1000 + ((i * 37 + p * 11) % 9000))}`]));
  });
  await db.query('INSERT INTO providers (name, tariff_id) VALUES (?, ?)', [`bench-p${p}`, tariffId]);
  const providerId = await idOf(db, 'SELECT id FROM providers WHERE name = ?', [`bench-p${p}`]);
  await db.query('INSERT INTO lcr_providers (lcr_id, provider_id, priority) VALUES (?, ?, ?)', [lcrId, providerId, p]);
  return { tariffId, prefixes };
}

/** PROVIDERS tariffs of PREFIXES prefixes each, their providers in one price LCR, one user on it. */
async function seed(db: DataSource): Promise<{ tariffId: number; prefixes: string[] }> {
  await db.query("INSERT INTO lcrs (name, lcr_order) VALUES ('bench', 'price')");
  const lcrId = await idOf(db, "SELECT id FROM lcrs WHERE name = 'bench'", []);
  const tariffs = [];
  for (let p = 1; p <= PROVIDERS; p++) tariffs.push(await seedProvider(db, lcrId, p, 1_000_000 + (p - 1) * PREFIXES));
  await db.query("INSERT INTO users (username, usertype, lcr_id) VALUES ('benchuser', 'user', ?)", [lcrId]);
  return tariffs[0];
}

async function perSecond(name: string, work: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await work(i);
  const end = Date.now() + SECONDS * 1000;
  const start = process.hrtime.bigint();
  let n = 0;
  while (Date.now() < end) await work(n++);
  const rate = n / (Number(process.hrtime.bigint() - start) / 1e9);
  console.log(`${name.padEnd(36)} ${rate.toFixed(0).padStart(8)} /s  (${n} in ${SECONDS}s)`);
  return rate;
}

async function main(): Promise<void> {
  const file = join(tmpdir(), `route-bench-${process.pid}.sqlite`);
  const url = process.env.BENCH_DATABASE_URL || `sqlite:${file}`;
  const config = loadConfig({ DATABASE_URL: url, MOR_API_SECRET_KEY: 'bench', MOR_ADMIN_PASSWORD: 'bench-pass-1' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const t0 = Date.now();
    const { tariffId, prefixes } = await seed(app.get(DataSource));
    console.log(`seeded ${PROVIDERS} tariffs × ${PREFIXES} prefixes in ${((Date.now() - t0) / 1000).toFixed(1)}s (${url.split(':')[0]})`);
    const random = mulberry32(42);
    const numbers = Array.from({ length: 5000 }, () => (prefixes[Math.floor(random() * prefixes.length)] + '123456789').slice(0, 11));
    const at = new Date('2026-01-05T10:00:00Z');
    const rates = app.get(RateLookupService);
    const route = app.get(RouteService);
    const sample = await route.route({ user: 'benchuser', number: numbers[0], at });
    console.log(`sample ${numbers[0]}: ${sample.routes.length} priced providers, cheapest ${sample.routes[0]?.price.toFixed(4)}`);
    const single = await perSecond('single-tariff wholesaleRate', (i) => rates.wholesaleRate(tariffId, numbers[i % numbers.length], at));
    const routed = await perSecond(`route query (${PROVIDERS} providers)`, (i) => route.route({ user: 'benchuser', number: numbers[i % numbers.length], at }));
    console.log(`ratio single/route: ${(single / routed).toFixed(2)}`);
  } finally {
    await app.close();
    if (!process.env.BENCH_DATABASE_URL) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

void main();
