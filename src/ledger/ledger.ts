import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { Decimal, DecimalInput, money, toStorage } from '../billing/money';
import { moneySql } from '../database/exact-money';
import { runSql, writeSql } from '../database/raw';

/**
 * Accounts that carry a balance, by the ledger's account_type. A family whose table has a
 * `balance` money column (e.g. calling cards) adds its entry here.
 */
export const LEDGER_ACCOUNTS = {
  user: { table: 'users' },
  device: { table: 'devices' },
  provider: { table: 'providers' },
  card: { table: 'cards' },
} as const satisfies Record<string, { table: string }>;

export type LedgerAccountType = keyof typeof LEDGER_ACCOUNTS;

/**
 * The order a transaction changes accounts of several types in: users first (as call authorization
 * locks them), providers (every call's hot rows, so held for the fewest statements) last. One order
 * everywhere, so two transactions never wait for each other's rows in a cycle.
 */
const LOCK_RANK: Record<LedgerAccountType, number> = { user: 0, device: 1, card: 2, provider: 3 };
export const byLockOrder = (a: LedgerAccountType, b: LedgerAccountType): number => LOCK_RANK[a] - LOCK_RANK[b];

/** Why a balance changed. */
export type LedgerKind =
  | 'opening' | 'manual' | 'payment' | 'call' | 'credit_note' | 'subscription' | 'voucher' | 'card' | 'did' | 'sms' | 'refund' | 'rerate';

export interface BalanceChange {
  account: LedgerAccountType;
  accountId: number;
  kind: LedgerKind;
  /** With account and kind, the idempotency key: a call's uniqueid, a payment id, `subscription:period`... */
  causeId: string;
  /** Signed: positive raises the balance, negative lowers it. */
  amount: DecimalInput;
  description?: string;
  at?: Date;
}

export interface AppliedChange {
  /** False when this cause was already applied: nothing changed, the first application's figures are returned. */
  applied: boolean;
  amount: string;
  balanceAfter: string;
}

export class LedgerAccountNotFound extends Error {
  constructor(account: LedgerAccountType, id: number) {
    super(`No ${account} account ${id}`);
  }
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as datetime columns are bound in raw SQL. */
export function sqlDateTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

const KEY_WHERE = 'account_type = ? AND account_id = ? AND kind = ? AND cause_id = ?';

/** A balance change that was committed (the amount signed, as stored). */
export interface CommittedChange {
  account: LedgerAccountType;
  kind: LedgerKind;
  amount: string;
}

export type LedgerObserver = (change: CommittedChange) => void;

const observers = new WeakMap<DataSource, LedgerObserver>();
/** Changes made in a transaction still open, told to the observer when it commits. */
const pending = new WeakMap<QueryRunner, CommittedChange[]>();

/**
 * Tells `observer` every balance change of `db` once its transaction has committed (a rolled-back
 * change is never told); registered at application start (metrics). One observer per data source.
 */
export function observeLedger(db: DataSource, observer: LedgerObserver): void {
  const first = !observers.has(db);
  observers.set(db, observer);
  if (!first) return;
  const settle = (runner: QueryRunner | undefined, committed: boolean) => {
    if (!runner || runner.isTransactionActive) return;
    const changes = pending.get(runner) ?? [];
    pending.delete(runner);
    if (committed) for (const c of changes) observers.get(db)?.(c);
  };
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: (e) => settle(e.queryRunner, true),
    afterTransactionRollback: (e) => settle(e.queryRunner, false),
  };
  (db.subscribers as EntitySubscriberInterface[]).push(subscriber);
}

function told(m: EntityManager, change: CommittedChange): void {
  const observer = observers.get(m.connection);
  if (!observer) return;
  const runner = m.queryRunner;
  if (!runner?.isTransactionActive) return observer(change);
  pending.set(runner, [...(pending.get(runner) ?? []), change]);
}

/** The one atomic balance update: `balance = balance + amount` (exact on both databases). */
function addToBalance(m: EntityManager, account: LedgerAccountType, accountId: number, amount: string): Promise<unknown> {
  return runSql(m, `UPDATE ${LEDGER_ACCOUNTS[account].table} SET balance = ${moneySql(m).add('balance')} WHERE id = ?`, [amount, accountId]);
}

/**
 * Changes a balance once per cause, inside the caller's transaction `m`: one atomic
 * `balance = balance + amount` and the ledger row recording it with the balance after. A change
 * whose key is already in the ledger does nothing and answers as the first one did; two processes
 * racing on one key both update, and the unique index makes the second transaction fail (its
 * retry then finds the key).
 */
export async function changeBalance(m: EntityManager, change: BalanceChange): Promise<AppliedChange> {
  const key = [change.account, change.accountId, change.kind, change.causeId];
  const done: { amount: string | number; balance_after: string | number }[] = await runSql(m, `SELECT amount, balance_after FROM balance_ledger WHERE ${KEY_WHERE}`, key);
  if (done.length > 0) return { applied: false, amount: toStorage(done[0].amount), balanceAfter: toStorage(done[0].balance_after) };
  const { table } = LEDGER_ACCOUNTS[change.account];
  const amount = toStorage(change.amount);
  await addToBalance(m, change.account, change.accountId, amount);
  const rows: { balance: string | number }[] = await runSql(m, `SELECT balance FROM ${table} WHERE id = ?`, [change.accountId]);
  if (rows.length === 0) throw new LedgerAccountNotFound(change.account, change.accountId);
  const balanceAfter = toStorage(rows[0].balance);
  await runSql(m,
    'INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    [...key, amount, balanceAfter, (change.description ?? '').slice(0, 255), sqlDateTime(change.at ?? new Date())],
  );
  told(m, { account: change.account, kind: change.kind, amount });
  return { applied: true, amount, balanceAfter };
}

/** The ledger rows of changes to accounts of these types, each taking the balance after from its account's row: one statement text per sequence of types. */
const newCauseInserts = new Map<string, string>();
function newCauseInsert(accounts: readonly LedgerAccountType[]): string {
  const key = accounts.join(',');
  let sql = newCauseInserts.get(key);
  if (!sql) {
    const selects = accounts.map((account) => `SELECT ?, ?, ?, ?, ?, balance, ?, ? FROM ${LEDGER_ACCOUNTS[account].table} WHERE id = ?`);
    sql = `INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at) ${selects.join(' UNION ALL ')}`;
    newCauseInserts.set(key, sql);
  }
  return sql;
}

/**
 * changeBalance for the changes of a cause the caller has just written in `m` under its own unique
 * key (a call's CDR, unique on uniqueid): their keys cannot be in the ledger yet, so they are not
 * looked up (the ledger's unique index still refuses a second row). One atomic update per account,
 * in the order given (the caller's lock order), then one statement writes every ledger row, each
 * taking the balance after from its account's row: n + 1 statements (round trips on MariaDB), not 4n.
 */
export async function changeBalancesOfNewCause(m: EntityManager, changes: readonly BalanceChange[]): Promise<void> {
  if (changes.length === 0) return;
  const amounts = changes.map((c) => toStorage(c.amount));
  for (const [i, c] of changes.entries()) await addToBalance(m, c.account, c.accountId, amounts[i]);
  const values = changes.flatMap((c, i) => [c.account, c.accountId, c.kind, c.causeId, amounts[i], (c.description ?? '').slice(0, 255), sqlDateTime(c.at ?? new Date()), c.accountId]);
  const { affectedRows } = await writeSql(m, newCauseInsert(changes.map((c) => c.account)), values);
  if (affectedRows !== changes.length) {
    for (const c of changes) {
      const found = await runSql(m, `SELECT id FROM ${LEDGER_ACCOUNTS[c.account].table} WHERE id = ?`, [c.accountId]);
      if (found.length === 0) throw new LedgerAccountNotFound(c.account, c.accountId);
    }
    throw new Error(`ledger: ${affectedRows} rows written for ${changes.length} changes`);
  }
  for (const [i, c] of changes.entries()) told(m, { account: c.account, kind: c.kind, amount: amounts[i] });
}

/** Accounts per statement in changeBalances (each brings a few bound values). */
const BULK = 500;

/**
 * changeBalance for many accounts of one type at once, all with one kind and cause (a batch of
 * imported CDRs charging each of its users once): the same rule and the same rows, in a few
 * statements per BULK accounts instead of four per account (a round trip each on MariaDB). Each
 * account may appear once. Keys already in the ledger change nothing and answer as first applied.
 */
export async function changeBalances(
  m: EntityManager,
  change: Omit<BalanceChange, 'accountId' | 'amount'>,
  amounts: readonly { accountId: number; amount: DecimalInput }[],
): Promise<AppliedChange[]> {
  const out: AppliedChange[] = [];
  for (let i = 0; i < amounts.length; i += BULK) out.push(...(await changeSome(m, change, amounts.slice(i, i + BULK))));
  return out;
}

async function changeSome(m: EntityManager, change: Omit<BalanceChange, 'accountId' | 'amount'>, amounts: readonly { accountId: number; amount: DecimalInput }[]): Promise<AppliedChange[]> {
  if (amounts.length === 0) return [];
  const ids = amounts.map((a) => a.accountId);
  if (new Set(ids).size !== ids.length) throw new Error('changeBalances: an account appears twice');
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const done = new Map<number, AppliedChange>();
  const known: { account_id: number | string; amount: string | number; balance_after: string | number }[] = await runSql(m,
    `SELECT account_id, amount, balance_after FROM balance_ledger WHERE account_type = ? AND kind = ? AND cause_id = ? AND account_id IN (${marks(ids.length)})`,
    [change.account, change.kind, change.causeId, ...ids], false,
  );
  for (const k of known) done.set(Number(k.account_id), { applied: false, amount: toStorage(k.amount), balanceAfter: toStorage(k.balance_after) });
  const todo = amounts.filter((a) => !done.has(a.accountId)).map((a) => ({ accountId: a.accountId, amount: toStorage(a.amount) }));
  if (todo.length > 0) {
    const { table } = LEDGER_ACCOUNTS[change.account];
    const mysql = m.connection.options.type === 'mysql';
    // One atomic update per account, as changeBalance's: the delta picked by id (exact DECIMAL on MariaDB, exact text on SQLite).
    const delta = `CASE id ${todo.map(() => (mysql ? 'WHEN ? THEN CAST(? AS DECIMAL(20,6))' : 'WHEN ? THEN ?')).join(' ')} END`;
    const set = mysql ? `balance + ${delta}` : `dec_add(balance, ${delta})`;
    const todoIds = todo.map((t) => t.accountId);
    await runSql(m, `UPDATE ${table} SET balance = ${set} WHERE id IN (${marks(todo.length)})`, [...todo.flatMap((t) => [t.accountId, t.amount]), ...todoIds], false);
    const rows: { id: number | string; balance: string | number }[] = await runSql(m, `SELECT id, balance FROM ${table} WHERE id IN (${marks(todo.length)})`, todoIds, false);
    const after = new Map(rows.map((r) => [Number(r.id), toStorage(r.balance)]));
    const missing = todo.find((t) => !after.has(t.accountId));
    if (missing) throw new LedgerAccountNotFound(change.account, missing.accountId);
    const description = (change.description ?? '').slice(0, 255);
    const at = sqlDateTime(change.at ?? new Date());
    await runSql(m,
      `INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at) VALUES ${todo.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      todo.flatMap((t) => [change.account, t.accountId, change.kind, change.causeId, t.amount, after.get(t.accountId)!, description, at]), false,
    );
    for (const t of todo) {
      told(m, { account: change.account, kind: change.kind, amount: t.amount });
      done.set(t.accountId, { applied: true, amount: t.amount, balanceAfter: after.get(t.accountId)! });
    }
  }
  return amounts.map((a) => done.get(a.accountId)!);
}

/**
 * Sets a balance to a value (a manual change from an operator): the difference goes through
 * changeBalance. The current balance is read locked (MariaDB) so a concurrent change is not lost.
 */
export async function setBalance(m: EntityManager, change: Omit<BalanceChange, 'amount'> & { balance: DecimalInput }): Promise<AppliedChange> {
  const { table } = LEDGER_ACCOUNTS[change.account];
  const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
  const rows: { balance: string | number }[] = await runSql(m, `SELECT balance FROM ${table} WHERE id = ?${lock}`, [change.accountId]);
  if (rows.length === 0) throw new LedgerAccountNotFound(change.account, change.accountId);
  return changeBalance(m, { ...change, amount: money(change.balance).minus(money(rows[0].balance)) });
}

/**
 * Records the balance an account was created with (its row already holds it): the ledger's first
 * row, so that balance = sum of the ledger holds from the start.
 */
export async function openingBalance(m: EntityManager, account: LedgerAccountType, accountId: number, balance: DecimalInput, at = new Date()): Promise<void> {
  if (money(balance).isZero()) return;
  await runSql(m,
    "INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at) VALUES (?, ?, 'opening', '', ?, ?, 'Opening balance', ?)",
    [account, accountId, toStorage(balance), toStorage(balance), sqlDateTime(at)],
  );
}

export interface AuditFinding {
  account: LedgerAccountType;
  accountId: number;
  balance: string;
  ledgerSum: string;
}

/**
 * Every account whose balance is not the sum of its ledger (the opening row included), for one
 * account type or all; optionally one account.
 */
export async function auditBalances(m: EntityManager, only?: { account: LedgerAccountType; accountId?: number }): Promise<{ checked: number; findings: AuditFinding[] }> {
  const findings: AuditFinding[] = [];
  let checked = 0;
  for (const account of Object.keys(LEDGER_ACCOUNTS) as LedgerAccountType[]) {
    if (only && only.account !== account) continue;
    const { table } = LEDGER_ACCOUNTS[account];
    const one = only?.accountId !== undefined;
    const rows: { id: number; balance: string | number; total: string | number | null }[] = await m.query(
      `SELECT a.id, a.balance, (SELECT ${moneySql(m).sum('l.amount')} FROM balance_ledger l WHERE l.account_type = ? AND l.account_id = a.id) AS total
         FROM ${table} a${one ? ' WHERE a.id = ?' : ''} ORDER BY a.id`,
      one ? [account, only!.accountId] : [account],
    );
    for (const row of rows) {
      checked++;
      const ledgerSum = money(row.total ?? 0);
      if (!ledgerSum.equals(new Decimal(money(row.balance)))) {
        findings.push({ account, accountId: Number(row.id), balance: toStorage(row.balance), ledgerSum: toStorage(ledgerSum) });
      }
    }
  }
  return { checked, findings };
}
