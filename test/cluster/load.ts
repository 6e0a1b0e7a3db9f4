/**
 * The Galera cluster run's driver (test/cluster/run.sh builds it with tsconfig.json beside it):
 *   seed  <mysql-url>                       tariffs, a provider on an LCR, users with an opening balance and a device each
 *   load  <out.json> <seconds> <base-url>…  a mixed load through the servers: call lifecycles, payments, balance
 *                                           updates, device rules, DIDs; idempotent requests are retried on another
 *                                           server after a failure (same uniqueid / transaction id)
 *   check <acks.json…> -- <mysql-url>…      the acceptance checks on every node; prints `PASS …` / `FAIL …` lines
 * Only node's builtins and mysql2; requests are signed as MOR does (SHA1 of the hash params' values and the key).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection, Connection } from 'mysql2/promise';

const KEY = process.env.CLUSTER_API_KEY || 'cluster-secret-key';
const USERS = Number(process.env.CLUSTER_USERS || 20);
const CONCURRENCY = Number(process.env.CLUSTER_CONCURRENCY || 12);
const OPENING = '100.000000';

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(url: string): Promise<Connection> {
  const u = new URL(url);
  return createConnection({ host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: u.pathname.slice(1), supportBigNumbers: true, bigNumberStrings: true });
}

async function seed(url: string): Promise<void> {
  const c = await connect(url);
  const id = async (sql: string, params: unknown[] = []) => Number(((await c.query(sql, params))[0] as { id: number }[])[0].id);
  const tariff = async (name: string, purpose: string, rate: string) => {
    await c.query('INSERT INTO tariffs (name, purpose, owner_id) VALUES (?, ?, 0)', [name, purpose]);
    const tariffId = await id('SELECT id FROM tariffs WHERE name = ?', [name]);
    await c.query('INSERT INTO rates (tariff_id, prefix) VALUES (?, ?)', [tariffId, '370']);
    await c.query(`INSERT INTO ratedetails (rate_id, rate) SELECT id, ? FROM rates WHERE tariff_id = ?`, [rate, tariffId]);
    return tariffId;
  };
  const providerTariff = await tariff('cl-prov', 'provider', '0.02');
  const userTariff = await tariff('cl-user', 'user_wholesale', '0.08');
  await c.query("INSERT INTO providers (name, tech, tariff_id, ipaddr, active) VALUES ('cl-p', 'SIP', ?, '10.0.0.1', 1)", [providerTariff]);
  const providerId = await id("SELECT id FROM providers WHERE name = 'cl-p'");
  await c.query("INSERT INTO lcrs (name, lcr_order, owner_id) VALUES ('cl-lcr', 'price', 0)");
  const lcrId = await id("SELECT id FROM lcrs WHERE name = 'cl-lcr'");
  await c.query('INSERT INTO lcr_providers (lcr_id, provider_id, priority, percent, active) VALUES (?, ?, 1, 0, 1)', [lcrId, providerId]);
  for (let i = 0; i < USERS; i++) {
    await c.query("INSERT INTO users (username, usertype, owner_id, postpaid, credit, balance, tariff_id, lcr_id, uniquehash) VALUES (?, 'user', 0, 1, '-1', ?, ?, ?, ?)", [`cu${i}`, OPENING, userTariff, lcrId, `ch${i}`]);
    const userId = await id('SELECT id FROM users WHERE username = ?', [`cu${i}`]);
    await c.query("INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at) VALUES ('user', ?, 'opening', '', ?, ?, 'Opening balance', UTC_TIMESTAMP())", [userId, OPENING, OPENING]);
    await c.query("INSERT INTO devices (user_id, name, device_type) VALUES (?, ?, 'SIP')", [userId, `cd${i}`]);
  }
  const devices = (await c.query("SELECT d.id, d.user_id FROM devices d JOIN users u ON u.id = d.user_id WHERE u.username LIKE 'cu%' ORDER BY d.id"))[0] as { id: string; user_id: string }[];
  await c.end();
  console.log(JSON.stringify({ providerId, devices: devices.map((d) => ({ id: Number(d.id), user: Number(d.user_id) })) }));
}

interface Stats {
  requests: number;
  retries: number;
  serverErrors: number;
  networkErrors: number;
  ambiguous: number;
  byMethod: Record<string, number>;
}

/** Requests spread over the servers; a failed idempotent request goes again, to the next server, after a jittered pause. */
class Client {
  readonly stats: Stats = { requests: 0, retries: 0, serverErrors: 0, networkErrors: 0, ambiguous: 0, byMethod: {} };
  private next = 0;

  constructor(private readonly servers: string[]) {}

  /** Params in hash order; `idempotent`: safe to send again after a lost answer. Returns the body, or null when it gave up. */
  async send(method: string, params: [string, string][], idempotent: boolean): Promise<string | null> {
    const hash = sha1(params.map(([, v]) => v).join('') + KEY);
    const body = new URLSearchParams([['u', 'admin'], ...params, ['hash', hash]]).toString();
    for (let attempt = 1; attempt <= 30; attempt++) {
      const server = this.servers[this.next++ % this.servers.length];
      this.stats.requests++;
      this.stats.byMethod[method] = (this.stats.byMethod[method] ?? 0) + 1;
      if (attempt > 1) this.stats.retries++;
      try {
        const res = await fetch(`${server}/billing/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, signal: AbortSignal.timeout(15000) });
        const text = await res.text();
        if (res.status < 500) return text;
        this.stats.serverErrors++; // the request's transaction rolled back: nothing was written
      } catch (e) {
        this.stats.networkErrors++;
        const refused = ((e as { cause?: { code?: string } }).cause?.code ?? '') === 'ECONNREFUSED'; // never reached a server
        if (!idempotent && !refused) {
          this.stats.ambiguous++; // the server may have died after committing: not sent again
          return null;
        }
      }
      await sleep(50 + Math.random() * 100 * Math.min(attempt, 10));
    }
    return null;
  }
}

interface Acks {
  calls: string[];
  payments: { user: number; transaction: string; amount: string }[];
  balanceUpdates: number;
  failures: string[];
}

async function load(out: string, seconds: number, servers: string[]): Promise<void> {
  const setup = JSON.parse(readFileSync(process.env.CLUSTER_SETUP!, 'utf8')) as { providerId: number; devices: { id: number; user: number }[] };
  const client = new Client(servers);
  const acks: Acks = { calls: [], payments: [], balanceUpdates: 0, failures: [] };
  const fail = (what: string, body: string | null) => {
    if (acks.failures.length < 20) acks.failures.push(`${what}: ${(body ?? 'gave up').slice(0, 300)}`);
  };
  const pick = () => setup.devices[Math.floor(Math.random() * setup.devices.length)];
  let dids = 0;

  const call = async () => {
    const uniqueid = randomUUID();
    const device = pick();
    const a = await client.send('call_authorize', [['uniqueid', uniqueid], ['device_id', String(device.id)], ['dst', `3706${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`]], true);
    if (!a?.includes('<status>allowed</status>') && !a?.includes('Call with this uniqueid already exists')) return fail('call_authorize', a);
    const s = await client.send('call_start', [['uniqueid', uniqueid]], true);
    if (!s?.includes('<status>answered</status>')) return fail('call_start', s);
    const e = await client.send('call_end', [['uniqueid', uniqueid], ['billsec', String(1 + Math.floor(Math.random() * 300))]], true);
    if (!e?.includes('<status>ok</status>')) return fail('call_end', e);
    acks.calls.push(uniqueid);
  };
  const payment = async () => {
    const { user } = pick();
    const transaction = `tx-${randomUUID()}`;
    const amount = `${1 + Math.floor(Math.random() * 50)}.${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
    const r = await client.send('payment_create', [['user_id', String(user)], ['p_currency', 'USD'], ['amount', amount], ['transaction', transaction]], true);
    if (!r?.includes('<status>ok</status>')) return fail('payment_create', r);
    acks.payments.push({ user, transaction, amount });
  };
  const balanceUpdate = async () => {
    const r = await client.send('user_balance_update', [['user_id', String(pick().user)], ['balance', Math.random() < 0.5 ? '-0.5' : '1.25']], false);
    if (!r?.includes('<status>')) return fail('user_balance_update', r);
    acks.balanceUpdates++;
  };
  const deviceRule = async () => {
    const r = await client.send('device_rule_create', [['device_id', String(pick().id)], ['name', `r${randomUUID().slice(0, 8)}`], ['cut', '999'], ['add', '1']], false);
    if (!r?.includes('Rule added')) fail('device_rule_create', r);
  };
  const did = async () => {
    const number = `4470${process.pid}${String(dids++).padStart(6, '0')}`;
    const c = await client.send('did_create', [['provider_id', String(setup.providerId)], ['did', number]], false);
    if (!c || /<error>/.test(c)) return fail('did_create', c);
    const a = await client.send('did_device_assign', [['device_id', String(pick().id)], ['did', number]], true);
    if (!a || /<error>/.test(a)) fail('did_device_assign', a);
  };

  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const r = Math.random();
      await (r < 0.6 ? call() : r < 0.8 ? payment() : r < 0.9 ? balanceUpdate() : r < 0.95 ? deviceRule() : did()).catch((e: unknown) => fail('client', String(e)));
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = (Date.now() - t0) / 1000;
  const result = { servers: servers.length, seconds: elapsed, lifecyclesPerSecond: acks.calls.length / elapsed, requestsPerSecond: client.stats.requests / elapsed, ...client.stats, acks };
  writeFileSync(out, JSON.stringify(result));
  console.log(JSON.stringify({ ...result, acks: { calls: acks.calls.length, payments: acks.payments.length, balanceUpdates: acks.balanceUpdates, failures: acks.failures } }));
}

/** An order-independent digest of a table's rows (ordered by id): equal digests, equal rows. */
async function digest(c: Connection, table: string, columns: string): Promise<string> {
  const [rows] = await c.query({ sql: `SELECT ${columns} FROM ${table} ORDER BY id`, rowsAsArray: true });
  return `${(rows as unknown[]).length}:${sha1(JSON.stringify(rows))}`;
}

async function check(ackFiles: string[], urls: string[]): Promise<void> {
  const acks = ackFiles.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { acks: Acks }).acks);
  const calls = acks.flatMap((a) => a.calls);
  const payments = acks.flatMap((a) => a.payments);
  let failed = 0;
  const verdict = (ok: boolean, what: string) => {
    console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);
    if (!ok) failed++;
  };
  const digests: Record<string, string[]> = {};
  const offsets: number[] = [];
  for (const [n, url] of urls.entries()) {
    const node = `node ${n + 1}`;
    const c = await connect(url);
    await c.query('SET SESSION wsrep_sync_wait = 1'); // reads wait until this node applied every write committed before them
    const one = async <T>(sql: string, params: unknown[] = []) => ((await c.query(sql, params))[0] as T[])[0];
    const status = await one<{ size: string; state: string }>("SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_CLUSTER_SIZE') AS size, (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT') AS state");
    verdict(status.size === '3' && status.state === 'Synced', `${node}: in a cluster of 3, Synced (size ${status.size}, ${status.state})`);
    const inc = await one<{ inc: string; off: string }>('SELECT @@auto_increment_increment AS inc, @@auto_increment_offset AS off');
    offsets.push(Number(inc.off));
    verdict(Number(inc.inc) === urls.length, `${node}: auto_increment_increment ${inc.inc}, offset ${inc.off}`);

    const placeholders = calls.map(() => '?').join(', ') || "''";
    const cdr = await one<{ rows: string; ids: string }>(`SELECT COUNT(*) AS \`rows\`, COUNT(DISTINCT uniqueid) AS ids FROM calls WHERE uniqueid IN (${placeholders})`, calls);
    const dupCdrs = await one<{ n: string }>('SELECT COUNT(*) AS n FROM (SELECT uniqueid FROM calls GROUP BY uniqueid HAVING COUNT(*) > 1) d');
    verdict(Number(cdr.rows) === calls.length && Number(cdr.ids) === calls.length && Number(dupCdrs.n) === 0, `${node}: each of the ${calls.length} acknowledged calls has exactly one CDR (${cdr.rows} rows, ${dupCdrs.n} duplicated uniqueids)`);
    const active = await one<{ n: string }>(`SELECT COUNT(*) AS n FROM activecalls WHERE uniqueid IN (${placeholders})`, calls);
    verdict(Number(active.n) === 0, `${node}: no acknowledged call still holds money (${active.n} active)`);

    const txs = payments.map((p) => p.transaction);
    const txPlaceholders = txs.map(() => '?').join(', ') || "''";
    const pay = await one<{ rows: string; ids: string }>(`SELECT COUNT(*) AS \`rows\`, COUNT(DISTINCT transaction_id) AS ids FROM payments WHERE transaction_id IN (${txPlaceholders})`, txs);
    const dupPays = await one<{ n: string }>("SELECT COUNT(*) AS n FROM (SELECT user_id, transaction_id FROM payments WHERE transaction_id <> '' GROUP BY user_id, transaction_id HAVING COUNT(*) > 1) d");
    const ledger = await one<{ rows: string; paid: string }>(
      `SELECT COUNT(*) AS \`rows\`, COUNT(DISTINCT p.id) AS paid FROM payments p JOIN balance_ledger l
         ON l.kind = 'payment' AND l.account_type = 'user' AND l.account_id = p.user_id AND CAST(l.cause_id AS UNSIGNED) = p.id
       WHERE p.transaction_id IN (${txPlaceholders})`,
      txs,
    );
    verdict(
      Number(pay.rows) === payments.length && Number(pay.ids) === payments.length && Number(dupPays.n) === 0 && Number(ledger.rows) === payments.length && Number(ledger.paid) === payments.length,
      `${node}: each of the ${payments.length} acknowledged payments recorded once (${pay.rows} rows, ${dupPays.n} duplicated transaction ids) and applied to its balance once (${ledger.rows} ledger rows)`,
    );
    digests[node] = [];
    for (const [table, columns] of [['users', 'id, balance'], ['balance_ledger', 'id, account_type, account_id, kind, cause_id, amount, balance_after'], ['payments', 'id, user_id, transaction_id, amount, gross, tax, completed'], ['calls', 'id, uniqueid, user_id, billsec, user_price, provider_price']] as const) {
      digests[node].push(`${table} ${await digest(c, table, columns)}`);
    }
    await c.end();
  }
  verdict(new Set(offsets).size === urls.length, `auto_increment offsets differ per node (${offsets.join(', ')}): ids unique across nodes`);
  const first = digests['node 1'];
  for (const [t, line] of first.entries()) {
    const agree = Object.values(digests).every((d) => d[t] === line);
    verdict(agree, `the nodes agree row for row on ${line.split(' ')[0]} (${Object.values(digests).map((d) => d[t].split(' ')[1]).join(' | ')})`);
  }
  process.exitCode = failed === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'seed') return seed(args[0]);
  if (command === 'load') return load(args[0], Number(args[1]), args.slice(2));
  if (command === 'check') {
    const split = args.indexOf('--');
    return check(args.slice(0, split), args.slice(split + 1));
  }
  throw new Error('usage: load.js seed <url> | load <out.json> <seconds> <base-url>… | check <acks.json>… -- <mysql-url>…');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
