import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { TtlCache } from './ttl-cache';

/**
 * Caches of reference data (tariffs, rates, LCRs, providers...) learn here that this process wrote
 * one of their tables, so it sees its own change at once: when the statement runs (the rest of the
 * writing request reads fresh rows) and again when its transaction ends (a concurrent request may
 * have loaded the rows still committed in between). Another process's change is seen within the
 * caches' time (CROSS_PROCESS_MS). Every write reaches here: TypeORM's query runners (repositories,
 * query builders, m.query) through watchTableWrites, runSql's own writes through noteWrite.
 */

const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i;
/**
 * The ledger's writes change no reference data: a balance update (`UPDATE t SET balance = ...`) and
 * a ledger row (which may read the account's row): a call's provider charge must not empty the providers cache.
 */
const LEDGER_WRITE = /^\s*(UPDATE\s+\w+\s+SET\s+balance\s*=|INSERT\s+INTO\s+balance_ledger\b)/i;

interface Watcher {
  tables: RegExp;
  clear: () => void;
}

const watchers = new WeakMap<DataSource, Watcher[]>();
/** Open transactions that wrote a watched table: the watchers to clear again when they end. */
const dirty = new WeakMap<QueryRunner, Set<Watcher>>();

/** Clears `cache` whenever this process writes one of `tables` of `db`. Returns the cache. */
export function clearOnWrite<C extends Pick<TtlCache<unknown, unknown>, 'clear'>>(db: DataSource, tables: readonly string[], cache: C): C {
  const list = watchers.get(db) ?? [];
  watchers.set(db, list);
  list.push({ tables: new RegExp(`\\b(${tables.join('|')})\\b`, 'i'), clear: () => cache.clear() });
  return cache;
}

/** A statement about to run (or run) on `db`, in `runner`'s transaction when it has one open. */
export function noteWrite(db: DataSource, runner: QueryRunner | undefined, sql: string): void {
  const list = watchers.get(db);
  if (!list || !WRITE.test(sql) || LEDGER_WRITE.test(sql)) return;
  for (const w of list) {
    if (!w.tables.test(sql)) continue;
    w.clear();
    if (runner?.isTransactionActive) {
      const set = dirty.get(runner) ?? new Set();
      dirty.set(runner, set.add(w));
    }
  }
}

/** noteWrite for a statement run through `m`. */
export function noteManagerWrite(m: EntityManager, sql: string): void {
  noteWrite(m.connection, m.queryRunner, sql);
}

/** Installs the hooks on `db`'s query runners and transaction ends (once, at start: openDatabase). */
export function watchTableWrites(db: DataSource): void {
  const hooked = new WeakSet<QueryRunner>();
  const createQueryRunner = db.createQueryRunner.bind(db);
  db.createQueryRunner = ((...args: Parameters<DataSource['createQueryRunner']>) => {
    const runner = createQueryRunner(...args);
    if (!hooked.has(runner)) {
      hooked.add(runner);
      const query = runner.query.bind(runner) as (...a: unknown[]) => Promise<unknown>;
      runner.query = ((sql: string, ...rest: unknown[]) => {
        noteWrite(db, runner, sql);
        return query(sql, ...rest);
      }) as QueryRunner['query'];
    }
    return runner;
  }) as DataSource['createQueryRunner'];
  const ended = (runner: QueryRunner | undefined) => {
    const set = runner && dirty.get(runner);
    if (!set) return;
    dirty.delete(runner);
    for (const w of set) w.clear();
  };
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: (e) => ended(e.queryRunner),
    afterTransactionRollback: (e) => ended(e.queryRunner),
  };
  (db.subscribers as EntitySubscriberInterface[]).push(subscriber);
}
