import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * The one rule for how a transaction's queries reach the database, installed on the data source
 * at start (openDatabase), so every `db.transaction(...)` of every service follows it:
 *
 * 1. Inside a transaction every query goes through its manager `m`. A query that asks the data
 *    source for another connection while the transaction holds one (`this.db.query`, a
 *    repository of the data source, another service's own connection) throws EscapedQueryError
 *    instead of running. On MariaDB such a query waits for a second pooled connection while
 *    holding the first: with as many such requests as pooled connections, the pool deadlocks and
 *    the whole process stops answering. The check runs on SQLite too, so every test catches it.
 * 2. A transaction opened inside another one (through the data source) joins it: same manager.
 * 3. A transaction that loses a lock conflict (MariaDB deadlock, lock wait timeout, Galera/wsrep
 *    certification conflict; SQLite busy) is rolled back and run again, up to RETRY.attempts
 *    times, after a random pause that grows with each try (full jitter).
 * 4. On SQLite (one connection) transactions take turns: two BEGINs on one connection fail. A
 *    lone write (no transaction of its own) made while another request's transaction is open
 *    would run inside it and vanish with its rollback: it waits for its turn as a transaction of
 *    one statement instead.
 */

export class EscapedQueryError extends Error {
  constructor() {
    super('A query inside a transaction asked for another connection: run it through the transaction manager');
    this.name = 'EscapedQueryError';
  }
}

interface Held {
  /** The transaction's manager while its work runs; null before it starts and after it ends. */
  manager: EntityManager | null;
}

const held = new AsyncLocalStorage<Held>();

export const RETRY = { attempts: 5, baseMs: 15, maxMs: 400 };

const RETRYABLE_CODES = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_ABORTED', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);
const RETRYABLE_ERRNOS = new Set([1213, 1205]);

/** Whether a failed transaction lost a lock conflict and may simply be run again. */
export function isRetryableConflict(error: unknown): boolean {
  const e = error as { driverError?: unknown } | null;
  const d = ((e && typeof e === 'object' && e.driverError) || error || {}) as { code?: unknown; errno?: unknown; message?: unknown };
  if (RETRYABLE_CODES.has(String(d.code)) || RETRYABLE_ERRNOS.has(Number(d.errno))) return true;
  // Galera: "WSREP detected deadlock/conflict and aborted the transaction. Try restarting the transaction".
  return /wsrep.*(deadlock|conflict)/i.test(String(d.message ?? ''));
}

/** The pause before try `attempt` (1-based retries): uniform in [0, min(max, base * 2^attempt)). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY.maxMs, RETRY.baseMs * 2 ** attempt));
}

/** A statement that changes data or schema (rule 4). */
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;

// The AsyncLocalStorage's promise hooks cost every request of the process while enabled (~16% CPU
// on Node 20, issue 14): it is on only while some transaction is queued or running, counted over
// every data source of the process (disabling it drops the store of every context, another data
// source's open transaction included).
let open = 0;
const closed = () => {
  if (--open === 0) held.disable();
};

/** Whether some transaction of this process is queued or running. */
export function transactionOpen(): boolean {
  return open > 0;
}

/** MariaDB transactions' default level (installTransactionRules sets it on every pooled connection's session). */
const SESSION_ISOLATION = 'READ COMMITTED';

type SessionConnection = { query(sql: string, done: (error: Error | null) => void): void };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Work<T> = (m: EntityManager) => Promise<T>;
type TransactionFn = (...args: unknown[]) => Promise<unknown>;

/** Whether the current async context is inside a transaction's work (for tests and assertions). */
export function insideTransaction(): boolean {
  return held.getStore()?.manager != null;
}

/**
 * The manager a shared service (settings, lookups used by many families) reads with: the current
 * transaction's when called from inside one, else the data source's. Family code passes `m`.
 */
export function currentManager(db: DataSource): EntityManager {
  return held.getStore()?.manager ?? db.manager;
}

/**
 * Holds `table`'s row `id` until the transaction ends: concurrent transactions that lock the same
 * row take turns from here on. On SQLite transactions already take turns, so nothing to do.
 */
export async function lockRow(m: EntityManager, table: string, id: number): Promise<void> {
  if (m.connection.options.type === 'mysql') await m.query(`SELECT id FROM ${table} WHERE id = ? FOR UPDATE`, [id]);
}

export function installTransactionRules(db: DataSource): void {
  const manager = db.manager;
  const begin = manager.transaction.bind(manager) as TransactionFn;
  const createQueryRunner = db.createQueryRunner.bind(db);
  const sqlite = db.options.type === 'better-sqlite3';
  db.createQueryRunner = ((...args: Parameters<DataSource['createQueryRunner']>) => {
    if (held.getStore()?.manager) throw new EscapedQueryError();
    const runner = createQueryRunner(...args);
    if (sqlite) queueLoneWrites(runner);
    else skipSessionIsolation(runner);
    return runner;
  }) as DataSource['createQueryRunner'];

  /**
   * MariaDB: every pooled connection made from now on has READ COMMITTED as its session's level, so
   * a transaction at that level needs no `SET TRANSACTION ISOLATION LEVEL` round trip of its own
   * (a connection made before, e.g. TypeORM's connection check, still gets it per transaction).
   */
  const readCommitted = new WeakSet<object>();
  const pool = (db.driver as unknown as { pool?: { on(event: 'connection', listener: (c: SessionConnection) => void): void } }).pool;
  pool?.on('connection', (c) => c.query(`SET SESSION TRANSACTION ISOLATION LEVEL ${SESSION_ISOLATION}`, (error) => (error ? undefined : readCommitted.add(c))));
  const skipSessionIsolation = (runner: QueryRunner) => {
    const startTransaction = runner.startTransaction.bind(runner);
    runner.startTransaction = async (level) => {
      if (level === SESSION_ISOLATION && readCommitted.has(await runner.connect())) return startTransaction();
      return startTransaction(level);
    };
  };

  /** SQLite's one runner: a write from outside every transaction, while one is open, takes a turn (rule 4). */
  const queued = new WeakSet<QueryRunner>();
  const queueLoneWrites = (runner: QueryRunner) => {
    if (queued.has(runner)) return;
    queued.add(runner);
    const query = runner.query.bind(runner) as (...a: unknown[]) => Promise<unknown>;
    runner.query = ((sql: string, ...rest: unknown[]) =>
      open > 0 && held.getStore() === undefined && WRITE.test(sql)
        ? manager.transaction(() => query(sql, ...rest))
        : query(sql, ...rest)) as QueryRunner['query'];
  };

  /** One try: the work runs with the transaction's manager marked as held in its async context. */
  const once = <T>(isolation: unknown[], work: Work<T>): Promise<T> => {
    const state: Held = { manager: null };
    return held.run(state, () =>
      begin(...isolation, async (m: EntityManager) => {
        state.manager = m;
        try {
          return await work(m);
        } finally {
          state.manager = null;
        }
      }),
    ) as Promise<T>;
  };

  const withRetry = async <T>(isolation: unknown[], work: Work<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(isolation, work);
      } catch (error) {
        if (attempt >= RETRY.attempts || !isRetryableConflict(error)) throw error;
        await pause(backoffMs(attempt));
      }
    }
  };

  const defaultIsolation = db.options.type === 'mysql' ? [SESSION_ISOLATION] : [];
  let tail: Promise<unknown> = Promise.resolve();
  const start = <T>(run: () => Promise<T>): Promise<T> => {
    open++;
    const done = run();
    done.then(closed, closed);
    return done;
  };
  manager.transaction = ((...args: unknown[]) => {
    // (work) or (isolation level, work); DataSource.transaction passes (work, undefined).
    const isolation = typeof args[0] === 'string' ? [args[0]] : defaultIsolation;
    const work = (typeof args[0] === 'function' ? args[0] : args[1]) as Work<unknown>;
    const outer = held.getStore()?.manager;
    if (outer) return work(outer);
    if (!sqlite) return start(() => withRetry(isolation, work));
    const turn = start(() => tail.then(() => withRetry(isolation, work)));
    tail = turn.catch(() => undefined);
    return turn;
  }) as typeof manager.transaction;
}
