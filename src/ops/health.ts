import { DataSource } from 'typeorm';

export interface Readiness {
  ready: boolean;
  body: { status: 'ready' | 'not ready'; database: 'ok' | 'unreachable'; migrations: 'done' | 'pending' | 'unknown' };
}

const DB_TIMEOUT_MS = 2000;

/**
 * Ready when the database answers within 2 s and every migration this build knows has run.
 * The body names no host, user or error text: a probe may be less trusted than the log.
 */
export async function readiness(db: DataSource, onError: (error: unknown) => void): Promise<Readiness> {
  try {
    const executed = await withTimeout(db.query(`SELECT name FROM ${db.options.migrationsTableName ?? 'migrations'}`) as Promise<{ name: string }[]>);
    const done = new Set(executed.map((row) => row.name));
    const pending = db.migrations.some((m) => !done.has(m.name ?? m.constructor.name));
    return { ready: !pending, body: { status: pending ? 'not ready' : 'ready', database: 'ok', migrations: pending ? 'pending' : 'done' } };
  } catch (error) {
    onError(error);
    return { ready: false, body: { status: 'not ready', database: 'unreachable', migrations: 'unknown' } };
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
