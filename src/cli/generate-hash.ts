import { morHash } from '../api/hash';
import { MorRegistry } from '../api/registry.service';
import { canonicalRequest, signRequest } from '../api/signed-request';

/**
 * MOR's "Generate hash" page: from a request URL, the method, the hash params in the order
 * used, the concatenated string (without the key) and the hash.
 */
export function hashForUrl(registry: MorRegistry, url: string, key: string): { method: string; order: string[]; values: string; hash: string } {
  const parsed = new URL(url, 'http://localhost');
  const name = parsed.pathname.split('/').filter(Boolean).pop() ?? '';
  const found = registry.find(name);
  if (!found) throw new Error(`Unknown MOR method ${name}`);
  const params = Object.fromEntries([...parsed.searchParams.entries()].filter(([k]) => k !== 'hash'));
  const order = found.options.hash.filter((p) => params[p] !== undefined);
  return { method: found.options.name, order, values: order.map((p) => params[p]).join(''), hash: morHash(params, found.options.hash, key) };
}

/**
 * The signed-request counterpart (docs/signed-requests.md): the URL with `ts` (now, unless given)
 * and `signature` set, and the string that was signed. Any `signature` in the URL is replaced.
 */
export function signUrl(url: string, key: string, ts = String(Math.floor(Date.now() / 1000))): { url: string; canonical: string } {
  const parsed = new URL(url, 'http://localhost');
  const method = parsed.pathname.split('/').filter(Boolean).pop() ?? '';
  parsed.searchParams.delete('signature');
  parsed.searchParams.set('ts', ts);
  const params = Object.fromEntries(parsed.searchParams.entries());
  parsed.searchParams.set('signature', signRequest(method, params, key));
  return { url: parsed.toString(), canonical: canonicalRequest(method, params) };
}
