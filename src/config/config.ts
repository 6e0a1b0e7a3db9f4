/** Typed environment, read and validated once at start. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** MariaDB/MySQL connection pool size (DB_POOL_SIZE). */
  dbPoolSize: number;
  /** Trust X-Forwarded-For (true, a hop count, or a list of proxy addresses/CIDRs). */
  trustProxy: boolean | number | string;
  adminPassword?: string;
  apiSecretKey?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/mor.sqlite';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be sqlite:<file> or mysql://user:pass@host:port/db');
  }
  const dbPoolSize = Number(env.DB_POOL_SIZE ?? 10);
  if (!Number.isInteger(dbPoolSize) || dbPoolSize < 1 || dbPoolSize > 1000) throw new Error(`DB_POOL_SIZE must be 1-1000, got "${env.DB_POOL_SIZE}"`);
  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) throw new Error('LOG_LEVEL must be error, warn, log or debug');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dbPoolSize,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    adminPassword: env.MOR_ADMIN_PASSWORD || undefined,
    apiSecretKey: env.MOR_API_SECRET_KEY || undefined,
    logLevel,
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
