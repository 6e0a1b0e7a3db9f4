/** Typed environment, read and validated once at start. */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** Trust X-Forwarded-For (true, a hop count, or a list of proxy addresses/CIDRs). */
  trustProxy: boolean | number | string;
  adminPassword?: string;
  apiSecretKey?: string;
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /** How often the server runs its periodic jobs (subscription charging); 0 turns them off. */
  jobsIntervalSeconds: number;
  /** Where call recordings' files are (MOR_RECORDINGS_DIR; default ./data/recordings). */
  recordingsDir: string;
  /** The URL prefix of a recording's mp3_url (MOR_RECORDINGS_URL; default /billing/recordings/). */
  recordingsUrl: string;
  /** Connect, login and each manager-interface action must answer within this (MOR_AMI_TIMEOUT_MS; default 5000). */
  amiTimeoutMs: number;
  /** The server runs the autodialer every this many seconds (MOR_AUTODIALER_POLL_SECONDS; default 60; 0: off). */
  autodialerPollSeconds: number;
  /** Where invoice files (XLSX from invoice_xlsx_generate, PDFs from the CLI) are written. */
  invoiceFilesDir: string;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/mor.sqlite';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${env.PORT}"`);
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (!/^(sqlite:|mysql:\/\/|mariadb:\/\/)/.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be sqlite:<file> or mysql://user:pass@host:port/db');
  }
  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) throw new Error('LOG_LEVEL must be error, warn, log or debug');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    adminPassword: env.MOR_ADMIN_PASSWORD || undefined,
    apiSecretKey: env.MOR_API_SECRET_KEY || undefined,
    logLevel,
    jobsIntervalSeconds: nonNegative(env, 'JOBS_INTERVAL_SECONDS', 300),
    recordingsDir: env.MOR_RECORDINGS_DIR || './data/recordings',
    recordingsUrl: env.MOR_RECORDINGS_URL || '/billing/recordings/',
    amiTimeoutMs: nonNegative(env, 'MOR_AMI_TIMEOUT_MS', 5000),
    autodialerPollSeconds: nonNegative(env, 'MOR_AUTODIALER_POLL_SECONDS', 60),
    invoiceFilesDir: env.INVOICE_FILES_DIR || './data/invoices',
  };
}

function nonNegative(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (!/^\d{1,9}$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
