import { createHash, timingSafeEqual } from 'node:crypto';

export type Params = Record<string, string>;

/** MOR's hash: SHA1 of the hash params' values in order (absent ones skipped), then the key. */
export function morHash(params: Params, order: readonly string[], secretKey: string): string {
  const values = order.filter((name) => params[name] !== undefined).map((name) => params[name]);
  return createHash('sha1').update(values.join('') + secretKey, 'utf8').digest('hex');
}

/** Constant-time check of a client's hash against every accepted order. */
export function hashMatches(provided: string | undefined, params: Params, orders: readonly (readonly string[])[], secretKey: string): boolean {
  const given = Buffer.from((provided ?? '').toLowerCase().padEnd(40, '\0').slice(0, 40), 'utf8');
  let ok = provided !== undefined && provided.length === 40;
  let anyMatch = false;
  for (const order of orders) {
    const expected = Buffer.from(morHash(params, order, secretKey), 'utf8');
    if (timingSafeEqual(given, expected)) anyMatch = true;
  }
  ok = ok && anyMatch;
  return ok;
}
