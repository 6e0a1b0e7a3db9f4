import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/config';
import { declareMoneyAsText } from './exact-money';
import { FirstStartSeed } from './first-start.seed';
import { acquireSchemaLock } from './schema-lock';
import { bumpVersionsOf, watchTableWrites } from './table-writes';
import { checkpointOffTheEventLoop } from './wal-checkpointer';
import { installTransactionRules } from './transaction';

/**
 * Connects, runs pending migrations and the first-start seed before anything else can query.
 * On MySQL/MariaDB a lock row (schema-lock.ts; it works on a Galera cluster, where GET_LOCK is
 * per node) makes processes that start together take turns, so several instances behind a load
 * balancer, on one server or on several cluster nodes, never migrate or seed the same database twice.
 */
export async function openDatabase(options: DataSourceOptions, config: AppConfig): Promise<DataSource> {
  const db = await new DataSource(options).initialize();
  installTransactionRules(db);
  watchTableWrites(db);
  if (options.type === 'better-sqlite3') {
    declareMoneyAsText(db);
    checkpointOffTheEventLoop(db);
  }
  const lock = options.type === 'mysql' ? await acquireSchemaLock(db) : undefined;
  try {
    await db.runMigrations({ transaction: 'each' });
    await new FirstStartSeed(db, config).run();
    bumpVersionsOf(db);
  } finally {
    await lock?.release().catch(() => undefined);
  }
  return db;
}
