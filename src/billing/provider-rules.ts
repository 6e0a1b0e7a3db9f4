/**
 * Provider rules: rewrite the outgoing (already localized, E.164) number for one provider, e.g.
 * add a tech prefix `89765#` (02-tariffs-lcr-providers.md §B.8, provider_rule_create).
 * Same Cut/Add/Min/Max mechanics as location rules, plus two special Cut values and a suffix.
 */
import { CutAddRule, cutAndAdd, lengthFits, pickMostSpecific, prefixMatches } from './number-rule';

/** `dst` rewrites the destination number, `src` the caller id. */
export type ProviderRuleType = 'dst' | 'src';

/** One row of `provider_rules_get` (`<provider_rule>`), reduced to what routing needs. */
export interface ProviderRule extends CutAddRule {
  providerId?: number;
  name?: string;
  prType: ProviderRuleType;
  /** Appended to the number; only meaningful for `dst` rules (ignored on `src`). */
  suffix?: string;
  /** Provider tariff to bill with when this rule fires (looked up by the caller). */
  tariffId?: number | null;
  changeCallerIdName?: boolean;
  setPai?: boolean;
}

/** Defaults of provider_rule_create when minlen/maxlen are omitted. */
export const PROVIDER_RULE_DEFAULT_MINLEN = 1;
export const PROVIDER_RULE_DEFAULT_MAXLEN = 100;

/** Cut `*#`: remove everything up to and including `#` (`999#37063042439` → `37063042439`). */
export const CUT_THROUGH_HASH = '*#';
/** Cut `-`: send the number exactly as it was received from the caller (before localization). */
export const CUT_AS_RECEIVED = '-';

export interface ProviderRuleOptions {
  /** Which rules to apply; default `dst`. */
  type?: ProviderRuleType;
  /** The number as received from the caller, used by Cut `-`; defaults to `number`. */
  received?: string;
}

export interface ProviderRuleResult {
  /** The number to send to the provider (unchanged when no rule fired). */
  number: string;
  /** The rule that fired, or null. */
  rule: ProviderRule | null;
}

/**
 * Applies the single most specific enabled rule of the requested type whose length window and
 * Cut match the number; no matching rule → the number is sent unchanged. Rules do not chain
 * (see pickMostSpecific and docs/decisions.md).
 */
export function applyProviderRules(
  number: string,
  rules: readonly ProviderRule[],
  options: ProviderRuleOptions = {},
): ProviderRuleResult {
  const type = options.type ?? 'dst';
  const candidates = rules.filter(
    (r) =>
      r.enabled &&
      r.prType === type &&
      lengthFits(number, r.minlen, r.maxlen) &&
      specificity(r, number) !== null,
  );
  const rule = pickMostSpecific(candidates, (r) => specificity(r, number) ?? -1);
  if (rule === null) return { number, rule: null };
  const suffix = rule.prType === 'dst' ? (rule.suffix ?? '') : '';
  return { number: rewrite(number, rule, options.received ?? number) + suffix, rule };
}

/**
 * How many leading characters the rule's Cut matched, or null when it does not match.
 * Used both as the match test and to rank rules (longer matched prefix = more specific).
 */
function specificity(rule: ProviderRule, number: string): number | null {
  if (rule.cut === CUT_AS_RECEIVED) return 0;
  if (rule.cut === CUT_THROUGH_HASH) {
    // Only numbers that carry a `#` (a tech prefix) are affected; the first `#` ends the prefix,
    // so one rule strips exactly one tech prefix.
    const hash = number.indexOf('#');
    return hash < 0 ? null : hash + 1;
  }
  return prefixMatches(number, rule.cut) ? rule.cut.length : null;
}

function rewrite(number: string, rule: ProviderRule, received: string): string {
  if (rule.cut === CUT_AS_RECEIVED) return rule.add + received;
  if (rule.cut === CUT_THROUGH_HASH) return rule.add + number.slice(number.indexOf('#') + 1);
  return cutAndAdd(number, rule.cut, rule.add);
}
