import 'reflect-metadata';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { parseStringPromise } from 'xml2js';
import { hashPassword } from '../../src/api/access/passwords';
import { morHash, Params } from '../../src/api/hash';
import { MorRegistry } from '../../src/api/registry.service';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { User, UserType } from '../../src/families/users/user.entity';
import { SettingsService } from '../../src/settings/settings.service';

export const ADMIN_KEY = 'test-admin-secret';
export const ADMIN_PASSWORD = 'admin-pass-1';

/** The database under test: E2E_DATABASE_URL (CI sets a MariaDB one), else in-memory SQLite. */
const TARGET = process.env.E2E_DATABASE_URL ?? 'sqlite::memory:';
export const ON_MYSQL = TARGET.startsWith('mysql');

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
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const { url, drop } = await freshDatabase();
    return TestApp.startOn(url, drop, env);
  }

  /** A server on an existing database (a restart, or a second process beside the first). */
  static async startOn(url: string, drop: () => Promise<void> = async () => undefined, env: Record<string, string> = {}): Promise<TestApp> {
    const config = loadConfig({ DATABASE_URL: url, MOR_API_SECRET_KEY: ADMIN_KEY, MOR_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });
    const app = await createApp(config, false);
    return new TestApp(app, drop);
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
    return this.send(method, all, options);
  }

  async send(method: string, params: Params, options: CallOptions = {}): Promise<Reply> {
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
    const user = repo.create({ usertype: 'user', owner_id: 0, uniquehash: `uh${spec.username}`, ...rest, password: await hashPassword(password ?? 'secret-pass-1') });
    await repo.insert(user);
    return repo.findOneByOrFail({ id: user.id });
  }

  /** Fixture: a reseller with its own API on and its own secret key. */
  async createReseller(username: string, key: string, extra: Partial<User> = {}): Promise<User> {
    const reseller = await this.createUser({ username, usertype: 'reseller', ...extra });
    await this.settings.set('allow_api', '1', reseller.id);
    await this.settings.set('api_secret_key', key, reseller.id);
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
  return xml?.page?.error ?? xml?.page?.status?.error ?? xml?.error ?? xml?.action?.status_message;
}
