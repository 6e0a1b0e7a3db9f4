/**
 * Calls benchmarks, one database per run (`node .bench-build/bench/calls-bench.js`, built by
 * `npm run bench`); ends with `@@bench {json}` lines that bench/run.js tabulates.
 *  1. lifecycles: call_authorize + call_start + call_end over HTTP per second from one server
 *     process (the load client is another process; the server process's CPU µs per lifecycle too), beside user_details_get in the same run;
 *  2. import: `calls import` rows/s on a generated CSV of BENCH_CDRS rows, with peak RSS;
 *  3. user_calls_get: first page (50 calls of one user's month) on a calls table of BENCH_CDR_TABLE rows: the
 *     first request after the fill, then p50/p99 of 200 after 20 unmeasured ones.
 * Env: BENCH_DATABASE_URL (default a temp SQLite file), BENCH_LIFECYCLES (3000), BENCH_CONCURRENCY (16), BENCH_CALL_DEVICES (1),
 *      BENCH_CDRS (1000000), BENCH_CDR_TABLE (10000000), BENCH_ONLY_CALLS (comma list of lifecycles,import,table),
 *      BENCH_CALLS_PROFILE (a directory: CPU profiles of the server process over the measured lifecycles, the import and user_calls_get),
 *      BENCH_CSV_SHUFFLED=1 (the import CSV in random time order).
 */
import 'reflect-metadata';
import { createWriteStream, createReadStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { morHash } from '../src/api/hash';
import { createApp } from '../src/app.factory';
import { mulberry32 } from '../src/billing/random';
import { loadConfig } from '../src/config/config';
import { CdrImportService } from '../src/families/calls/cdr-import.service';
import { SettingsService } from '../src/settings/settings.service';

const KEY = 'bench-secret-key';
const LIFECYCLES = Number(process.env.BENCH_LIFECYCLES || 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 16);
/** Devices (each of its own user) the lifecycles call from in turn: 1 = every call charges one account (the worst case, its row lock serializes them). */
const CALL_DEVICES = Number(process.env.BENCH_CALL_DEVICES || 1);
const CDRS = Number(process.env.BENCH_CDRS || 1_000_000);
const CDR_TABLE = Number(process.env.BENCH_CDR_TABLE || 10_000_000);
const ONLY = new Set((process.env.BENCH_ONLY_CALLS || 'lifecycles,import,table').split(','));
const USERS = 1000;
/** BENCH_CALLS_PROFILE=<dir>: CPU profiles of this process over the measured phases only. */
const PROFILE = process.env.BENCH_CALLS_PROFILE;
const SHUFFLED = process.env.BENCH_CSV_SHUFFLED === '1';

/** The inspector's CPU profiler on this process (started and stopped around the measured lifecycles). */
const profiler = {
  session: null as Session | null,
  async start() {
    this.session = new Session();
    this.session.connect();
    await this.post('Profiler.enable');
    await this.post('Profiler.start');
  },
  async stop(file: string) {
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(profile));
    this.session?.disconnect();
  },
  post(method: string) {
    return new Promise<unknown>((resolve, reject) => this.session!.post(method, (e, r) => (e ? reject(e) : resolve(r))));
  },
};

const idOf = async (db: DataSource, sql: string, params: unknown[]) => Number((await db.query(sql, params))[0].id);

/** Tariffs 0.02 (provider) / 0.08 (users) for 100 prefixes, a provider on an LCR, USERS postpaid users with unlimited credit and a device each. */
async function seed(db: DataSource): Promise<{ deviceIds: number[]; userIds: number[] }> {
  const tariff = async (name: string, purpose: string, rate: string) => {
    await db.query('INSERT INTO tariffs (name, purpose, owner_id) VALUES (?, ?, 0)', [name, purpose]);
    const id = await idOf(db, 'SELECT id FROM tariffs WHERE name = ?', [name]);
    for (let p = 10; p < 110; p++) await db.query('INSERT INTO rates (tariff_id, prefix) VALUES (?, ?)', [id, `370${p}`]);
    await db.query(`INSERT INTO ratedetails (rate_id, rate) SELECT id, '${rate}' FROM rates WHERE tariff_id = ${id}`);
    return id;
  };
  const providerTariff = await tariff('bench-prov', 'provider', '0.02');
  const userTariff = await tariff('bench-user', 'user_wholesale', '0.08');
  await db.query("INSERT INTO providers (name, tech, tariff_id, ipaddr, active) VALUES ('bench-p', 'SIP', ?, '10.0.0.1', 1)", [providerTariff]);
  const providerId = await idOf(db, "SELECT id FROM providers WHERE name = 'bench-p'", []);
  await db.query("INSERT INTO lcrs (name, lcr_order, owner_id) VALUES ('bench-lcr', 'price', 0)");
  const lcrId = await idOf(db, "SELECT id FROM lcrs WHERE name = 'bench-lcr'", []);
  await db.query('INSERT INTO lcr_providers (lcr_id, provider_id, priority, percent, active) VALUES (?, ?, 1, 0, 1)', [lcrId, providerId]);
  await db.transaction(async (m) => {
    for (let i = 0; i < USERS; i++) {
      await m.query("INSERT INTO users (username, usertype, owner_id, postpaid, credit, tariff_id, lcr_id, uniquehash) VALUES (?, 'user', 0, 1, '-1', ?, ?, ?)", [`bu${i}`, userTariff, lcrId, `bh${i}`]);
    }
    await m.query("INSERT INTO devices (user_id, name, device_type) SELECT id, CONCAT('bd', id), 'SIP' FROM users WHERE username LIKE 'bu%'".replace("CONCAT('bd', id)", db.options.type === 'mysql' ? "CONCAT('bd', id)" : "'bd' || id"));
  });
  const devices: { id: number; user_id: number }[] = await db.query("SELECT d.id, d.user_id FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username LIKE 'bu%' ORDER BY d.id");
  return { deviceIds: devices.map((d) => Number(d.id)), userIds: devices.map((d) => Number(d.user_id)) };
}

interface ClientResult {
  lifecycles: { perSecond: number; failures: number; firstFailure?: string };
  details: { perSecond: number; failures: number; firstFailure?: string };
  /** This (the server's) process's CPU time per lifecycle / per user_details_get, µs. */
  cpuPerLifecycle: number;
  cpuPerDetails: number;
}

/** Runs the load client (bench/calls-client) as another process; this process's CPU is measured over each of its phases. */
function runClient(job: { calls: number } & Record<string, unknown>): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'calls-client.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const cpu = () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    };
    const marks: Record<string, number> = {};
    child.on('message', (m: { phase: string } & Partial<ClientResult>) => {
      marks[m.phase] = cpu();
      if (PROFILE) void (m.phase === 'lifecycles' ? profiler.start() : m.phase === 'details' ? profiler.stop(join(PROFILE, `lifecycles-${process.pid}.cpuprofile`)) : undefined);
      if (m.phase !== 'done') return;
      resolve({
        lifecycles: m.lifecycles!, details: m.details!,
        cpuPerLifecycle: (marks.details - marks.lifecycles) / job.calls, cpuPerDetails: (marks.done - marks.details) / job.calls,
      });
    });
    child.once('error', reject);
    child.once('exit', (code) => (code ? reject(new Error(`load client exited with ${code}`)) : undefined));
    child.send(job);
  });
}

/**
 * The CSV `calls import` reads: `rows` CDRs of the seeded devices over January 2026, in time order
 * as a switch writes them (each a few seconds after the one before, ±30 s: calls end out of start order).
 * BENCH_CSV_SHUFFLED=1 spreads them at random over the month instead (the worst case for the calls
 * table's date indexes).
 */
async function writeCsv(file: string, rows: number, deviceIds: number[], tag: string): Promise<void> {
  const random = mulberry32(7);
  const out = createWriteStream(file);
  out.write('calldate,uniqueid,device_id,src,dst,billsec,duration,disposition,hangupcause,provider_id\n');
  const start = Date.UTC(2026, 0, 1) / 1000;
  for (let i = 0; i < rows; i++) {
    const billsec = Math.floor(random() * 600);
    const offset = SHUFFLED ? Math.floor(random() * 31 * 86400) : Math.max(0, Math.floor((i * 31 * 86400) / rows + random() * 60 - 30));
    const line = `${start + offset},${tag}${i},${deviceIds[i % deviceIds.length]},3700000,370${10 + Math.floor(random() * 100)}${String(Math.floor(random() * 1e6)).padStart(6, '0')},${billsec},${billsec + 5},,,\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Fills the calls table with `rows` CDRs straight in SQL (what a long-running system accumulates):
 * the rows are generated by the database (a recursive CTE of CHUNK numbers per statement), spread
 * over the seeded users round-robin, pseudo-randomly over 2025 (i × a prime mod the year's seconds).
 */
async function fillCalls(db: DataSource, rows: number, deviceIds: number[], userIds: number[]): Promise<void> {
  const mysql = db.options.type === 'mysql';
  const n = deviceIds.length;
  // The seeded devices numbered 0..n-1, for the generated rows to pick by i mod n.
  await db.query('CREATE TABLE bench_devices (k INT PRIMARY KEY, device_id INT NOT NULL, user_id INT NOT NULL)');
  await db.query(`INSERT INTO bench_devices (k, device_id, user_id) VALUES ${deviceIds.map((d, k) => `(${k}, ${d}, ${userIds[k]})`).join(', ')}`);
  const year = 365 * 86400;
  const calldate = mysql ? `DATE_ADD('2025-01-01 00:00:00', INTERVAL ((i * 7919) % ${year}) SECOND)` : `datetime('2025-01-01 00:00:00', '+' || ((i * 7919) % ${year}) || ' seconds')`;
  const uniqueid = mysql ? "CONCAT('t', i)" : "'t' || i";
  const CHUNK = 100_000;
  for (let done = 0; done < rows; done += CHUNK) {
    const count = Math.min(CHUNK, rows - done);
    await db.transaction(async (m) => {
      if (mysql) await m.query('SET SESSION max_recursive_iterations = 1000000');
      await m.query(
        `INSERT INTO calls (calldate, uniqueid, src_device_id, user_id, dst, billsec, disposition, user_price) ` +
          `WITH RECURSIVE seq(i) AS (SELECT ${done} UNION ALL SELECT i + 1 FROM seq WHERE i < ${done + count - 1}) ` +
          `SELECT ${calldate}, ${uniqueid}, b.device_id, b.user_id, '37010123456', (i * 31) % 600, 'ANSWERED', '0.100000' FROM seq JOIN bench_devices b ON b.k = i % ${n}`,
      );
    });
    if ((done + count) % 1_000_000 === 0 || done + count === rows) process.stderr.write(`\r  calls table: ${(done + count).toLocaleString('en')} rows`);
  }
  process.stderr.write('\n');
  await db.query('DROP TABLE bench_devices');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mor-calls-bench-'));
  const url = process.env.BENCH_DATABASE_URL || `sqlite:${join(dir, 'bench.sqlite')}`;
  const app = await createApp(loadConfig({ DATABASE_URL: url, MOR_API_SECRET_KEY: KEY, MOR_ADMIN_PASSWORD: 'bench-admin-pass', LOG_LEVEL: 'error' }));
  try {
    const db = app.get(DataSource);
    const { deviceIds, userIds } = await seed(db);
    if (ONLY.has('lifecycles')) {
      await app.listen(0, '127.0.0.1');
      const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const r = await runClient({ url: base, key: KEY, device: deviceIds.slice(0, CALL_DEVICES).join(','), dst: '37010123456', calls: LIFECYCLES, concurrency: CONCURRENCY });
      console.log(`@@bench ${JSON.stringify({
        kind: 'lifecycles', lifecycles: LIFECYCLES, concurrency: CONCURRENCY, devices: CALL_DEVICES, perSecond: r.lifecycles.perSecond, failures: r.lifecycles.failures + r.details.failures,
        firstFailure: r.lifecycles.firstFailure ?? r.details.firstFailure, detailsPerSecond: r.details.perSecond, cpuPerLifecycle: r.cpuPerLifecycle, cpuPerDetails: r.cpuPerDetails, load: loadavg()[0],
      })}`);
    }
    if (ONLY.has('import')) {
      const file = join(dir, 'cdrs.csv');
      await writeCsv(file, CDRS, deviceIds, 'imp');
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      const t0 = process.hrtime.bigint();
      if (PROFILE) await profiler.start();
      const cpu0 = process.cpuUsage();
      const result = await app.get(CdrImportService).import(createReadStream(file));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      if (PROFILE) await profiler.stop(join(PROFILE, `import-${process.pid}.cpuprofile`));
      clearInterval(sampler);
      console.log(`@@bench ${JSON.stringify({
        kind: 'import', rows: result.imported, bytes: statSync(file).size, seconds, rowsPerSecond: result.imported / seconds, rssBefore, peakRss,
        cpuPerRow: (cpu.user + cpu.system) / result.imported, load: loadavg()[0],
      })}`);
    }
    if (ONLY.has('table')) {
      await db.query('DELETE FROM calls');
      const t0 = Date.now();
      await fillCalls(db, CDR_TABLE, deviceIds, userIds);
      const fillSeconds = (Date.now() - t0) / 1000;
      await app.get(SettingsService).set('allow_api', '1');
      const params = { u: 'admin', s_user: String(userIds[0]), period_start: String(Date.UTC(2025, 5, 1) / 1000), period_end: String(Date.UTC(2025, 6, 1) / 1000 - 1), items_per_page: '50', page: '1' };
      const order = ['period_start', 'period_end', 's_user'];
      const hash = morHash(params, order, KEY);
      let calls = '';
      const request = async () => {
        const s = process.hrtime.bigint();
        const r = await app.inject({ method: 'POST', url: `/billing/api/user_calls_get?${new URLSearchParams({ ...params, hash })}` });
        calls = /<total_calls>(\d+)</.exec(r.body)?.[1] ?? r.body.slice(0, 200);
        return Number(process.hrtime.bigint() - s) / 1e6;
      };
      // The first request after the fill (cold: the user's index pages not yet cached, the method's code not yet compiled), then 20 unmeasured, then 200 measured.
      const first = await request();
      for (let i = 0; i < 20; i++) await request();
      const times: number[] = [];
      if (PROFILE) await profiler.start();
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < 200; i++) times.push(await request());
      const cpu = process.cpuUsage(cpu0);
      if (PROFILE) await profiler.stop(join(PROFILE, `table-${process.pid}.cpuprofile`));
      times.sort((a, b) => a - b);
      console.log(`@@bench ${JSON.stringify({ kind: 'table', rows: CDR_TABLE, fillSeconds, totalCalls: calls, first, p50: times[100], p99: times[197], cpuPerRequest: (cpu.user + cpu.system) / 200, load: loadavg()[0] })}`);
    }
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
