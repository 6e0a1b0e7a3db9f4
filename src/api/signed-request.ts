import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../database/unique';
import type { MorContext } from './context';
import type { Params } from './hash';
import { MorError } from './mor-error';

/**
 * Signed requests (beyond MOR; docs/signed-requests.md): an HMAC-SHA256, with the signer's API
 * secret key, over the method, a timestamp and every param, checked instead of MOR's SHA1 hash
 * for a signer whose `api_signed_requests` setting is on. MOR's hash binds neither the method nor
 * the unhashed params and can be replayed forever; this one binds all three and is used once.
 */
export const SIGNED_REQUEST = {
  /** First line of the string to sign. */
  scheme: 'MOR-HMAC-SHA256',
  /** Seconds a timestamp may differ from the server's clock, either way. */
  windowSeconds: 300,
  /** The params carrying the timestamp and the signature. */
  tsParam: 'ts',
  signatureParam: 'signature',
} as const;

/** Our texts (no MOR counterpart), in the method's error envelope like every refusal. */
export const SIGNED_TEXTS = {
  required: 'Signed request required',
  badTimestamp: 'Request timestamp is out of window',
  incorrect: 'Incorrect signature',
  replayed: 'Request was already used',
} as const;

/** RFC 3986 percent-encoding of the UTF-8 bytes: only A-Z a-z 0-9 - . _ ~ stay as they are; hex digits upper case. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The string to sign, four lines joined by "\n": the scheme, the method name as called, the `ts`
 * value, and every param but `signature` as `name=value` pairs joined by `&`, both percent-encoded,
 * sorted by encoded name then encoded value (byte order). An uploaded file is a pair whose value
 * is the lower-case hex SHA-256 of its bytes.
 */
export function canonicalRequest(method: string, params: Params, files: Record<string, Buffer> = {}): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (name !== SIGNED_REQUEST.signatureParam && value !== undefined) pairs.push(`${percentEncode(name)}=${percentEncode(value)}`);
  }
  for (const [name, content] of Object.entries(files)) pairs.push(`${percentEncode(name)}=${createHash('sha256').update(content).digest('hex')}`);
  // Encoded text is ASCII, so comparing code units is comparing bytes.
  pairs.sort((a, b) => compareBy(a, b));
  return [SIGNED_REQUEST.scheme, method, params[SIGNED_REQUEST.tsParam] ?? '', pairs.join('&')].join('\n');
}

function compareBy(a: string, b: string): number {
  const [an, av] = splitPair(a);
  const [bn, bv] = splitPair(b);
  if (an !== bn) return an < bn ? -1 : 1;
  return av < bv ? -1 : av > bv ? 1 : 0;
}

function splitPair(pair: string): [string, string] {
  const at = pair.indexOf('=');
  return [pair.slice(0, at), pair.slice(at + 1)];
}

/** The lower-case hex HMAC-SHA256 of the canonical request with the signer's secret key. */
export function signRequest(method: string, params: Params, key: string, files: Record<string, Buffer> = {}): string {
  return createHmac('sha256', key).update(canonicalRequest(method, params, files), 'utf8').digest('hex');
}

const SIGNATURE_FORMAT = /^[0-9a-fA-F]{64}$/;
const TS_FORMAT = /^\d{1,12}$/;
/** Expired replay-cache rows are deleted at most this often per process. */
const PURGE_EVERY_MS = 60_000;

/** Verifies a signed request and records its signature, so the same request is refused inside the window. */
@Injectable()
export class SignedRequests {
  private purgedAt = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async verify(mor: MorContext, key: string, nowMs = Date.now()): Promise<void> {
    const sent = mor.params[SIGNED_REQUEST.signatureParam];
    if (sent === undefined || !SIGNATURE_FORMAT.test(sent)) throw new MorError(SIGNED_TEXTS.required);
    const ts = mor.params[SIGNED_REQUEST.tsParam] ?? '';
    const now = Math.floor(nowMs / 1000);
    if (!TS_FORMAT.test(ts) || Math.abs(now - Number(ts)) > SIGNED_REQUEST.windowSeconds) throw new MorError(SIGNED_TEXTS.badTimestamp);
    const expected = Buffer.from(signRequest(mor.calledAs, mor.params, key, mor.files), 'hex');
    if (!key || !timingSafeEqual(expected, Buffer.from(sent, 'hex'))) throw new MorError(SIGNED_TEXTS.incorrect);
    await this.useOnce(sent.toLowerCase(), Number(ts) + SIGNED_REQUEST.windowSeconds, now);
  }

  /**
   * The unique index decides, atomically across processes, whether this signature was seen. Plain
   * statements, no transaction of our own: on SQLite's one connection a transaction rolled back on
   * the unique violation would take with it the writes other requests interleave with it, while a
   * failed statement rolls back only itself. (The other way round, a record written while another
   * request's SQLite transaction is open shares that transaction's fate; MariaDB autocommits it.)
   */
  private async useOnce(signature: string, expiresAt: number, now: number): Promise<void> {
    if (Date.now() - this.purgedAt > PURGE_EVERY_MS) {
      this.purgedAt = Date.now();
      await this.db.query('DELETE FROM api_signed_requests WHERE expires_at < ?', [now]);
    }
    try {
      await this.db.query('INSERT INTO api_signed_requests (signature, expires_at) VALUES (?, ?)', [signature, expiresAt]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new MorError(SIGNED_TEXTS.replayed);
      throw error;
    }
  }
}
