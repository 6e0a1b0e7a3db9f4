/**
 * Parsing of number-pool bulk input (`numbers` of number_pool_numbers_create / _delete) and of
 * id lists (`number_ids`, `user_ids`). Single pass, Set-based: fine for tens of thousands of entries.
 *
 * Reference format: a comma list such as `370,44%,#14,13`; characters `0-9 a-z A-Z # %`; a `#` is
 * stored as `_` (the SQL single-character wildcard, as `%` is the multi-character one). Number
 * pools also accept a leading `+` (§S, and the URL-encoding hint `+` as `%2B`).
 */

export const NUMBER_LIST_TEXTS = {
  empty: 'Numbers cannot be empty',
  invalid: 'Invalid numbers format',
} as const;

export interface NumberListResult {
  /** Valid entries in stored form (`#` → `_`), first occurrence order, without duplicates. */
  numbers: string[];
  /** Entries (trimmed, as sent) that break the character rules. */
  invalid: string[];
  /** Stored forms that occurred more than once in the input, each listed once. */
  duplicates: string[];
}

/** Commas separate entries; line breaks too, so a pasted column of numbers works. */
const SEPARATOR = /,|\r\n|\r|\n/;
/** Optional leading `+`, then at least one of the documented characters. */
const VALID_ENTRY = /^\+?[0-9A-Za-z#%]+$/;
/** The longest entry stored (the `number_pool_numbers.number` column); longer ones are invalid. */
export const MAX_NUMBER_LENGTH = 100;

/** Stored form of one valid entry. */
export function toStoredNumber(entry: string): string {
  return entry.replace(/#/g, '_');
}

/**
 * Splits, trims and validates. Empty entries (`1,,2`, a trailing comma) are skipped, not invalid.
 * Duplicates compare case-insensitively, as the database's default collation would.
 */
export function parseNumberList(input: string): NumberListResult {
  const numbers: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const duplicates: string[] = [];
  for (const raw of input.split(SEPARATOR)) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.length > MAX_NUMBER_LENGTH || !VALID_ENTRY.test(entry)) {
      invalid.push(entry);
      continue;
    }
    const stored = toStoredNumber(entry);
    const key = stored.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      numbers.push(stored);
    } else if (!repeated.has(key)) {
      repeated.add(key);
      duplicates.push(stored);
    }
  }
  return { numbers, invalid, duplicates };
}

/**
 * The MOR error a number list earns, or null when it may be stored: nothing usable →
 * "Numbers cannot be empty"; any bad entry rejects the whole request → "Invalid numbers format".
 * In-input duplicates are not an error; they are stored once.
 */
export function numberListError(result: NumberListResult): string | null {
  if (result.invalid.length > 0) return NUMBER_LIST_TEXTS.invalid;
  if (result.numbers.length === 0) return NUMBER_LIST_TEXTS.empty;
  return null;
}

export type IdListResult = { ok: true; ids: number[] } | { ok: false };

/**
 * `number_ids` / `user_ids` such as `1,3,4`: positive integers, commas, optional spaces.
 * Duplicates are dropped; anything else makes the whole list invalid.
 */
export function parseIdList(input: string): IdListResult {
  const ids: number[] = [];
  const seen = new Set<number>();
  for (const raw of input.split(',')) {
    const entry = raw.trim();
    if (!/^\d{1,15}$/.test(entry)) return { ok: false };
    const id = Number(entry);
    if (id < 1) return { ok: false };
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  return { ok: true, ids };
}
