import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { parseStringPromise } from 'xml2js';
import { hashPassword } from '../../src/api/access/passwords';
import { morHash, Params } from '../../src/api/hash';
import { MorRegistry } from '../../src/api/registry.service';
import { createApp } from '../../src/app.factory';
import { openingBalance } from '../../src/ledger/ledger';
import { loadConfig } from '../../src/config/config';
import { User, UserType } from '../../src/families/users/user.entity';
import { SettingsService } from '../../src/settings/settings.service';

export const ADMIN_KEY = 'test-admin-secret';
export const ADMIN_PASSWORD = 'admin-pass-1';

/** The database under test: E2E_DATABASE_URL (CI sets a MariaDB one), else in-memory SQLite. */
const TARGET = process.env.E2E_DATABASE_URL ?? 'sqlite::memory:';
export const ON_MYSQL = TARGET.startsWith('mysql');

/**
 * E2E_LOG_DIR (CI sets it): every test app logs at debug level to a file there, and every secret a
 * test sends (keys, hashes, passwords, device secrets, PINs) is listed in <pid>.secrets, so that
 * test/log-check can grep the whole suite's logs for them. Unset: test apps log nothing.
 */
export const LOG_DIR = process.env.E2E_LOG_DIR;

/** Param names whose values are secrets. */
export const SECRET_PARAMS = ['p', 'password', 'password2', 'secret', 'pin', 'api_secret_key', 'hash', 'uniquehash'];

const recorded = new Set<string>();

/** Lists a secret for the log check (values under 6 characters would match by chance). */
export function recordSecret(value: string | undefined): void {
  if (!LOG_DIR || value === undefined || value.length < 6 || recorded.has(value)) return;
  recorded.add(value);
  mkdirSync(LOG_DIR, { recursive: true });
  appendFileSync(join(LOG_DIR, `${process.pid}.secrets`), `${JSON.stringify(value)}\n`);
}

function logDestination(): pino.DestinationStream | undefined {
  if (!LOG_DIR) return undefined;
  mkdirSync(LOG_DIR, { recursive: true });
  return pino.destination({ dest: join(LOG_DIR, `${process.pid}-${Date.now()}-${counter++}.log`), sync: true });
}

export interface Signer {
  u?: string;
  key?: string;
  /** Hash these params in this order instead of the method's documented order. */
  hashOrder?: string[];
  /** Send no hash at all. */
  noHash?: boolean;
}

export interface CallOptions extends Signer {
  verb?: 'GET' | 'POST' | 'HEAD';
  /** Where params travel: query string (default), form body or JSON body. */
  via?: 'query' | 'form' | 'json';
  path?: '/billing/api/' | '/api/';
  ip?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface Reply {
  status: number;
  body: string;
  xml: any;
}

/** A running server on its own fresh database, with a signed-request client. */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    private readonly dropDatabase: () => Promise<void>,
    /** The database's URL, for a second process on the same database (startOn). */
    readonly databaseUrl: string,
  ) {}

  /** `logTo`: where this app's JSON log lines go (default: a file under E2E_LOG_DIR, or nowhere). */
  static async start(env: Record<string, string> = {}, logTo?: pino.DestinationStream): Promise<TestApp> {
    const { url, drop } = await freshDatabase();
    return TestApp.startOn(url, drop, env, logTo);
  }

  /** A server on an existing database (a restart, or a second process beside the first). */
  static async startOn(url: string, drop: () => Promise<void> = async () => undefined, env: Record<string, string> = {}, logTo?: pino.DestinationStream): Promise<TestApp> {
    const config = loadConfig({ DATABASE_URL: url, MOR_API_SECRET_KEY: ADMIN_KEY, MOR_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: LOG_DIR || logTo ? 'debug' : 'silent', ...env });
    [ADMIN_KEY, ADMIN_PASSWORD, config.apiSecretKey, config.adminPassword].forEach(recordSecret);
    const app = await createApp(config, { logDestination: logTo ?? logDestination() });
    return new TestApp(app, drop, url);
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  get settings(): SettingsService {
    return this.app.get(SettingsService);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDatabase();
  }

  /** Signs with the documented hash order (or `hashOrder`) and the given key (admin's by default). */
  async call(method: string, params: Params = {}, options: CallOptions = {}): Promise<Reply> {
    const all: Params = { u: options.u ?? 'admin', ...params };
    if (options.u === '') delete all.u;
    if (!options.noHash && all.hash === undefined) {
      const order = options.hashOrder ?? this.app.get(MorRegistry).find(method)?.options.hash ?? [];
      all.hash = morHash(all, order, options.key ?? ADMIN_KEY);
    }
    recordSecret(options.key);
    return this.send(method, all, options);
  }

  async send(method: string, params: Params, options: CallOptions = {}): Promise<Reply> {
    for (const name of SECRET_PARAMS) recordSecret(params[name]);
    const via = options.via ?? 'query';
    const query = via === 'query' ? new URLSearchParams(params).toString() : '';
    const url = `${options.path ?? '/billing/api/'}${method}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    let payload: string | undefined = options.rawBody;
    if (payload === undefined && via === 'form') {
      payload = new URLSearchParams(params).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (payload === undefined && via === 'json') {
      payload = JSON.stringify(params);
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.inject({ method: options.verb ?? 'POST', url, payload, headers, remoteAddress: options.ip ?? '127.0.0.1' });
    return { status: res.statusCode, body: res.body, xml: await parseXml(res.body) };
  }

  /** Fixture: an account straight in the database. */
  async createUser(spec: { username: string; usertype?: UserType; owner_id?: number; password?: string } & Partial<Omit<User, 'password'>>): Promise<User> {
    const repo = this.db.getRepository(User);
    const { password, ...rest } = spec;
    recordSecret(password ?? 'secret-pass-1');
    const user = repo.create({ usertype: 'user', owner_id: 0, uniquehash: `uh${spec.username}`, ...rest, password: await hashPassword(password ?? 'secret-pass-1') });
    await repo.insert(user);
    await openingBalance(this.db.manager, 'user', user.id, user.balance ?? '0');
    return repo.findOneByOrFail({ id: user.id });
  }

  /** Fixture: a reseller with its own API on and its own secret key. */
  async createReseller(username: string, key: string, extra: Partial<User> = {}): Promise<User> {
    const reseller = await this.createUser({ username, usertype: 'reseller', ...extra });
    await this.settings.set('allow_api', '1', reseller.id);
    await this.settings.set('api_secret_key', key, reseller.id);
    recordSecret(key);
    return reseller;
  }
}

export async function parseXml(body: string): Promise<any> {
  try {
    return await parseStringPromise(body, { explicitArray: false, emptyTag: '' });
  } catch {
    return null;
  }
}

let counter = 0;

export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!ON_MYSQL) {
    if (TARGET !== 'sqlite::memory:') return { url: TARGET, drop: async () => undefined };
    const file = join(tmpdir(), `mor-e2e-${process.pid}-${Date.now()}-${counter++}.sqlite`);
    const drop = async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    };
    return { url: `sqlite:${file}`, drop };
  }
  const base = new URL(TARGET);
  const name = `mor_e2e_${process.pid}_${Date.now()}_${counter++}`;
  const admin = await createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  base.pathname = `/${name}`;
  return {
    url: base.toString(),
    drop: async () => {
      const c = await createConnection({ host: base.hostname, port: Number(base.port || 3306), user: decodeURIComponent(base.username), password: decodeURIComponent(base.password) });
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

/** The text of a reply's error wherever its envelope puts it. */
export function errorOf(xml: any): string | undefined {
  return xml?.page?.error ?? xml?.page?.status?.error ?? xml?.error ?? xml?.status?.error ?? xml?.action?.status_message;
}
