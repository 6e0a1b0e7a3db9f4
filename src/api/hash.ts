import { hash, timingSafeEqual } from 'node:crypto';
import { MOR_GLOBAL_HASH_ORDER, MOR_HASH_NORMALISE, MOR_METHOD_HASH_LISTS, MOR_NEVER_HASHED, MOR_NUMBER_NOT_HASHED_FOR } from './mor-hash-order';

export type Params = Record<string, string>;

const sha1 = (text: string): string => hash('sha1', text, 'hex');

/** The hash params' values in order (absent ones skipped), as they are hashed before the key. */
function orderedText(params: Params, order: readonly string[]): string {
  let text = '';
  for (const name of order) if (params[name] !== undefined) text += params[name];
  return text;
}

/** MOR's hash: SHA1 of the hash params' values in order (absent ones skipped), then the key. */
export function morHash(params: Params, order: readonly string[], secretKey: string): string {
  // crypto.hash: the one-shot form of createHash().update().digest(), without a Hash object per call.
  return sha1(orderedText(params, order) + secretKey);
}

/** A value as MOR's global walk hashes it, or undefined when MOR drops it. */
function globalValue(name: string, value: string): string | undefined {
  const rule = MOR_HASH_NORMALISE[name];
  if (rule === undefined) return value;
  // Ruby's to_i.to_s of a digit string: its digits without leading zeros ('0' for none). Not
  // through BigInt: parsing a long digit string is quadratic (70,000 digits: 29 ms; 10^7: minutes).
  if (rule === 'int') return /^\d*$/.test(value) ? value.replace(/^0+/, '') || '0' : undefined;
  return rule.test(value) ? value : undefined;
}

/**
 * The text MOR's own server hashes (before the key) for a request to `method` (06 §2.1): its
 * per-method list with raw values when it has one, else the values of the sent params that stand
 * in the global order of 209 names, normalised, with MOR's quirks.
 */
export function morServerText(method: string, params: Params): string {
  const own = MOR_METHOD_HASH_LISTS[method];
  if (own) return method === 'quickstats_get' && params.u === 'admin' ? '' : orderedText(params, own);
  // The sent params (a handful) put in the global order, rather than a walk of all 209 names.
  const sent: number[] = [];
  for (const name in params) {
    const position = GLOBAL_POSITION.get(name);
    if (position !== undefined && params[name] !== undefined) sent.push(position);
  }
  sent.sort((a, b) => a - b);
  let text = '';
  for (const position of sent) {
    const name = MOR_GLOBAL_HASH_ORDER[position];
    if (MOR_NEVER_HASHED.has(name)) continue;
    if (name === 'number' && method === MOR_NUMBER_NOT_HASHED_FOR) continue;
    text += globalValue(name, params[name]) ?? '';
  }
  return text;
}

/** Each name's place in MOR's global hash order. */
const GLOBAL_POSITION = new Map(MOR_GLOBAL_HASH_ORDER.map((name, position) => [name, position]));

/** Compares two secrets in constant time: equal-length digests, whatever the inputs' lengths. */
export function safeEqual(given: string, expected: string): boolean {
  const a = hash('sha256', given, 'buffer');
  const b = hash('sha256', expected, 'buffer');
  return timingSafeEqual(a, b);
}

/**
 * Whether a request's hash is valid for `method`: it matches one of the method's documented
 * orders (`orders`) or the hash MOR's own server computes for the same request (morServerText).
 */
export function requestHashMatches(provided: string | undefined, method: string, params: Params, orders: readonly (readonly string[])[], secretKey: string): boolean {
  const texts = orders.map((order) => orderedText(params, order));
  texts.push(morServerText(method, params));
  return anyDigestMatches(provided, texts, secretKey);
}

/**
 * Constant-time check of a client's hash (hex, any case) against every candidate text: the
 * digests are compared as 40 lowercase hex digits (sameHex; a value that is not 40 hex digits
 * matches nothing), every candidate is computed and compared whatever the outcome.
 */
function anyDigestMatches(provided: string | undefined, texts: readonly string[], secretKey: string): boolean {
  const valid = provided !== undefined && HEX_SHA1.test(provided);
  const given = valid ? provided.toLowerCase() : NO_DIGEST;
  let matched = false;
  for (const text of new Set(texts)) matched = sameHex(given, sha1(text + secretKey)) || matched;
  return valid && matched;
}

/**
 * Two 40-digit lowercase hex digests compared in constant time: every character is looked at
 * whatever differs (timingSafeEqual would need two Buffers per candidate, which cost more than the digest).
 */
function sameHex(a: string, b: string): boolean {
  let difference = 0;
  for (let i = 0; i < 40; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

const HEX_SHA1 = /^[0-9a-fA-F]{40}$/;
/** Compared when the client's value is no digest at all, so the work done is the same. */
const NO_DIGEST = '0'.repeat(40);
