import type { Params } from './hash';

/**
 * Merges query-string and body params (form, JSON or multipart) into one flat set of strings;
 * body values win, as in MOR's Rails. Files are kept apart.
 */
export function mergeParams(query: unknown, body: unknown): { params: Params; files: Record<string, Buffer> } {
  const params: Params = {};
  const files: Record<string, Buffer> = {};
  for (const source of [query, body]) {
    if (!source || typeof source !== 'object' || Buffer.isBuffer(source)) continue;
    for (const [name, raw] of Object.entries(source as Record<string, unknown>)) {
      const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
      if (Buffer.isBuffer(value)) files[name] = value;
      else if (typeof value === 'string') params[name] = value;
      else if (typeof value === 'number' || typeof value === 'boolean') params[name] = String(value);
    }
  }
  return { params, files };
}
