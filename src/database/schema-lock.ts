import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * The lock that makes processes starting together on one MySQL/MariaDB database take turns to
 * migrate and seed. It is a row, not GET_LOCK: a named lock lives in one server, so on a Galera
 * cluster two processes on two nodes would both get it. A row with a primary key is replicated and
 * certified like any write: of two nodes inserting it at once, one commits and the other's insert
 * fails (duplicate key or a certification conflict), so exactly one process holds it.
 *
 * The holder renews `expires_at` while it works; a holder that died (kill -9) leaves a row that
 * expires, and the next process takes it over with a conditional UPDATE. Times are the database's
 * clock (UNIX_TIMESTAMP()), so processes on different machines agree.
 */
export const SCHEMA_LOCK_TABLE = 'mor_schema_lock';

export interface SchemaLockOptions {
  name?: string;
  /** Give up after this many seconds of waiting. */
  waitSeconds?: number;
  /** A claim lives this long unless renewed. */
  ttlSeconds?: number;
  /** Poll interval while another process holds the lock. */
  pollMs?: number;
}

export interface HeldLock {
  holder: string;
  release(): Promise<void>;
}

const DEFAULTS = { name: 'schema', waitSeconds: 300, ttlSeconds: 60, pollMs: 250 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The driver's error number of a failed query (TypeORM wraps it in driverError). */
function errnoOf(error: unknown): number | undefined {
  const e = ((error as { driverError?: unknown })?.driverError ?? error) as { errno?: unknown } | null;
  return typeof e?.errno === 'number' ? e.errno : undefined;
}

/** Duplicate key, deadlock (Galera's certification conflict answers 1213 too), lock wait timeout: another process won this round. */
const LOST_RACE = new Set([1062, 1213, 1205]);

async function tryClaim(db: DataSource, name: string, holder: string, ttl: number): Promise<boolean> {
  try {
    await db.query(`INSERT INTO ${SCHEMA_LOCK_TABLE} (name, holder, expires_at) VALUES (?, ?, UNIX_TIMESTAMP() + ?)`, [name, holder, ttl]);
    return true;
  } catch (e) {
    if (!LOST_RACE.has(errnoOf(e) ?? 0)) throw e;
  }
  try {
    const result = await db.query(`UPDATE ${SCHEMA_LOCK_TABLE} SET holder = ?, expires_at = UNIX_TIMESTAMP() + ? WHERE name = ? AND expires_at < UNIX_TIMESTAMP()`, [holder, ttl, name]);
    return Number((result as { affectedRows?: number }).affectedRows ?? 0) === 1;
  } catch (e) {
    if (LOST_RACE.has(errnoOf(e) ?? 0)) return false;
    throw e;
  }
}

/** Waits for and claims the lock row; the returned handle renews it until release(). */
export async function acquireSchemaLock(db: DataSource, options: SchemaLockOptions = {}): Promise<HeldLock> {
  const { name, waitSeconds, ttlSeconds, pollMs } = { ...DEFAULTS, ...options };
  await db.query(`CREATE TABLE IF NOT EXISTS ${SCHEMA_LOCK_TABLE} (name VARCHAR(64) NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL) ENGINE=InnoDB`);
  const holder = randomUUID();
  const deadline = Date.now() + waitSeconds * 1000;
  while (!(await tryClaim(db, name, holder, ttlSeconds))) {
    if (Date.now() > deadline) throw new Error(`Another process held the schema lock for ${waitSeconds} s`);
    await sleep(pollMs + Math.floor(Math.random() * pollMs));
  }
  const renew = setInterval(() => {
    void db.query(`UPDATE ${SCHEMA_LOCK_TABLE} SET expires_at = UNIX_TIMESTAMP() + ? WHERE name = ? AND holder = ?`, [ttlSeconds, name, holder]).catch(() => undefined);
  }, Math.max(1000, (ttlSeconds * 1000) / 3));
  renew.unref();
  return {
    holder,
    release: async () => {
      clearInterval(renew);
      await db.query(`DELETE FROM ${SCHEMA_LOCK_TABLE} WHERE name = ? AND holder = ?`, [name, holder]);
    },
  };
}
