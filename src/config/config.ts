import { parseAddressList } from '../ops/address-list';

export type LogLevel = 'silent' | 'error' | 'warn' | 'log' | 'debug';
export type LogFormat = 'auto' | 'json' | 'pretty';

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
  logLevel: LogLevel;
  /** auto: pretty when stdout is a terminal, JSON lines otherwise. */
  logFormat: LogFormat;
  /** Who may read /health/* and /metrics besides loopback; empty: everyone. */
  opsAllowedIps: string[];
  /** Serve the API explorer page at /explorer. */
  apiExplorer: boolean;
  /** How often the server runs its periodic jobs (subscription charging, monitorings); 0 turns them off. */
  jobsIntervalSeconds: number;
  /** Where call recordings' files are. */
  recordingsDir: string;
  /** The URL prefix of a recording's mp3_url. */
  recordingsUrl: string;
  /** Connect, login and each manager-interface action must answer within this. */
  amiTimeoutMs: number;
  /** The server runs the autodialer every this many seconds; 0: off. */
  autodialerPollSeconds: number;
  /** Where invoice files (XLSX from invoice_xlsx_generate, PDFs from the CLI) are written. */
  invoiceFilesDir: string;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/mor.sqlite';

interface Variable {
  name: string;
  default: string;
  help: string;
  /** Returns the value for AppConfig, or throws an Error whose message says what is accepted. */
  parse: (value: string | undefined) => unknown;
  key: keyof AppConfig;
}

const LOG_LEVELS: LogLevel[] = ['silent', 'error', 'warn', 'log', 'debug'];

/** Every environment variable the server and the CLI read: the one place they are parsed. */
export const VARIABLES: readonly Variable[] = [
  { name: 'PORT', key: 'port', default: '3000', help: 'TCP port to listen on (0-65535)', parse: parsePort },
  { name: 'HOST', key: 'host', default: '0.0.0.0', help: 'address to listen on', parse: (v) => parseHost(v ?? '0.0.0.0') },
  { name: 'DATABASE_URL', key: 'databaseUrl', default: DEFAULT_DATABASE_URL, help: 'sqlite:<file> or mysql://user:pass@host:3306/db', parse: parseDatabaseUrl },
  { name: 'TRUST_PROXY', key: 'trustProxy', default: 'false', help: 'trust X-Forwarded-For: true, a hop count, or proxy addresses/CIDRs', parse: parseTrustProxy },
  { name: 'MOR_ADMIN_PASSWORD', key: 'adminPassword', default: '(generated)', help: "the admin's password on the first start", parse: optionalSecret },
  { name: 'MOR_API_SECRET_KEY', key: 'apiSecretKey', default: '(generated)', help: "the admin's API secret key on the first start", parse: optionalSecret },
  { name: 'LOG_LEVEL', key: 'logLevel', default: 'log', help: `${LOG_LEVELS.join(', ')} (log = one line per request)`, parse: (v) => oneOf(v ?? 'log', LOG_LEVELS) },
  { name: 'LOG_FORMAT', key: 'logFormat', default: 'auto', help: 'auto (pretty on a terminal, else JSON lines), json or pretty', parse: (v) => oneOf(v ?? 'auto', ['auto', 'json', 'pretty']) },
  { name: 'OPS_ALLOWED_IPS', key: 'opsAllowedIps', default: '(everyone)', help: 'addresses/CIDRs that may read /health/* and /metrics (loopback always may)', parse: (v) => parseAddressList(v ?? '') },
  { name: 'API_EXPLORER', key: 'apiExplorer', default: 'off', help: 'on: serve the API explorer page at /explorer', parse: (v) => parseSwitch(v ?? 'off') },
  { name: 'JOBS_INTERVAL_SECONDS', key: 'jobsIntervalSeconds', default: '300', help: 'how often the server charges subscriptions and checks monitorings (0: off; then `charge run` / `monitoring run` from cron)', parse: wholeNumber(300) },
  { name: 'MOR_RECORDINGS_DIR', key: 'recordingsDir', default: './data/recordings', help: "where call recordings' files are (recordings_delete removes them with their rows)", parse: (v) => v ?? './data/recordings' },
  { name: 'MOR_RECORDINGS_URL', key: 'recordingsUrl', default: '/billing/recordings/', help: "prefix of a recording's <mp3_url>", parse: (v) => v ?? '/billing/recordings/' },
  { name: 'MOR_AMI_TIMEOUT_MS', key: 'amiTimeoutMs', default: '5000', help: 'connecting, logging in to and each action on an Asterisk manager interface must answer within this', parse: wholeNumber(5000) },
  { name: 'MOR_AUTODIALER_POLL_SECONDS', key: 'autodialerPollSeconds', default: '60', help: 'the server runs the autodialer this often (0: off; then `autodialer-run` from cron)', parse: wholeNumber(60) },
  { name: 'DB_POOL_SIZE', key: 'dbPoolSize', default: '10', help: 'MariaDB connections per process (1-1000)', parse: (v) => {
    const n = wholeNumber(10)(v);
    if (n < 1 || n > 1000) throw new Error('must be 1-1000');
    return n;
  } },
  { name: 'INVOICE_FILES_DIR', key: 'invoiceFilesDir', default: './data/invoices', help: 'where invoice_xlsx_generate writes <number>.xlsx', parse: (v) => v ?? './data/invoices' },
];

/** Reads every variable; a bad one (or several) stops the start with one line per problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const config: Partial<Record<keyof AppConfig, unknown>> = {};
  const problems: string[] = [];
  for (const variable of VARIABLES) {
    const raw = env[variable.name];
    try {
      config[variable.key] = variable.parse(raw === '' ? undefined : raw);
    } catch (error) {
      problems.push(`${variable.name}=${JSON.stringify(shown(variable, raw))}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config as unknown as AppConfig;
}

/** The variables as a table for `--help`. */
export function variablesHelp(): string {
  const width = Math.max(...VARIABLES.map((v) => v.name.length));
  return VARIABLES.map((v) => `  ${v.name.padEnd(width)}  ${v.help} (default: ${v.default})`).join('\n');
}

/** A secret's value (or a URL's credentials) is never echoed in an error message. */
function shown(variable: Variable, raw: string | undefined): string {
  if (variable.key === 'adminPassword' || variable.key === 'apiSecretKey') return '(hidden)';
  return variable.key === 'databaseUrl' ? (raw ?? '').replace(/\/\/[^@/]*@/, '//***@') : (raw ?? '');
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 3000;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error('must be a whole number 0-65535');
  return Number(value);
}

function parseHost(value: string): string {
  if (!/^[A-Za-z0-9.:_-]+$/.test(value)) throw new Error('must be an IP address or host name');
  return value;
}

function parseDatabaseUrl(value: string | undefined): string {
  const url = value ?? DEFAULT_DATABASE_URL;
  if (url.startsWith('sqlite:')) return url;
  if (!/^(mysql|mariadb):\/\//.test(url)) throw new Error('must be sqlite:<file> or mysql://user:pass@host:port/db');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('is not a valid URL (percent-encode special characters in the user and password)');
  }
  if (!parsed.hostname || parsed.pathname.replace(/^\//, '') === '') throw new Error('must name a host and a database: mysql://user:pass@host:port/db');
  return url;
}

/** A whole number (0 or more), or the default when not set. */
function wholeNumber(dflt: number): (value: string | undefined) => number {
  return (value) => {
    if (value === undefined) return dflt;
    if (!/^\d{1,9}$/.test(value)) throw new Error('must be a whole number (0 or more)');
    return Number(value);
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  parseAddressList(value);
  return value;
}

function optionalSecret(value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() !== value) throw new Error('must not begin or end with white space');
  return value;
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`must be one of ${allowed.join(', ')}`);
  return value as T;
}

function parseSwitch(value: string): boolean {
  const v = value.toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  throw new Error('must be on or off (1/0, true/false, yes/no)');
}
