import { hash, timingSafeEqual } from 'node:crypto';

export type Params = Record<string, string>;

/** MOR's hash: SHA1 of the hash params' values in order (absent ones skipped), then the key. */
export function morHash(params: Params, order: readonly string[], secretKey: string): string {
  let text = '';
  for (const name of order) if (params[name] !== undefined) text += params[name];
  // crypto.hash: the one-shot form of createHash().update().digest(), without a Hash object per call.
  return hash('sha1', text + secretKey, 'hex');
}

/** Compares two secrets in constant time: equal-length digests, whatever the inputs' lengths. */
export function safeEqual(given: string, expected: string): boolean {
  const a = hash('sha256', given, 'buffer');
  const b = hash('sha256', expected, 'buffer');
  return timingSafeEqual(a, b);
}

/** Constant-time check of a client's hash (hex, any case) against every accepted order. */
export function hashMatches(provided: string | undefined, params: Params, orders: readonly (readonly string[])[], secretKey: string): boolean {
  const given = (provided ?? '').toLowerCase();
  let matched = false;
  for (const order of orders) matched = safeEqual(given, morHash(params, order, secretKey)) || matched;
  return provided !== undefined && matched;
}
