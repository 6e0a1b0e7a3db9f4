/**
 * Invoice generation benchmark: BENCH_USERS postpaid users (1,000), BENCH_CDRS rated answered calls
 * (100,000) spread over them and 40 prefixes in one month, on a fresh SQLite file (or
 * BENCH_DATABASE_URL). Prints the generation time, invoices/s and the process RSS after each
 * batch of users: flat memory means the last batch's RSS is about the first's.
 *
 *   BENCH_ONLY=invoices npm run bench   (or, built: node .bench-build/bench/invoices-bench.js)
 *
 * Ends with `@@bench {json}` as the other benchmarks do.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { mulberry32 } from '../src/billing/random';
import { loadConfig } from '../src/config/config';
import { insertRows } from '../src/database/raw';
import { InvoiceGenerator } from '../src/families/invoices/invoice-generator.service';

const USERS = Number(process.env.BENCH_USERS || 1000);
const CDRS = Number(process.env.BENCH_CDRS || 100_000);
const mb = (bytes: number) => Math.round(bytes / 1048576);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mor-invoices-bench-'));
  const url = process.env.BENCH_DATABASE_URL || `sqlite:${join(dir, 'bench.sqlite')}`;
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadConfig({ DATABASE_URL: url, MOR_API_SECRET_KEY: 'bench-secret-key', MOR_ADMIN_PASSWORD: 'bench-admin-pass' })), { logger: ['error'] });
  try {
    const db = app.get(DataSource);
    const random = mulberry32(7);
    const users = Array.from({ length: USERS }, (_, i) => ({ username: `bench${i}`, usertype: 'user', postpaid: 1, owner_id: 0, tax1_value: '21', uniquehash: `bh${i}` }));
    for (let i = 0; i < users.length; i += 500) await insertRows(db.manager, 'users', users.slice(i, i + 500));
    const [{ first }] = await db.query("SELECT MIN(id) AS first FROM users WHERE username LIKE 'bench%'");
    const seeding = Date.now();
    for (let i = 0; i < CDRS; i += 1000) {
      await db.transaction((m) => insertRows(m, 'calls', Array.from({ length: Math.min(1000, CDRS - i) }, (_, j) => {
        const n = i + j;
        const billsec = 1 + Math.floor(random() * 600);
        return {
          uniqueid: `bench-${n}`, user_id: Number(first) + (n % USERS), calldate: `2026-10-${String(1 + (n % 28)).padStart(2, '0')} 12:00:00`, prefix: String(30 + (n % 40)),
          destination: `Destination ${n % 40}`, billsec, duration: billsec, disposition: 'ANSWERED', user_price: (billsec * 0.0001234).toFixed(6), dst: '3712345678', src: '100',
        };
      })));
    }
    const seeded = (Date.now() - seeding) / 1000;
    global.gc?.();
    const rss: number[] = [];
    const started = Date.now();
    const result = await app.get(InvoiceGenerator).generate({ from: '2026-10-01', till: '2026-10-31', issueDate: '2026-11-01', users: 'postpaid' }, () => rss.push(process.memoryUsage().rss));
    const seconds = (Date.now() - started) / 1000;
    console.log(`seeded ${USERS} users and ${CDRS} CDRs in ${seeded.toFixed(1)} s`);
    console.log(`generated ${result.created} invoices in ${seconds.toFixed(2)} s (${Math.round(result.created / seconds)} invoices/s, ${Math.round(CDRS / seconds)} CDRs/s)`);
    console.log(`RSS after each batch of users (MB): ${rss.map(mb).join(', ')}`);
    console.log(`@@bench ${JSON.stringify({ bench: 'invoices', database: url.split(':')[0], users: USERS, cdrs: CDRS, created: result.created, seconds, rssMb: rss.map(mb) })}`);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
