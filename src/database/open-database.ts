import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/config';
import { FirstStartSeed } from './first-start.seed';
import { installTransactionRules } from './transaction';

const LOCK = 'mor_api_schema';
const LOCK_WAIT_SECONDS = 300;

/**
 * Connects, runs pending migrations and the first-start seed before anything else can query.
 * On MySQL/MariaDB a named lock makes processes that start together take turns, so several
 * instances behind a load balancer never migrate or seed the same database twice.
 */
export async function openDatabase(options: DataSourceOptions, config: AppConfig): Promise<DataSource> {
  const db = await new DataSource(options).initialize();
  const mysql = options.type === 'mysql';
  installTransactionRules(db);
  const runner = db.createQueryRunner();
  try {
    if (mysql) {
      const [{ got }] = await runner.query('SELECT GET_LOCK(?, ?) AS got', [LOCK, LOCK_WAIT_SECONDS]);
      if (Number(got) !== 1) throw new Error(`Another process held the schema lock for ${LOCK_WAIT_SECONDS} s`);
    }
    await db.runMigrations({ transaction: 'each' });
    await new FirstStartSeed(db, config).run();
  } finally {
    if (mysql) await runner.query('SELECT RELEASE_LOCK(?)', [LOCK]).catch(() => undefined);
    await runner.release();
  }
  return db;
}
