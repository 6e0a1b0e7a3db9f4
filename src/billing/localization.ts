/**
 * Localization: turns the number received from a caller's device into E.164 using the location
 * rules of the device's location, falling back to the Global location
 * (02-tariffs-lcr-providers.md §B.8). It never looks at providers — that is provider-rules.ts.
 */
import { CutAddRule, cutAndAdd, lengthFits, pickMostSpecific, prefixMatches } from './number-rule';

/** The Global location (id 1 in MOR): its rules apply to every device and it cannot be deleted. */
export const GLOBAL_LOCATION_ID = 1;

/** `dst` rewrites the destination, `src` the caller id, `combined` matches both and rewrites both. */
export type LocationRuleType = 'dst' | 'src' | 'combined';

/** One row of `location_rules_get` (`<location_rule>`), reduced to what routing needs. */
export interface LocationRule extends CutAddRule {
  locationId: number;
  name?: string;
  lrType: LocationRuleType;
  /** Caller-id side of a `combined` rule; ignored for other types. Defaults: '', '', 1, 99. */
  srcCut?: string;
  srcAdd?: string;
  srcMinlen?: number;
  srcMaxlen?: number;
  /** Switches applied by the caller when the rule fires (not interpreted here). */
  tariffId?: number | null;
  lcrId?: number | null;
  didId?: number | null;
  deviceId?: number | null;
}

export interface LocalizeOptions {
  /** The device's location; omitted or equal to the global id means "Global only". */
  locationId?: number;
  /** Overrides the Global location id (1). */
  globalLocationId?: number;
  /** The call's caller id; `combined` rules are considered only when it is given. */
  callerId?: string;
}

export interface LocalizationResult {
  /** The rewritten number (unchanged when no rule fired). */
  number: string;
  /** The caller id, rewritten when a `combined` rule fired; undefined when none was given. */
  callerId?: string;
  /** The rule that fired, so the caller can apply its tariff/LCR/DID/device switches. */
  rule: LocationRule | null;
  /** Location whose rule fired, or null when none did. */
  locationId: number | null;
}

/** Localizes a dialled destination number (dst and, with a caller id, combined rules). */
export function localizeNumber(
  number: string,
  rules: readonly LocationRule[],
  options: LocalizeOptions = {},
): LocalizationResult {
  const callerId = options.callerId;
  const matches = (rule: LocationRule): boolean =>
    (rule.lrType === 'dst' && dstMatches(rule, number)) ||
    (rule.lrType === 'combined' &&
      callerId !== undefined &&
      dstMatches(rule, number) &&
      srcMatches(rule, callerId));
  const rule = findRule(rules, options, matches, dstSpecificity);
  if (rule === null) return { number, callerId, rule: null, locationId: null };
  return {
    number: cutAndAdd(number, rule.cut, rule.add),
    callerId:
      rule.lrType === 'combined' && callerId !== undefined
        ? cutAndAdd(callerId, rule.srcCut ?? '', rule.srcAdd ?? '')
        : callerId,
    rule,
    locationId: rule.locationId,
  };
}

/**
 * Localizes a caller id with `src` rules (their cut/add/minlen/maxlen act on the source number,
 * as location_rule_create documents). Runs independently of the destination pass.
 */
export function localizeCallerId(
  callerId: string,
  rules: readonly LocationRule[],
  options: Omit<LocalizeOptions, 'callerId'> = {},
): LocalizationResult {
  const matches = (rule: LocationRule): boolean =>
    rule.lrType === 'src' && dstMatches(rule, callerId);
  const rule = findRule(rules, options, matches, (r) => r.cut.length);
  if (rule === null) return { number: callerId, rule: null, locationId: null };
  return { number: cutAndAdd(callerId, rule.cut, rule.add), rule, locationId: rule.locationId };
}

/**
 * The device's own location is searched first; only when none of its rules fires are the Global
 * rules tried ("when the device's own location has a rule for the dialled destination, global
 * rules are not applied"). No firing rule anywhere → the number passes unchanged.
 */
function findRule(
  rules: readonly LocationRule[],
  options: Omit<LocalizeOptions, 'callerId'>,
  matches: (rule: LocationRule) => boolean,
  specificity: (rule: LocationRule) => number,
): LocationRule | null {
  const globalId = options.globalLocationId ?? GLOBAL_LOCATION_ID;
  const order =
    options.locationId === undefined || options.locationId === globalId
      ? [globalId]
      : [options.locationId, globalId];
  for (const locationId of order) {
    const candidates = rules.filter((r) => r.enabled && r.locationId === locationId && matches(r));
    const rule = pickMostSpecific(candidates, specificity);
    if (rule !== null) return rule;
  }
  return null;
}

function dstMatches(rule: LocationRule, number: string): boolean {
  return lengthFits(number, rule.minlen, rule.maxlen) && prefixMatches(number, rule.cut);
}

function srcMatches(rule: LocationRule, callerId: string): boolean {
  return (
    lengthFits(callerId, rule.srcMinlen ?? 1, rule.srcMaxlen ?? 99) &&
    prefixMatches(callerId, rule.srcCut ?? '')
  );
}

/**
 * A combined rule constrains both numbers, so it outranks any dst rule of the same location;
 * within a kind the longest Cut wins (then the lower id, see pickMostSpecific).
 */
const COMBINED_BONUS = 1_000_000;
function dstSpecificity(rule: LocationRule): number {
  if (rule.lrType === 'combined') {
    return COMBINED_BONUS + rule.cut.length + (rule.srcCut ?? '').length;
  }
  return rule.cut.length;
}
