/**
 * Longest-prefix match of a dialled number against destination prefixes (reference §B.2:
 * 37068547771 → 370685 wins over 3706 and 370).
 *
 * Normalisation: only digits matter, so every non-digit (spaces, dashes, a leading '+') is dropped.
 * A leading '00' (or '011', or any other access code) is NOT stripped: prefixes are stored in E.164 without an
 * international access code (§B.1), and turning a dialled number into E.164 is the job of
 * localization rules (§B.8), which are per-location and know the local access code. Guessing here
 * would misrate numbers whose rules say otherwise; an un-localized '00…' number simply finds no
 * E.164 prefix (or an explicit '00…' prefix if a tariff really has one).
 */

/** Digits of a number or prefix; '+', spaces and other punctuation are ignored. */
export function digitsOf(text: string): string {
  return text.replace(/\D+/g, '');
}

/**
 * Every prefix of the (normalised) number, longest first: '3706' → ['3706', '370', '37', '3'].
 * Meant for probing a database index: `WHERE prefix IN (:...candidates) ORDER BY LENGTH(prefix) DESC LIMIT 1`.
 * `maxLength` caps the first candidate at the longest prefix the table can hold.
 */
export function prefixCandidates(number: string, maxLength = Number.POSITIVE_INFINITY): string[] {
  const digits = digitsOf(number);
  const out: string[] = [];
  for (let len = Math.min(digits.length, maxLength); len >= 1; len--) out.push(digits.slice(0, len));
  return out;
}

export interface PrefixMatch<T> {
  /** The stored prefix that matched (what MOR prints as `rate#destination#prefix`). */
  readonly prefix: string;
  readonly value: T;
}

/**
 * In-memory prefix table. A hash map keyed by prefix is O(1) per probe, and a lookup probes only
 * the prefix lengths that actually occur in the table (typically ≤ 15), so a lookup costs a handful
 * of map reads even with millions of prefixes — cheaper in memory than a trie of JS objects.
 */
export class PrefixIndex<T> {
  private readonly byPrefix = new Map<string, T>();
  /** Distinct prefix lengths present, longest first. */
  private lengths: number[] = [];

  /** Groups rows by their prefix; several rows per prefix are normal (time bands, day types). */
  static fromRows<R>(rows: Iterable<R>, prefixOf: (row: R) => string): PrefixIndex<R[]> {
    const index = new PrefixIndex<R[]>();
    for (const row of rows) {
      const prefix = prefixOf(row);
      const group = index.get(prefix);
      if (group) group.push(row);
      else index.set(prefix, [row]);
    }
    return index;
  }

  get size(): number {
    return this.byPrefix.size;
  }

  /** Adds or replaces the value of a prefix. A prefix without digits is refused: it would match every number. */
  set(prefix: string, value: T): this {
    const key = digitsOf(prefix);
    if (key.length === 0) throw new RangeError(`Prefix without digits: '${prefix}'`);
    if (!this.byPrefix.has(key) && !this.lengths.includes(key.length)) {
      this.lengths = [...this.lengths, key.length].sort((a, b) => b - a);
    }
    this.byPrefix.set(key, value);
    return this;
  }

  /** Exact prefix lookup (`rate_get` without `by_full_dst` does no searching, §B.2). */
  get(prefix: string): T | undefined {
    return this.byPrefix.get(digitsOf(prefix));
  }

  /** Longest stored prefix of the number, or undefined when none matches. */
  lookup(number: string): PrefixMatch<T> | undefined {
    return this.lookupWhere(number, (value, prefix) => ({ prefix, value }));
  }

  /**
   * The first answer of `accept` over the stored prefixes of the number, longest first: the longest
   * prefix whose value qualifies (e.g. has a rate in force), when a longer one's does not.
   */
  lookupWhere<R>(number: string, accept: (value: T, prefix: string) => R | undefined): R | undefined {
    const digits = digitsOf(number);
    for (const len of this.lengths) {
      if (len > digits.length) continue;
      const prefix = digits.slice(0, len);
      const value = this.byPrefix.get(prefix);
      const answer = value === undefined ? undefined : accept(value, prefix);
      if (answer !== undefined) return answer;
    }
    return undefined;
  }
}
