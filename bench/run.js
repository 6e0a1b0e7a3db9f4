'use strict';
/**
 * npm run bench: requests/s and p99 latency of user_details_get and users_get on our server
 * (dist/main.js, built by the npm script) against a plain Fastify baseline (bench/baseline.js)
 * doing the same lookups and SHA1 check, on SQLite (a temp file) and, when reachable, MariaDB
 * (a fresh database, dropped at the end). Everything listens on 127.0.0.1; each server runs
 * alone as a child process while autocannon drives it from this process.
 *
 * Env: BENCH_DURATION (s per case, default 5), BENCH_CONNECTIONS (default 8),
 *      BENCH_USERS (default 1000), BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306).
 */
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { hashSync } = require('bcryptjs');

const ROOT = path.join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION || 5);
const WARMUP = 1;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 8);
const USERS = Number(process.env.BENCH_USERS || 1000);
const MYSQL_URL = process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306';
const KEY = 'bench-secret-key';
const ADMIN_PASSWORD = 'bench-admin-pass';
const WATCHDOG_MS = 10 * 60 * 1000;

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
async function startServer(name, script, args, env, port) {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
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
      return { child, stop: () => stopServer(child) };
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
      const ids = db.prepare("SELECT id FROM users WHERE username LIKE 'bench_user_%' ORDER BY id").all().map((r) => r.id);
      db.close();
      return ids;
    },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function mariadbDatabase() {
  const mysql = require('mysql2/promise');
  const base = new URL(MYSQL_URL);
  const connect = (database) => mysql.createConnection({
    host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password),
    database, connectTimeout: 3000,
  });
  let admin;
  try {
    admin = await connect();
  } catch (e) {
    return { skipped: `MariaDB at ${base.host} not reachable (${e.code || e.message})` };
  }
  const name = `mor_bench_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  return {
    label: 'MariaDB',
    url: url.toString(),
    async seed() {
      const c = await connect(name);
      await c.query(`INSERT INTO users (${SEED_COLUMNS}) VALUES ?`, [seedRows()]);
      const [rows] = await c.query("SELECT id FROM users WHERE username LIKE 'bench_user_%' ORDER BY id");
      await c.end();
      return rows.map((r) => r.id);
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}

// ---- workloads ---------------------------------------------------------------------------

function workloads(ids) {
  const details = ids.map((id) => `u=admin&user_id=${id}&hash=${sha1(`${id}${KEY}`)}`);
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
  ];
}

function cannon(port, work, duration) {
  let i = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    requests: [{
      method: 'POST',
      path: `/billing/api/${work.method}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (req) => ({ ...req, body: work.bodies[i++ % work.bodies.length] }),
    }],
  });
}

/** Checks the replies are the real thing, warms up, then measures each workload. */
async function measure(server, port, works) {
  const out = {};
  for (const work of works) {
    const sample = await post(port, work.method, work.bodies[0]);
    if (sample.status !== 200 || !work.check(sample.body)) {
      throw new Error(`${server}: unexpected ${work.method} reply (HTTP ${sample.status}): ${sample.body.slice(0, 300)}`);
    }
    await cannon(port, work, WARMUP);
    const r = await cannon(port, work, DURATION);
    out[work.method] = { rps: r.requests.average, p99: r.latency.p99, bytes: sample.body.length, bad: r.errors + r.timeouts + r.non2xx };
  }
  return out;
}

async function benchDatabase(db) {
  const ids = [];
  const ours = await (async () => {
    const port = await freePort();
    const env = { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url, MOR_API_SECRET_KEY: KEY, MOR_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: 'error' };
    const server = await startServer('our server', 'dist/main.js', [], env, port);
    try {
      ids.push(...(await db.seed())); // the schema and admin exist once our server has started
      return await measure('our server', port, workloads(ids));
    } finally {
      await server.stop();
    }
  })();
  const port = await freePort();
  const server = await startServer('baseline', 'bench/baseline.js', [db.url, String(port)], {}, port);
  try {
    return { ours, base: await measure('baseline', port, workloads(ids)) };
  } finally {
    await server.stop();
  }
}

function table(rows) {
  const head = ['database', 'method', 'ours req/s', 'ours p99 ms', 'baseline req/s', 'baseline p99 ms', 'ours/baseline'];
  const body = rows.map((r) => [r.db, r.method, r.ours.rps.toFixed(0), String(r.ours.p99), r.base.rps.toFixed(0), String(r.base.p99), `${(r.ours.rps / r.base.rps).toFixed(2)}x`]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells) => `| ${cells.map((x, c) => (c < 2 ? x.padEnd(widths[c]) : x.padStart(widths[c]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, c) => (c < 2 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/main.js'))) throw new Error('dist/main.js missing: run `npm run bench` (it builds first)');
  console.log(`bench: ${USERS} users, ${CONNECTIONS} connections, ${DURATION} s per case (+${WARMUP} s warm-up), node ${process.version}, ${os.cpus().length} CPUs`);
  const rows = [];
  const notes = [];
  for (const make of [sqliteDatabase, mariadbDatabase]) {
    const db = await make();
    if (db.skipped) {
      notes.push(`${db.skipped}: skipped`);
      continue;
    }
    try {
      console.log(`bench: ${db.label}...`);
      const { ours, base } = await benchDatabase(db);
      for (const method of Object.keys(ours)) {
        rows.push({ db: db.label, method, ours: ours[method], base: base[method] });
        const bad = ours[method].bad + base[method].bad;
        if (bad > 0) notes.push(`${db.label} ${method}: ${bad} errors/timeouts/non-2xx replies`);
        notes.push(`${db.label} ${method}: reply size ours ${ours[method].bytes} B, baseline ${base[method].bytes} B`);
      }
    } finally {
      await db.drop();
    }
  }
  console.log(`\n${table(rows)}\n`);
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
