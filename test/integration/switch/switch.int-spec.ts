import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { money } from '../../../src/billing/money';
import { auditBalances } from '../../../src/ledger/ledger';
import { CallWorld, createCallWorld, createDirectUser, createTariff } from '../../support/call-fixtures';
import { ADMIN_KEY, TestApp } from '../../support/test-app';

/**
 * Real SIP calls through Kamailio (deploy/kamailio) with our server authorizing, routing and
 * rating them: SIPp plays the callers (UAC) and the providers (UAS). Every outcome is checked
 * against the CDRs and the balances.
 */
const HERE = __dirname;
const ROOT = join(HERE, '..', '..', '..');
const WORK = mkdtempSync(join(tmpdir(), 'switch-'));
const KAMAILIO_PORT = 15060;
const MODULES = '/usr/lib/x86_64-linux-gnu/kamailio/modules/';
const API_PORT = 15000 + (process.pid % 1000);
const PROVIDERS = { ok: 15080, down: 15081, busy: 15082, noanswer: 15083 } as const;
const REASONS: Record<number, string> = { 200: 'OK', 503: 'Service Unavailable', 486: 'Busy Here', 480: 'Temporarily Unavailable' };

const children: ChildProcess[] = [];
const logs: Record<string, string> = {};

function start(name: string, command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { cwd: WORK, stdio: ['ignore', 'pipe', 'pipe'] });
  logs[name] = '';
  const file = join(WORK, `${name}.log`);
  const keep = (d: Buffer) => {
    logs[name] += d;
    appendFileSync(file, d);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  children.push(child);
  return child;
}

function run(name: string, command: string, args: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const child = start(name, command, args);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

function uasScenario(code: number): string {
  const after = code === 200
    ? `<recv request="BYE"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]></send>`
    : '';
  const file = join(WORK, `uas-${code}.xml`);
  writeFileSync(file, readFileSync(join(HERE, 'uas.xml'), 'utf8').replace('@CODE@', String(code)).replace('@REASON@', REASONS[code]).replace('@AFTER@', after));
  return file;
}

function uacScenario(holdMs: number): string {
  const file = join(WORK, `uac-${holdMs}.xml`);
  writeFileSync(file, readFileSync(join(HERE, 'uac.xml'), 'utf8').replace('[$hold]', String(holdMs)));
  return file;
}

let uacPort = 16000;
/** Places `calls` calls from a device to a number, each held `holdMs` (or until the proxy ends it), `concurrent` at once. */
function dial(device: string, number: string, holdMs: number, calls = 1, concurrent = 1, rate = 10): Promise<number> {
  uacPort += 1;
  return run(`uac-${uacPort}`, 'sipp', [
    `127.0.0.1:${KAMAILIO_PORT}`, '-sf', uacScenario(holdMs), '-s', number, '-key', 'from_user', device, '-i', '127.0.0.1', '-p', String(uacPort),
    '-m', String(calls), '-l', String(concurrent), '-r', String(rate), '-nostdin', '-timeout', '90s', '-timeout_error', '-max_socket', '1024',
    '-trace_stat', '-stf', join(WORK, `uac-${uacPort}.csv`),
  ], 120_000);
}

function successfulCalls(port: number): number {
  const lines = readFileSync(join(WORK, `uac-${port}.csv`), 'utf8').trim().split('\n');
  const header = lines[0].split(';');
  return Number(lines[lines.length - 1].split(';')[header.indexOf('SuccessfulCall(C)')]);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Real SIP timing on a loaded 2-core machine: a scenario that lost a race (a BYE crossing the
// dialog timer's) gets one more try with fresh users; a real mis-rating fails both.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

describe('SIP calls through Kamailio, billed end to end', () => {
  let t: TestApp;
  let w: CallWorld;
  const cdrs = async (userId: number) =>
    (await t.db.query('SELECT uniqueid, billsec, disposition, hangupcause, provider_id, user_price FROM calls WHERE user_id = ? ORDER BY id', [userId])) as {
      billsec: number; disposition: string; hangupcause: number; provider_id: number; user_price: string;
    }[];
  const balance = async (id: number) => money((await t.db.query('SELECT balance FROM users WHERE id = ?', [id]))[0].balance);
  const activeCalls = async (userIds: number[]) =>
    Number((await t.db.query(`SELECT COUNT(*) AS n FROM activecalls WHERE user_id IN (${userIds.map(() => '?').join(', ')})`, userIds))[0].n);
  /** call_end comes after the BYE; wait until these users have no call in progress. */
  const settled = async (...userIds: number[]) => {
    for (let i = 0; i < 100 && (await activeCalls(userIds)) > 0; i++) await wait(200);
    expect(await activeCalls(userIds)).toBe(0);
  };
  const providerFor = async (name: string, port: number) => {
    await t.db.query("UPDATE providers SET ipaddr = '127.0.0.1', server_ip = '127.0.0.1', port = ? WHERE name = ?", [port, name]);
  };
  /** A user of its own LCR whose providers (by name, in order) are tried. */
  let tries = 0;
  const userOn = async (base: string, providerNames: string[], extra: Record<string, unknown> = {}) => {
    const username = `${base}${++tries}`;
    await t.db.query("INSERT INTO lcrs (name, lcr_order, owner_id) VALUES (?, 'priority', 0)", [`lcr-${username}`]);
    const [{ id: lcrId }] = await t.db.query('SELECT id FROM lcrs WHERE name = ?', [`lcr-${username}`]);
    for (const [i, name] of providerNames.entries()) {
      const [{ id }] = await t.db.query('SELECT id FROM providers WHERE name = ?', [name]);
      await t.db.query('INSERT INTO lcr_providers (lcr_id, provider_id, priority, percent, active) VALUES (?, ?, ?, 0, 1)', [lcrId, id, i + 1]);
    }
    return createDirectUser(t, w, username, { lcr_id: Number(lcrId), balance: '100', ...extra });
  };

  beforeAll(async () => {
    t = await TestApp.start({ JOBS_INTERVAL_SECONDS: '0' });
    await t.app.listen(API_PORT, '127.0.0.1');
    w = await createCallWorld(t, 'sw');
    await providerFor('sw-P1', PROVIDERS.ok);
    const tariff = Number((await t.db.query("SELECT id FROM tariffs WHERE name = 'sw-prov'"))[0].id);
    for (const [name, port] of [['sw-down', PROVIDERS.down], ['sw-busy', PROVIDERS.busy], ['sw-noanswer', PROVIDERS.noanswer]] as const) {
      await t.db.query("INSERT INTO providers (name, tech, tariff_id, ipaddr, server_ip, port, active) VALUES (?, 'SIP', ?, '127.0.0.1', '127.0.0.1', ?, 1)", [name, tariff, port]);
    }
    void createTariff;
    writeFileSync(join(WORK, 'billing-local.cfg'), [
      `#!define LISTEN_ADDR udp:127.0.0.1:${KAMAILIO_PORT}`, `#!substdef "!BILLING_API_URL!http://127.0.0.1:${API_PORT}/billing/api!"`, '#!define API_USER "admin"',
      `#!define API_KEY "${ADMIN_KEY}"`, `#!define BILLING_JS "${join(ROOT, 'deploy/kamailio/billing.js')}"`, '#!define CHILDREN 32', '',
    ].join('\n'));
    writeFileSync(join(WORK, 'kamailio.cfg'), readFileSync(join(ROOT, 'deploy/kamailio/kamailio.cfg')));
    const check = await run('kamailio-check', 'kamailio', ['-c', '-f', join(WORK, 'kamailio.cfg'), '-L', MODULES], 20_000);
    if (check !== 0) throw new Error(`kamailio.cfg does not load:\n${logs['kamailio-check']}`);
    start('kamailio', 'kamailio', ['-DD', '-E', '-f', join(WORK, 'kamailio.cfg'), '-L', MODULES, '-Y', WORK, '-P', join(WORK, 'kamailio.pid'), '-w', WORK]);
    for (const [code, port] of [[200, PROVIDERS.ok], [503, PROVIDERS.down], [486, PROVIDERS.busy], [480, PROVIDERS.noanswer]] as const) {
      start(`uas-${code}`, 'sipp', ['-sf', uasScenario(code), '-i', '127.0.0.1', '-p', String(port), '-nostdin', '-max_socket', '1024']);
    }
    await wait(1500);
  }, 60_000);

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await t?.close();
  });

  it('answered calls of known lengths: one CDR each, billsec within a second, the balance moved by their prices', async () => {
    const before = await balance(w.userId);
    for (const seconds of [2, 3]) expect(await dial(w.deviceName, '37060000001', seconds * 1000)).toBe(0);
    await settled(w.userId);
    const rows = await cdrs(w.userId);
    expect(rows.map((r) => r.disposition)).toEqual(['ANSWERED', 'ANSWERED']);
    rows.forEach((r, i) => expect(Math.abs(Number(r.billsec) - [2, 3][i])).toBeLessThanOrEqual(1));
    const total = rows.reduce((s, r) => s.plus(money(r.user_price)), money(0));
    expect((await balance(w.userId)).toFixed(6)).toBe(before.minus(total).toFixed(6));
    expect(total.greaterThan(0)).toBe(true);
  }, 60_000);

  it('busy and no answer: a CDR with that disposition and nothing charged', async () => {
    const busy = await userOn('sw-busyuser', ['sw-busy']);
    const silent = await userOn('sw-silentuser', ['sw-noanswer']);
    await dial(busy.device.name, '37060000002', 1000);
    await dial(silent.device.name, '37060000003', 1000);
    await settled(busy.user.id, silent.user.id);
    expect((await cdrs(busy.user.id)).map((r) => [r.disposition, Number(r.billsec)])).toEqual([['BUSY', 0]]);
    expect((await cdrs(silent.user.id)).map((r) => [r.disposition, Number(r.billsec)])).toEqual([['NO ANSWER', 0]]);
    expect((await balance(busy.user.id)).toFixed(2)).toBe('100.00');
  }, 60_000);

  it('fails over from a provider that is down to the next one', async () => {
    const user = await userOn('sw-failover', ['sw-down', 'sw-P1']);
    expect(await dial(user.device.name, '37060000004', 1000)).toBe(0);
    await settled(user.user.id);
    const [{ id: p1 }] = await t.db.query("SELECT id FROM providers WHERE name = 'sw-P1'");
    expect((await cdrs(user.user.id)).map((r) => [r.disposition, Number(r.provider_id)])).toEqual([['ANSWERED', Number(p1)]]);
  }, 60_000);

  it('a prepaid user whose money runs out mid-call is cut at the maximum duration', async () => {
    // 0.08 per minute: 0.004 buys 3 seconds.
    const user = await userOn('sw-poor', ['sw-P1'], { balance: '0.004' });
    await dial(user.device.name, '37060000005', 15000);
    await settled(user.user.id);
    const [row] = await cdrs(user.user.id);
    expect(row.disposition).toBe('ANSWERED');
    expect(Number(row.billsec)).toBeLessThanOrEqual(4);
    expect((await balance(user.user.id)).greaterThanOrEqualTo(0)).toBe(true);
  }, 60_000);

  it('a blocked user and a number without a rate are refused before any provider is called: no CDR', async () => {
    const blocked = await userOn('sw-blocked', ['sw-P1'], { blocked: 1 });
    await dial(blocked.device.name, '37060000006', 1000);
    await dial(w.deviceName, '4412345678', 1000);
    await settled(blocked.user.id, w.userId);
    expect(await cdrs(blocked.user.id)).toEqual([]);
    expect(logs.kamailio).toMatch(/refused: refused 201/);
    expect(logs.kamailio).toMatch(/refused: refused 203/);
    // The callers heard the SIP code MOR's hangup cause maps to (201 and 203: 403).
    expect(logs[`uac-${uacPort - 1}`]).toMatch(/403 <-+ +1 /);
    expect(logs[`uac-${uacPort}`]).toMatch(/403 <-+ +1 /);
  }, 60_000);

  it('a burst of 200 concurrent calls: 200 CDRs, the balance moved by exactly their sum, the ledger consistent', async () => {
    // Each authorization holds what its maximum duration (3 h) could cost: 200 holds of 14.40 must fit.
    const user = await userOn('sw-burst', ['sw-P1'], { balance: '5000' });
    const before = await balance(user.user.id);
    const port = uacPort + 1;
    // 50 new calls a second, each held 6 s: all 200 are up at once.
    expect(await dial(user.device.name, '37060000007', 6000, 200, 200, 50)).toBe(0);
    await settled(user.user.id);
    expect(successfulCalls(port)).toBe(200);
    const rows = await cdrs(user.user.id);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.disposition))).toEqual(new Set(['ANSWERED']));
    const total = rows.reduce((s, r) => s.plus(money(r.user_price)), money(0));
    expect((await balance(user.user.id)).toFixed(6)).toBe(before.minus(total).toFixed(6));
    expect((await t.db.transaction((m) => auditBalances(m))).findings).toEqual([]);
  }, 180_000);
});
