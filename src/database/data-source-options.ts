import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { registerMoneyFunctions } from './exact-money';

/** Entities and migrations are found by file name, so each family brings its own. */
const ROOT = join(__dirname, '..');
const ENTITIES = [join(ROOT, '**/*.entity.{ts,js}')];
const MIGRATIONS = [join(ROOT, '**/migrations/*-*.{ts,js}')];

export type DatabaseKind = 'sqlite' | 'mysql';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/** The same options serve the app, the CLI, the tests and the TypeORM CLI (ormconfig.ts). */
/** The MariaDB pool size when DB_POOL_SIZE is not set. */
export const DEFAULT_POOL_SIZE = 10;

export function dataSourceOptions(url: string, poolSize = DEFAULT_POOL_SIZE): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsTableName: 'schema_migrations', synchronize: false, logging: false } as const;
  if (databaseKind(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers run beside the single writer; busy_timeout waits instead of failing.
      // synchronous = NORMAL is SQLite's advice for WAL: a commit is durable against a crash of the
      // process (or of the application server) and the database is never corrupted; only an OS crash
      // or power loss may drop the last commits before a checkpoint. FULL fsyncs the WAL on every
      // commit, and better-sqlite3 runs on the event loop: ~3 ms of a stalled process per
      // transaction on this machine's disk (issue 9: call lifecycles).
      prepareDatabase: (db: { pragma(sql: string): unknown } & Parameters<typeof registerMoneyFunctions>[0]) => {
        registerMoneyFunctions(db);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        // The page cache of the one connection: 64 MB instead of SQLite's 2 MB, so the b-trees of the
        // big tables' indexes (calls: 6) stay in memory instead of being read again through the OS for
        // every insert (issue 9: CDR import).
        db.pragma('cache_size = -65536');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  const u = new URL(url);
  const socket = u.searchParams.get('socket');
  return {
    ...common,
    type: 'mysql',
    host: u.hostname,
    port: Number(u.port || 3306),
    // `?socket=/run/mysqld/mysqld.sock`: a server on this host through its Unix socket instead of TCP.
    ...(socket ? { socketPath: socket } : {}),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
    charset: 'utf8mb4',
    // DECIMAL arrives as string and BIGINT as string: no precision is lost on the way in.
    supportBigNumbers: true,
    bigNumberStrings: true,
    // DATE columns stay 'YYYY-MM-DD' strings, as MOR prints them, whatever the server's time zone.
    dateStrings: ['DATE'],
    // trace off: mysql2 would capture a stack trace at every query TypeORM sends (Error.captureStackTrace,
    // ~30 µs each, 3% of a call lifecycle's CPU) only to decorate a driver error; TypeORM's
    // QueryFailedError carries the statement, and its own stack, either way.
    extra: { connectionLimit: poolSize, trace: false },
  };
}
