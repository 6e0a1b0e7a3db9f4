'use strict';
/**
 * npm run bench: the HTTP benchmark (the npm script builds dist/ and .bench-build/ first); the
 * others with BENCH_ONLY=http,tariffs,route.
 *
 *  1. HTTP: user_details_get and rate_get (by_full_dst, on one admin wholesale tariff of
 *     BENCH_RATE_PREFIXES prefixes; users_get too with BENCH_METHODS) on our server (dist/main.js,
 *     or BENCH_OURS) against a plain Fastify baseline (bench/baseline.js) doing the same lookups and
 *     SHA1 check, both running on one database. Each server is warmed per method until its rate and
 *     CPU per request settle (at least 3 s), then measured in interleaved rounds (ours, baseline, ours, baseline...); the table
 *     gives medians: req/s, the per-round ratio, and CPU µs per request of each server process. The
 *     ceiling is bare Fastify answering a constant (same body parsing), measured the same way.
 *  2. Tariffs (.bench-build/bench/tariffs-bench.js): in-process PrefixIndex lookups/s; CSV import
 *     rows/s and peak RSS, then RateLookupService lookups/s, per database.
 *  3. Route (.bench-build/bench/route-bench.js): route queries/s against single-tariff lookups/s.
 *  4. Calls (.bench-build/bench/calls-bench.js): call lifecycles/s (authorize + start + end over
 *     HTTP) beside user_details_get from one server process; `calls import` rows/s and peak RSS of
 *     BENCH_CDRS (1M; quick 100k) CDRs; user_calls_get first page on a calls table of BENCH_CDR_TABLE
 *     (10M; quick 1M) CDRs. Each with the server process's CPU µs per unit and the load average:
 *     the machine may be shared, and CPU time per unit is the figure load does not distort.
 *  5. Invoices (.bench-build/bench/invoices-bench.js): invoice generation over rated CDRs, RSS per batch.
 *
 * Each runs on SQLite (temp files) and, when reachable, MariaDB (fresh databases, dropped at the
 * end). Servers listen on 127.0.0.1 only; every child is killed on timeout, and a watchdog ends
 * the whole run. Tables are printed at the end.
 *
 * Env: BENCH_QUICK=1 (smaller sizes, shorter durations: a smoke run of a few minutes),
 *      BENCH_ONLY (comma list of http,tariffs,route,calls,invoices; default http), BENCH_DURATION (s per HTTP round, 2),
 *      BENCH_ROUNDS (5), BENCH_DATABASES (sqlite,mariadb), BENCH_METHODS (user_details_get,rate_get; users_get is available),
 *      BENCH_OURS (our server's main.js, e.g. another commit's build, default dist/main.js),
 *      BENCH_BEFORE (a third server, e.g. the previous commit's build, in the same rounds),
 *      BENCH_PROFILE (a directory: CPU profiles of our server, one per database),
 *      BENCH_LIFECYCLES, BENCH_CALL_DEVICES (devices, each of its own user, the lifecycles call from in turn; 1),
 *      BENCH_CDRS (import rows), BENCH_CDR_TABLE (calls table rows for user_calls_get),
 *      BENCH_CONNECTIONS (8), BENCH_USERS, BENCH_RATE_PREFIXES, BENCH_MYSQL_URL
 *      (default mysql://root@127.0.0.1:3306; a server on this host through its Unix socket:
 *      mysql://root@localhost/?socket=/run/mysqld/mysqld.sock).
 */
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { hashSync } = require('bcryptjs');
// Deterministic pseudo-random numbers, so runs compare (the build step runs before this script).
const { mulberry32 } = require('../dist/billing/random');

const ROOT = path.join(__dirname, '..');
const BUILD = path.join(ROOT, '.bench-build/bench');
const QUICK = process.env.BENCH_QUICK === '1';
const sized = (name, full, quick) => Number(process.env[name] || (QUICK ? quick : full));
const DURATION = sized('BENCH_DURATION', 2, 1);
const ROUNDS = sized('BENCH_ROUNDS', 5, 3);
const WARM_MIN_S = 3;
const WARM_MAX_S = 20;
const CLOCK_TICKS = 100; // USER_HZ of /proc/<pid>/stat on Linux
/** The server measured as "ours" (BENCH_OURS: another build's main.js, e.g. to compare two commits). */
const OURS = process.env.BENCH_OURS || 'dist/main.js';
/** BENCH_BEFORE: another build's main.js measured in the same interleaved rounds (before/after a change under the same load). */
const BEFORE = process.env.BENCH_BEFORE;
const METHODS = new Set((process.env.BENCH_METHODS || 'user_details_get,rate_get').split(',').map((x) => x.trim()));
const CONNECTIONS = sized('BENCH_CONNECTIONS', 8, 8);
const USERS = sized('BENCH_USERS', 1000, 200);
const RATE_PREFIXES = sized('BENCH_RATE_PREFIXES', 50_000, 10_000);
// tariffs-bench and route-bench sizes
const INDEX_PREFIXES = QUICK ? 100_000 : 1_000_000;
const INDEX_LOOKUPS = QUICK ? 200_000 : 2_000_000;
const CSV_ROWS = QUICK ? 100_000 : 1_000_000;
const ROUTE_PREFIXES = QUICK ? 10_000 : 50_000;
const ROUTE_SECONDS = QUICK ? 1 : 3;
const LIFECYCLES = sized('BENCH_LIFECYCLES', 3000, 500);
const CDRS = sized('BENCH_CDRS', 1_000_000, 100_000);
const CDR_TABLE = sized('BENCH_CDR_TABLE', 10_000_000, 1_000_000);
const CHILD_TIMEOUT_MS = (QUICK ? 10 : 120) * 60 * 1000;
/** BENCH_DATABASES: the HTTP bench's databases (comma list of sqlite,mariadb; default both). */
const DATABASES = new Set((process.env.BENCH_DATABASES || 'sqlite,mariadb').split(',').map((x) => x.trim()));
const ONLY = new Set((process.env.BENCH_ONLY || 'http').split(',').map((x) => x.trim()));
const MYSQL_URL = process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
const KEY = 'bench-secret-key';
const ADMIN_PASSWORD = 'bench-admin-pass';
const WATCHDOG_MS = (QUICK ? 40 : 300) * 60 * 1000;

const children = new Set();
const sha1 = (text) => createHash('sha1').update(text, 'utf8').digest('hex');

function killChildren() {
  for (const child of children) child.kill('SIGKILL');
}

// It stops by itself: whatever hangs, the watchdog ends the run.
const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${WATCHDOG_MS / 1000} s, giving up`);
  killChildren();
  process.exit(2);
}, WATCHDOG_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    killChildren();
    process.exit(130);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function post(port, method, body) {
  const res = await fetch(`http://127.0.0.1:${port}/billing/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: await res.text() };
}

/** Starts `node <script> ...args` and waits until it answers HTTP on its port. */
async function startServer(name, script, args, env, port, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = null;
  child.once('exit', (code) => {
    exited = code;
    children.delete(child);
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${name} exited with ${exited}:\n${stderr}`);
    try {
      await post(port, 'system_version_get', '');
      return { child, pid: child.pid, port, stop: () => stopServer(child) };
    } catch {
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${name} did not answer on port ${port} within 60 s:\n${stderr}`);
}

function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---- databases ---------------------------------------------------------------------------

function seedRows() {
  const password = hashSync('user-pass-1', 4);
  return Array.from({ length: USERS }, (_, i) => {
    const n = String(i + 1).padStart(5, '0');
    return [`bench_user_${n}`, password, 'user', 0, `First${n}`, `Last${n}`, `user${n}@example.com`, '12.500000', `uh${n}`, '2024-01-01 00:00:00'];
  });
}
const SEED_COLUMNS = 'username, password, usertype, owner_id, first_name, last_name, email, balance, uniquehash, created_at';


/** RATE_PREFIXES distinct prefixes of 2..7 digits (an A-Z tariff mixes country and network prefixes). */
const ratePrefixes = (() => {
  let cached;
  return () => {
    if (cached) return cached;
    const random = mulberry32(7);
    const set = new Set();
    while (set.size < RATE_PREFIXES) {
      const length = 2 + Math.floor(random() * 6);
      let p = String(1 + Math.floor(random() * 9));
      while (p.length < length) p += Math.floor(random() * 10);
      set.add(p);
    }
    return (cached = [...set]);
  };
})();

/** The wholesale tariff rate_get reads: [id, prefix] rates and [rate_id, rate] details, ids from 1. */
function rateRows() {
  const prefixes = ratePrefixes();
  return {
    rates: prefixes.map((prefix, i) => [i + 1, prefix]),
    details: prefixes.map((_, i) => [i + 1, `0.${String(1000 + ((i * 37) % 9000))}`]),
  };
}
const RATE_TARIFF = 'bench wholesale';
const SETTINGS = [['allow_devices_check_rate', '1']]; // rate_get answers 'Feature disabled' without it

async function sqliteDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mor-bench-'));
  const file = path.join(dir, 'bench.sqlite');
  return {
    label: 'SQLite',
    url: `sqlite:${file}`,
    async seed() {
      const Database = require('better-sqlite3');
      const db = new Database(file);
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare(`INSERT INTO users (${SEED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      db.transaction((rows) => rows.forEach((r) => insert.run(...r)))(seedRows());
      db.transaction(() => {
        const tariffId = db.prepare("INSERT INTO tariffs (name, purpose, owner_id, currency) VALUES (?, 'provider', 0, 'USD')").run(RATE_TARIFF).lastInsertRowid;
        const { rates, details } = rateRows();
        const rate = db.prepare('INSERT INTO rates (id, tariff_id, prefix) VALUES (?, ?, ?)');
        for (const [id, prefix] of rates) rate.run(id, tariffId, prefix);
        const detail = db.prepare('INSERT INTO ratedetails (rate_id, rate, connection_fee, increment_s, min_time) VALUES (?, ?, 0, 1, 0)');
        for (const [id, value] of details) detail.run(id, value);
        db.prepare("UPDATE users SET tariff_id = ? WHERE username LIKE 'bench_user_%'").run(tariffId);
        for (const [name, value] of SETTINGS) {
          db.prepare('DELETE FROM conflines WHERE name = ? AND owner_id = 0').run(name);
          db.prepare('INSERT INTO conflines (name, value, owner_id) VALUES (?, ?, 0)').run(name, value);
        }
      })();
      const users = db.prepare("SELECT id, username FROM users WHERE username LIKE 'bench_user_%' ORDER BY id").all();
      db.close();
      return users;
    },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function mysqlConnect(database) {
  const mysql = require('mysql2/promise');
  const base = new URL(MYSQL_URL);
  const socket = base.searchParams.get('socket');
  return mysql.createConnection({
    ...(socket ? { socketPath: socket } : { host: base.hostname, port: Number(base.port || 3306) }), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password),
    database, connectTimeout: 3000,
  });
}

/** A fresh, empty MariaDB database { name, url, drop() }, or { skipped } when the server does not answer. */
async function freshMysqlDatabase(tag) {
  let admin;
  try {
    admin = await mysqlConnect();
  } catch (e) {
    return { skipped: `MariaDB at ${new URL(MYSQL_URL).host} not reachable (${e.code || e.message})` };
  }
  const name = `mor_bench_${tag}_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

async function mariadbDatabase() {
  const fresh = await freshMysqlDatabase('http');
  if (fresh.skipped) return fresh;
  const { name } = fresh;
  return {
    label: 'MariaDB',
    url: fresh.url,
    async seed() {
      const c = await mysqlConnect(name);
      await c.query(`INSERT INTO users (${SEED_COLUMNS}) VALUES ?`, [seedRows()]);
      await c.query("INSERT INTO tariffs (name, purpose, owner_id, currency) VALUES (?, 'provider', 0, 'USD')", [RATE_TARIFF]);
      const [[{ id: tariffId }]] = await c.query('SELECT MAX(id) AS id FROM tariffs');
      const { rates, details } = rateRows();
      for (let i = 0; i < rates.length; i += 5000) {
        await c.query('INSERT INTO rates (id, tariff_id, prefix) VALUES ?', [rates.slice(i, i + 5000).map(([id, prefix]) => [id, tariffId, prefix])]);
        await c.query('INSERT INTO ratedetails (rate_id, rate, connection_fee, increment_s, min_time) VALUES ?', [details.slice(i, i + 5000).map(([id, v]) => [id, v, 0, 1, 0])]);
      }
      await c.query("UPDATE users SET tariff_id = ? WHERE username LIKE 'bench_user_%'", [tariffId]);
      for (const [setting, value] of SETTINGS) {
        await c.query('DELETE FROM conflines WHERE name = ? AND owner_id = 0', [setting]);
        await c.query('INSERT INTO conflines (name, value, owner_id) VALUES (?, ?, 0)', [setting, value]);
      }
      const [rows] = await c.query("SELECT id, username FROM users WHERE username LIKE 'bench_user_%' ORDER BY id");
      await c.end();
      return rows.map((r) => ({ id: Number(r.id), username: r.username }));
    },
    drop: () => fresh.drop(),
  };
}

// ---- workloads ---------------------------------------------------------------------------

/**
 * rate_get by_full_dst bodies: a bench user (signed with rate_get's hash params: username) and an 11-digit
 * number under a seeded prefix; 50,000 of them, so that a number comes back only after the 2 s
 * reference-data caches have expired (a few thousand would be answered from the cache).
 */
function rateBodies(users) {
  const prefixes = ratePrefixes();
  const random = mulberry32(42);
  return Array.from({ length: 50_000 }, (_, i) => {
    const { username } = users[i % users.length];
    const number = (prefixes[Math.floor(random() * prefixes.length)] + '48213957604').slice(0, 11);
    return `u=admin&username=${username}&prefix=${number}&by_full_dst=1&hash=${sha1(`${username}${KEY}`)}`;
  });
}

function workloads(users) {
  const details = users.map(({ id }) => `u=admin&user_id=${id}&hash=${sha1(`${id}${KEY}`)}`);
  const list = `u=admin&p=${encodeURIComponent(ADMIN_PASSWORD)}&hash=${sha1(`admin${ADMIN_PASSWORD}${KEY}`)}`;
  return [
    {
      method: 'user_details_get',
      bodies: details,
      check: (body) => /<userid>\d+<\/userid>/.test(body) && !body.includes('<error>'),
    },
    {
      method: 'users_get',
      bodies: [list],
      check: (body) => (body.match(/<user>/g) || []).length === USERS + 1 && !body.includes('<error>'),
    },
    {
      method: 'rate_get',
      bodies: rateBodies(users),
      // rate#destination#prefix; the sample's text must be the same on both sides
      check: (body) => /<rate>\d+(\.\d+)?#[^<#]*#\d+<\/rate>/.test(body) && !body.includes('<error>'),
      same: (body) => body.match(/<rate>([^<]*)<\/rate>/)[1],
    },
  ];
}

function cannon(port, work, duration, method = work.method) {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    requests: [{
      method: 'POST',
      path: `/billing/api/${method}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (req) => ({ ...req, body: work.bodies[i++ % work.bodies.length] }),
    }],
  });
}

/** CPU time (user + system) a process has used so far, in microseconds (Linux /proc). */
function cpuMicros(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** One load run: requests/s, p99 and the server's CPU µs per request over the run. */
async function round(server, work, duration, method) {
  const cpu0 = cpuMicros(server.pid);
  const r = await cannon(server.port, work, duration, method);
  const cpu = cpuMicros(server.pid) - cpu0;
  return { rps: r.requests.average, p99: r.latency.p99, cpuPerReq: cpu / Math.max(1, r.requests.total), bad: r.errors + r.timeouts + r.non2xx };
}

/**
 * Loads a server in 1 s bursts until it is warm: at least WARM_MIN_S bursts, and two bursts in a
 * row agree within 5% on req/s and within 10% on CPU µs per request (JIT, statement caches and
 * pooled connections settle; a server still compiling spends more CPU per request while its
 * req/s may agree by chance on a loaded machine), at most WARM_MAX_S.
 */
async function warm(server, work, method) {
  let last = null;
  for (let s = 0; s < WARM_MAX_S; s++) {
    const burst = await round(server, work, 1, method);
    const settled = last && Math.abs(burst.rps - last.rps) / last.rps < 0.05 && Math.abs(burst.cpuPerReq - last.cpuPerReq) / last.cpuPerReq < 0.1;
    if (settled && s + 1 >= WARM_MIN_S) return;
    last = burst;
  }
}

/** Checks a server's reply is the real thing (and, where a workload says so, the same as the other side's). */
async function check(name, server, work, expected) {
  const sample = await post(server.port, work.method, work.bodies[0]);
  if (sample.status !== 200 || !work.check(sample.body)) {
    throw new Error(`${name}: unexpected ${work.method} reply (HTTP ${sample.status}): ${sample.body.slice(0, 300)}`);
  }
  const same = work.same?.(sample.body);
  if (same !== undefined && expected !== undefined && same !== expected) throw new Error(`${name}: ${work.method} replied ${same}, the other side ${expected}`);
  return { bytes: sample.body.length, same };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Both servers run side by side on one database; each method is warmed on both, then measured in
 * interleaved rounds (ours, baseline, ours, baseline...) so that load from elsewhere on the machine
 * hits both alike. The ceiling is the baseline process's constant reply (bare Fastify, no lookup).
 */
async function benchDatabase(db, notes) {
  const ourPort = await freePort();
  const env = { PORT: String(ourPort), HOST: '127.0.0.1', DATABASE_URL: db.url, MOR_API_SECRET_KEY: KEY, MOR_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'error' };
  // BENCH_PROFILE=<dir>: a CPU profile of our server per database (written when it exits).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE, db.label)}`] : [];
  // Our server creates the schema and the admin; the data is seeded; then every server measured
  // starts on the seeded database, so none has a connection older than the data (a SQLite
  // connection opened before a big write by another process was measured slower).
  const migrator = await startServer('our server (schema)', OURS, [], env, ourPort);
  let users;
  try {
    users = await db.seed();
  } finally {
    await migrator.stop();
  }
  const ours = await startServer('our server', OURS, [], env, ourPort, profile);
  let base;
  let before;
  try {
    const basePort = await freePort();
    base = await startServer('baseline', 'bench/baseline.js', [db.url, String(basePort)], {}, basePort);
    if (BEFORE) {
      const beforePort = await freePort();
      before = await startServer('before', BEFORE, [], { ...env, PORT: String(beforePort) }, beforePort);
    }
    const rows = [];
    let ceiling = null;
    for (const work of workloads(users).filter((w) => METHODS.has(w.method))) {
      const sample = await check('our server', ours, work);
      await check('baseline', base, work, sample.same);
      if (before) await check('before', before, work, sample.same);
      await warm(ours, work);
      await warm(base, work);
      if (before) await warm(before, work);
      const runs = { ours: [], base: [], ceiling: [], before: [] };
      for (let r = 0; r < ROUNDS; r++) {
        runs.ours.push(await round(ours, work, DURATION));
        runs.base.push(await round(base, work, DURATION));
        if (before) runs.before.push(await round(before, work, DURATION));
      }
      if (!ceiling) {
        // The ceiling once per database: bare Fastify's constant reply, same bodies and connections.
        await warm(base, work, 'ceiling');
        for (let r = 0; r < ROUNDS; r++) runs.ceiling.push(await round(base, work, DURATION, 'ceiling'));
        ceiling = summary(db.label, 'ceiling: bare Fastify, constant reply', runs.ceiling, runs.ceiling);
        rows.push(ceiling);
      }
      rows.push(summary(db.label, work.method, runs.ours, runs.base, ceiling));
      if (before) rows.push(summary(db.label, `${work.method} (BENCH_BEFORE)`, runs.before, runs.base, ceiling));
      const bad = [...runs.ours, ...runs.base].reduce((n, r) => n + r.bad, 0);
      if (bad > 0) notes.push(`HTTP ${db.label} ${work.method}: ${bad} errors/timeouts/non-2xx replies`);
      notes.push(`HTTP ${db.label} ${work.method}: reply ${sample.bytes} B${sample.same ? `; sample ${sample.same} on both sides` : ''}; ratios per round ${runs.ours.map((o, i) => (o.rps / runs.base[i].rps).toFixed(2)).join(' ')}`);
    }
    return rows;
  } finally {
    await ours.stop();
    await base?.stop();
    await before?.stop();
  }
}

function summary(label, method, ours, base, ceiling) {
  const row = {
    db: label, method,
    ours: median(ours.map((r) => r.rps)), base: median(base.map((r) => r.rps)), ratio: median(ours.map((o, i) => o.rps / base[i].rps)),
    oursCpu: median(ours.map((r) => r.cpuPerReq)), baseCpu: median(base.map((r) => r.cpuPerReq)),
    oursP99: median(ours.map((r) => r.p99)),
  };
  row.ofCeiling = ceiling ? row.ours / ceiling.ours : 1;
  return row;
}

/** A Markdown table; the first `left` columns are left-aligned, the rest right-aligned. */
function table(head, body, left = 1) {
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells) => `| ${cells.map((x, c) => (c < left ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, c) => (c < left ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}
const int = (n) => Math.round(n).toLocaleString('en');
const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;

// ---- 1. HTTP -----------------------------------------------------------------------------

async function httpBench(notes) {
  const rows = [];
  for (const make of [sqliteDatabase, mariadbDatabase].filter((m) => DATABASES.has(m.name.replace('Database', '')))) {
    const db = await make();
    if (db.skipped) {
      notes.push(`HTTP: ${db.skipped}: skipped`);
      continue;
    }
    try {
      console.log(`bench: HTTP on ${db.label} (${ROUNDS} interleaved rounds of ${DURATION} s per method)...`);
      rows.push(...(await benchDatabase(db, notes)));
    } finally {
      await db.drop();
    }
  }
  notes.push('HTTP: medians over the rounds; ours/baseline = median of the per-round req/s ratios; CPU = the server process\'s user+system µs per request (the database server\'s not counted); of ceiling = ours req/s / the constant reply\'s. The machine may be shared: figures are noisy, compare ratios of one run.');
  const head = ['database', 'method', 'ours req/s', 'baseline req/s', 'ours/baseline', 'of ceiling', 'ours CPU µs/req', 'baseline CPU µs/req', 'CPU baseline/ours', 'ours p99 ms'];
  return table(head, rows.map((r) => [
    r.db, r.method, int(r.ours), int(r.base), `${r.ratio.toFixed(2)}x`, `${r.ofCeiling.toFixed(2)}x`, int(r.oursCpu), int(r.baseCpu), `${(r.baseCpu / r.oursCpu).toFixed(2)}x`, String(r.oursP99),
  ]), 2);
}

// ---- 2 and 3. in-process TS benches (built by tsconfig.bench.json) ------------------------

/** Runs a built bench as a child, echoing its output; resolves with its `@@bench {json}` results. */
function runChild(label, script, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(BUILD, script), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const results = [];
    const echo = (stream, out) => {
      let rest = '';
      stream.on('data', (d) => {
        const lines = (rest + d).split('\n');
        rest = lines.pop();
        for (const l of lines) {
          if (l.startsWith('@@bench ')) results.push(JSON.parse(l.slice('@@bench '.length)));
          else out(`  [${label}] ${l}`);
        }
      });
    };
    echo(child.stdout, console.log);
    echo(child.stderr, console.error);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label}: still running after ${CHILD_TIMEOUT_MS / 1000} s, killed`));
    }, CHILD_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0 && results.length > 0) resolve(results);
      else reject(new Error(`${label} exited with ${code ?? signal}`));
    });
  });
}

/** Runs `fn(url, label)` on a temp SQLite file, then on a fresh MariaDB database when reachable. */
async function onEachDatabase(tag, notes, fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mor-bench-${tag}-`));
  try {
    await fn(`sqlite:${path.join(dir, 'bench.sqlite')}`, 'SQLite');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const fresh = await freshMysqlDatabase(tag);
  if (fresh.skipped) {
    notes.push(`${tag}: ${fresh.skipped}: skipped`);
    return;
  }
  try {
    await fn(fresh.url, 'MariaDB');
  } finally {
    await fresh.drop();
  }
}

async function tariffsBench(notes) {
  console.log(`bench: tariffs (PrefixIndex ${INDEX_PREFIXES} prefixes, CSV ${CSV_ROWS} rows)...`);
  const [index] = await runChild('tariffs', 'tariffs-bench.js', ['--index', '--prefixes', String(INDEX_PREFIXES), '--lookups', String(INDEX_LOOKUPS)]);
  const imports = [];
  await onEachDatabase('tariffs', notes, async (url, label) => {
    const [r] = await runChild('tariffs', 'tariffs-bench.js', ['--db', url, '--rows', String(CSV_ROWS)]);
    imports.push({ label, ...r });
  });
  const indexTable = table(['PrefixIndex (in-process)', 'prefixes', 'build s', 'lookups', 'lookups/s', 'RSS'], [
    ['longest-prefix lookup', int(index.prefixes), index.buildSeconds.toFixed(2), int(index.lookups), int(index.lookupsPerSecond), mb(index.rss)],
  ]);
  const importTable = table(['database', 'CSV rows', 'import s', 'rows/s', 'RSS before', 'peak RSS', 'DB lookups/s'], imports.map((r) => [
    r.label, int(r.rows), r.importSeconds.toFixed(1), int(r.rowsPerSecond), mb(r.rssBefore), mb(r.peakRss), int(r.dbLookupsPerSecond),
  ]));
  return `${indexTable}\n\n${importTable}`;
}

async function routeBench(notes) {
  console.log(`bench: route (10 providers × ${ROUTE_PREFIXES} prefixes, ${ROUTE_SECONDS} s per case)...`);
  const rows = [];
  await onEachDatabase('route', notes, async (url, label) => {
    const [r] = await runChild('route', 'route-bench.js', [], { BENCH_DATABASE_URL: url, BENCH_PREFIXES: String(ROUTE_PREFIXES), BENCH_SECONDS: String(ROUTE_SECONDS) });
    rows.push([label, `${r.providers} × ${int(r.prefixes)}`, int(r.singlePerSecond), int(r.routePerSecond), `${(r.singlePerSecond / r.routePerSecond).toFixed(2)}x`]);
  });
  return table(['database', 'providers × prefixes', 'single-tariff lookups/s', 'route queries/s', 'single/route'], rows);
}

async function callsBench(notes) {
  console.log(`bench: calls (${LIFECYCLES} lifecycles, import ${CDRS} CDRs, user_calls_get on ${CDR_TABLE} CDRs)...`);
  const life = [];
  const imports = [];
  const tables = [];
  await onEachDatabase('calls', notes, async (url, label) => {
    const results = await runChild('calls', 'calls-bench.js', [], {
      BENCH_DATABASE_URL: url, BENCH_LIFECYCLES: String(LIFECYCLES), BENCH_CDRS: String(CDRS), BENCH_CDR_TABLE: String(CDR_TABLE),
    });
    for (const r of results) {
      const load = r.load.toFixed(1);
      if (r.kind === 'lifecycles') {
        life.push([label, int(r.lifecycles), String(r.concurrency), String(r.devices), int(r.perSecond), int(r.cpuPerLifecycle), int(1e6 / r.cpuPerLifecycle), int(r.detailsPerSecond), int(r.cpuPerDetails), String(r.failures), load]);
      }
      if (r.kind === 'import') imports.push([label, int(r.rows), r.seconds.toFixed(1), int(r.rowsPerSecond), int(r.cpuPerRow), int(1e6 / r.cpuPerRow), mb(r.rssBefore), mb(r.peakRss), load]);
      if (r.kind === 'table') tables.push([label, int(r.rows), r.fillSeconds.toFixed(0), String(r.totalCalls), r.first.toFixed(1), r.p50.toFixed(2), r.p99.toFixed(2), int(r.cpuPerRequest), load]);
    }
  });
  return [
    table(['database', 'lifecycles', 'concurrency', 'calling devices', 'lifecycles/s', 'server CPU µs/lifecycle', 'lifecycles per CPU-s', 'user_details_get/s', 'CPU µs/details', 'failed', 'load avg'], life),
    table(['database', 'CDRs imported', 'seconds', 'rows/s', 'CPU µs/row', 'rows per CPU-s', 'RSS before', 'peak RSS', 'load avg'], imports),
    table(['database', 'calls table rows', 'fill s', "user's calls in period", 'first request ms', 'first page p50 ms', 'p99 ms', 'CPU µs/request', 'load avg'], tables),
  ].join('\n\n');
}

async function invoicesBench(notes) {
  const users = QUICK ? 200 : 1000;
  const cdrs = QUICK ? 20_000 : 100_000;
  console.log(`bench: invoices (${users} users, ${cdrs} CDRs)...`);
  const rows = [];
  await onEachDatabase('invoices', notes, async (url, label) => {
    const [r] = await runChild('invoices', 'invoices-bench.js', [], { BENCH_DATABASE_URL: url, BENCH_USERS: String(users), BENCH_CDRS: String(cdrs) });
    rows.push([label, int(r.users), int(r.cdrs), r.seconds.toFixed(2), int(r.created / r.seconds), `${r.rssMb[0]} → ${r.rssMb[r.rssMb.length - 1]} MB`]);
  });
  return table(['database', 'users', 'CDRs', 'generation s', 'invoices/s', 'RSS first → last batch'], rows);
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/main.js'))) throw new Error('dist/main.js missing: run `npm run bench` (it builds first)');
  if ((ONLY.has('tariffs') || ONLY.has('route') || ONLY.has('calls') || ONLY.has('invoices')) && !fs.existsSync(path.join(BUILD, 'route-bench.js'))) {
    throw new Error('.bench-build/ missing: run `npm run bench` (it builds first)');
  }
  console.log(`bench${QUICK ? ' (quick)' : ''}: node ${process.version}, ${os.cpus().length} CPUs; HTTP: ${USERS} users, ${RATE_PREFIXES} rate prefixes, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION} s per server and method after warm-up`);
  const sections = [
    ['http', 'HTTP: ours vs plain Fastify baseline', httpBench],
    ['tariffs', 'Tariffs: prefix index, CSV import', tariffsBench],
    ['route', 'Route queries vs single-tariff lookup', routeBench],
    ['calls', 'Calls: switch lifecycles, CDR import, user_calls_get', callsBench],
    ['invoices', 'Invoice generation', invoicesBench],
  ];
  const tables = [];
  const notes = [];
  for (const [key, title, run] of sections) {
    if (!ONLY.has(key)) continue;
    try {
      tables.push(`## ${title}\n\n${await run(notes)}`);
    } catch (e) {
      notes.push(`${key}: FAILED: ${e.message}`);
      console.error(`bench: ${key} failed: ${e.stack || e}`);
      process.exitCode = 1;
    }
  }
  console.log(`\n${tables.join('\n\n')}\n`);
  for (const note of notes) console.log(`- ${note}`);
}

main()
  .catch((e) => {
    console.error(`bench failed: ${e.stack || e}`);
    process.exitCode = 1;
  })
  .finally(() => {
    killChildren();
    clearTimeout(watchdog);
  });
