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

/** A statement naming one of `tables` (as a whole word: `customrates` does not name `rates`). */
function tablesPattern(tables: readonly string[]): RegExp {
  return new RegExp(`\\b(${tables.join('|')})\\b`, 'i');
}

/**
 * Tables kept whole in memory (a tariff's prefixes, the destinations: reference-versions.ts). Every
 * write to one also bumps its counter row, in the writing transaction (right after the statement
 * outside one), so other processes learn of the change by reading one small table.
 */
const VERSIONED = [
  { name: 'rates', tables: ['rates', 'ratedetails'] },
  { name: 'destinations', tables: ['destinations'] },
].map((v) => ({ ...v, pattern: tablesPattern(v.tables) }));
/** The tables VERSIONED counts the writes of (what ReferenceVersions watches). */
export const VERSIONED_TABLES: readonly string[] = VERSIONED.flatMap((v) => v.tables);
const VERSION_BUMP = /^\s*UPDATE\s+reference_versions\b/i;
/** Databases whose schema has reference_versions (set once migrations ran: openDatabase). */
const bumping = new WeakSet<DataSource>();
const bumpStatements = new Map<string, string>();

export function bumpVersionsOf(db: DataSource): void {
  bumping.add(db);
  effects.delete(db);
}

/** The statement that bumps the counters of what a write statement `sql` changes, or null. */
function versionBumpFor(db: DataSource, sql: string): string | null {
  if (!bumping.has(db) || VERSION_BUMP.test(sql)) return null;
  const names = VERSIONED.filter((v) => v.pattern.test(sql)).map((v) => `'${v.name}'`).join(', ');
  if (names === '') return null;
  let bump = bumpStatements.get(names);
  if (!bump) bumpStatements.set(names, (bump = `UPDATE reference_versions SET version = version + 1 WHERE name IN (${names})`));
  return bump;
}

interface Watcher {
  tables: RegExp;
  clear: () => void;
}

const watchers = new WeakMap<DataSource, Watcher[]>();

/** What a statement does to caches and counters: the watchers it clears, the counter bump it needs. */
interface WriteEffect {
  watchers: readonly Watcher[];
  bump: string | null;
}
/** Per data source, each statement text's effect (null: none), worked out once (a handful of regex tests per watcher otherwise). */
const effects = new WeakMap<DataSource, Map<string, WriteEffect | null>>();
/** Texts remembered per data source; all are forgotten when full (texts with inlined values are unbounded). */
const MAX_EFFECTS = 5000;

function effectOf(db: DataSource, sql: string): WriteEffect | null {
  let known = effects.get(db);
  if (!known) effects.set(db, (known = new Map()));
  let effect = known.get(sql);
  if (effect === undefined) {
    const writes = WRITE.test(sql) && !LEDGER_WRITE.test(sql);
    const cleared = writes ? (watchers.get(db) ?? []).filter((w) => w.tables.test(sql)) : [];
    const bump = writes ? versionBumpFor(db, sql) : null;
    effect = cleared.length > 0 || bump ? { watchers: cleared, bump } : null;
    if (known.size >= MAX_EFFECTS) known.clear();
    known.set(sql, effect);
  }
  return effect;
}
/** Open transactions that wrote a watched table: the watchers to clear again when they end. */
const dirty = new WeakMap<QueryRunner, Set<Watcher>>();

/** Clears `cache` whenever this process writes one of `tables` of `db`. Returns the cache. */
export function clearOnWrite<C extends Pick<TtlCache<unknown, unknown>, 'clear'>>(db: DataSource, tables: readonly string[], cache: C): C {
  const list = watchers.get(db) ?? [];
  watchers.set(db, list);
  list.push({ tables: tablesPattern(tables), clear: () => cache.clear() });
  effects.delete(db);
  return cache;
}

/**
 * A statement about to run (or run) on `db`, in `runner`'s transaction when it has one open. Answers
 * the statement the caller runs right after it, on the same connection, when it changes a table
 * kept whole in memory (the counter bump), else null.
 */
export function noteWrite(db: DataSource, runner: QueryRunner | undefined, sql: string): string | null {
  const effect = effectOf(db, sql);
  if (!effect) return null;
  for (const w of effect.watchers) {
    w.clear();
    if (runner?.isTransactionActive) {
      const set = dirty.get(runner) ?? new Set();
      dirty.set(runner, set.add(w));
    }
  }
  return effect.bump;
}

/** noteWrite for a statement run through `m`. */
export function noteManagerWrite(m: EntityManager, sql: string): string | null {
  return noteWrite(m.connection, m.queryRunner, sql);
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
        const bump = noteWrite(db, runner, sql);
        const result = query(sql, ...rest);
        return bump ? result.then(async (answer) => (await query(bump), answer)) : result;
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
