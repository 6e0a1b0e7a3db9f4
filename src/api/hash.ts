import { createHash, timingSafeEqual } from 'node:crypto';

export type Params = Record<string, string>;

/** MOR's hash: SHA1 of the hash params' values in order (absent ones skipped), then the key. */
export function morHash(params: Params, order: readonly string[], secretKey: string): string {
  const values = order.filter((name) => params[name] !== undefined).map((name) => params[name]);
  return createHash('sha1').update(values.join('') + secretKey, 'utf8').digest('hex');
}

/** Compares two secrets in time that depends only on their lengths' digest, not their content. */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given === expected;
}

/** Constant-time check of a client's hash (hex, any case) against every accepted order. */
export function hashMatches(provided: string | undefined, params: Params, orders: readonly (readonly string[])[], secretKey: string): boolean {
  const given = (provided ?? '').toLowerCase();
  let matched = false;
  for (const order of orders) matched = safeEqual(given, morHash(params, order, secretKey)) || matched;
  return provided !== undefined && matched;
}
