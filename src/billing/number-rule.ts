/**
 * Mechanics shared by location rules and provider rules: MOR describes both as "Cut" a prefix,
 * "Add" a prefix, inside a "Min Len".."Max Len" window (02-tariffs-lcr-providers.md §B.8).
 * Pure string helpers, no I/O.
 */

/** The matching/rewriting part common to every rule kind. */
export interface CutAddRule {
  /** Database id; rules of equal specificity are ranked by it (older rule first). */
  id: number;
  /** Disabled rules behave as if they did not exist. */
  enabled: boolean;
  /** Prefix the number must start with and that is removed. Empty = matches any number. */
  cut: string;
  /** Prefix put in front of the (cut) number. */
  add: string;
  /** Inclusive length window of the number the rule applies to (length before rewriting). */
  minlen: number;
  maxlen: number;
}

/** True when the number's length lies in the rule's inclusive [minlen, maxlen] window. */
export function lengthFits(number: string, minlen: number, maxlen: number): boolean {
  return number.length >= minlen && number.length <= maxlen;
}

/**
 * A rule with a non-empty Cut only applies to numbers that start with that Cut: Cut is both the
 * match prefix and the part removed, so `cut 8` never mangles a number that starts with 3.
 */
export function prefixMatches(number: string, cut: string): boolean {
  return number.startsWith(cut);
}

/** Cut then Add: `cut 8, add 370` turns `861234567` into `37061234567`. */
export function cutAndAdd(number: string, cut: string, add: string): string {
  return add + number.slice(cut.length);
}

/**
 * Picks the one rule that fires among candidates already known to match. MOR applies a single
 * rule (rules do not chain); the most specific one wins — the longest matched prefix, as with
 * longest-prefix rate lookup — and the older rule (lower id) breaks ties so the result never
 * depends on the order rows come back from the database. See docs/decisions.md.
 */
export function pickMostSpecific<R extends { id: number }>(
  candidates: readonly R[],
  specificity: (rule: R) => number,
): R | null {
  let best: R | null = null;
  for (const rule of candidates) {
    if (best === null) {
      best = rule;
      continue;
    }
    const diff = specificity(rule) - specificity(best);
    if (diff > 0 || (diff === 0 && rule.id < best.id)) best = rule;
  }
  return best;
}
