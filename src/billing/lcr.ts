/**
 * LCR ordering: which providers may carry a call, in which order they are dialled, what number
 * each one receives and what each one costs (02-tariffs-lcr-providers.md §B.7).
 * Pure: prices come in from the tariff lookup done elsewhere; randomness is injected.
 */
import { Decimal, DecimalInput, money } from './money';
import { ProviderRule, applyProviderRules } from './provider-rules';
import { RandomSource, weightedOrder } from './random';

/** `order` of an LCR as accepted by lcr_create / lcr_update. */
export type LcrOrder = 'price' | 'priority' | 'percent' | 'quality';

/** The routing-relevant columns of an LCR (`<lcr>` of lcrs_get). */
export interface LcrSettings {
  order: LcrOrder;
  /** x% (0 = off): in price order, skip providers costing more than the cheapest by over x%. */
  firstProviderPercentLimit?: DecimalInput;
  /** Use only the first provider (no failover, not even the failover provider). */
  noFailover?: boolean;
  /** Provider tried after the whole ordered list failed. */
  failoverProviderId?: number | null;
}

/** A provider attached to an LCR (lcr_add_provider), with the per-LCR routing settings. */
export interface LcrProviderLink {
  providerId: number;
  /** The link can be switched off in one LCR while the provider stays active elsewhere. */
  active: boolean;
  /** Lower value is dialled first in `priority` order; also the tie-breaker elsewhere. */
  priority: number;
  /** Share for `percent` order; need not sum to 100. */
  percent: number;
}

/** What routing needs to know about a provider. */
export interface RoutingProvider {
  id: number;
  active: boolean;
  rules?: readonly ProviderRule[];
}

/**
 * The provider's price for the (localized) number, from its tariff — or from the tariff named by
 * a firing provider rule. null/undefined = no rate: the provider cannot carry the call.
 */
export type PriceLookup = (
  providerId: number,
  query: { number: string; tariffId: number | null },
) => DecimalInput | null | undefined;

export interface RouteInput {
  /** Localized (E.164) destination: used for rate lookup and as input to provider rules. */
  number: string;
  /** Number as received from the caller, for provider rules with Cut `-`. Default: `number`. */
  received?: string;
  /** Caller id, rewritten per provider by its `src` rules when given. */
  callerId?: string;
  lcr: LcrSettings;
  links: readonly LcrProviderLink[];
  providers: readonly RoutingProvider[];
  /** Per-provider price, either precomputed or as a lookup honouring rule tariff switches. */
  prices: ReadonlyMap<number, DecimalInput | null> | PriceLookup;
  /** Needed only for `percent` order; defaults to Math.random. Use mulberry32(seed) in tests. */
  random?: RandomSource;
}

export interface RoutedProvider {
  providerId: number;
  /** Destination number to send to this provider (after its provider rules). */
  number: string;
  /** Caller id after this provider's `src` rules; undefined when none was given. */
  callerId?: string;
  /** Buy price per the provider's tariff for this number. */
  price: Decimal;
  /** Tariff switched to by a firing provider rule, else null (the provider's own tariff). */
  tariffId: number | null;
  /** The dst provider rule that fired, or null. */
  rule: ProviderRule | null;
  /** True only for the LCR's failover provider appended after the ordered list. */
  failover: boolean;
}

export type SkipReason =
  | 'unknown_provider'
  | 'provider_inactive'
  | 'link_inactive'
  | 'duplicate_link'
  | 'no_rate'
  | 'percent_limit'
  | 'no_failover';

export interface SkippedProvider {
  providerId: number;
  reason: SkipReason;
}

export interface LcrPlan {
  routes: RoutedProvider[];
  /** Why each left-out provider was left out (percent_limit ≙ MOR hangup cause 235). */
  skipped: SkippedProvider[];
}

/** The dial list: providers in the order they are to be tried. */
export function routeProviders(input: RouteInput): RoutedProvider[] {
  return planRoute(input).routes;
}

/** The dial list plus the reasons providers were left out. */
export function planRoute(input: RouteInput): LcrPlan {
  const skipped: SkippedProvider[] = [];
  const candidates = eligibleCandidates(input, skipped);
  let routes = orderCandidates(candidates, input.lcr, input.random ?? Math.random, skipped);
  if (input.lcr.noFailover) {
    routes.slice(1).forEach((c) => skipped.push({ providerId: c.providerId, reason: 'no_failover' }));
    routes = routes.slice(0, 1);
    return { routes: routes.map(toRouted(false)), skipped };
  }
  const result = routes.map(toRouted(false));
  const failover = failoverCandidate(input, result, skipped);
  if (failover !== null) result.push(toRouted(true)(failover));
  return { routes: result, skipped };
}

/** A provider that passed every eligibility check, with its rewritten numbers and price. */
interface Candidate {
  providerId: number;
  priority: number;
  percent: number;
  number: string;
  callerId?: string;
  price: Decimal;
  tariffId: number | null;
  rule: ProviderRule | null;
}

/** Drops unknown/inactive providers, inactive links, duplicate links and providers with no rate. */
function eligibleCandidates(input: RouteInput, skipped: SkippedProvider[]): Candidate[] {
  const providers = new Map(input.providers.map((p) => [p.id, p]));
  const seen = new Set<number>();
  const candidates: Candidate[] = [];
  for (const link of input.links) {
    const provider = providers.get(link.providerId);
    const reason = linkProblem(link, provider, seen);
    seen.add(link.providerId);
    if (reason !== null || provider === undefined) {
      skipped.push({ providerId: link.providerId, reason: reason ?? 'unknown_provider' });
      continue;
    }
    const candidate = priceAndRewrite(input, provider, link);
    if (candidate === null) skipped.push({ providerId: link.providerId, reason: 'no_rate' });
    else candidates.push(candidate);
  }
  return candidates;
}

function linkProblem(
  link: LcrProviderLink,
  provider: RoutingProvider | undefined,
  seen: ReadonlySet<number>,
): SkipReason | null {
  if (seen.has(link.providerId)) return 'duplicate_link';
  if (provider === undefined) return 'unknown_provider';
  if (!provider.active) return 'provider_inactive';
  if (!link.active) return 'link_inactive';
  return null;
}

/**
 * Applies the provider's rules first, because a firing dst rule may switch the tariff the price
 * comes from; the rate itself is always looked up on the localized E.164 number (a tech prefix
 * added by a rule is not part of any destination prefix).
 */
function priceAndRewrite(
  input: RouteInput,
  provider: RoutingProvider,
  link: Pick<LcrProviderLink, 'priority' | 'percent'>,
): Candidate | null {
  const rules = provider.rules ?? [];
  const dst = applyProviderRules(input.number, rules, { type: 'dst', received: input.received });
  const tariffId = dst.rule?.tariffId ?? null;
  const raw = lookupPrice(input.prices, provider.id, input.number, tariffId);
  if (raw === null || raw === undefined || raw === '') return null;
  const callerId =
    input.callerId === undefined
      ? undefined
      : applyProviderRules(input.callerId, rules, { type: 'src' }).number;
  return {
    providerId: provider.id,
    priority: link.priority,
    percent: link.percent,
    number: dst.number,
    callerId,
    price: money(raw),
    tariffId,
    rule: dst.rule,
  };
}

function lookupPrice(
  prices: RouteInput['prices'],
  providerId: number,
  number: string,
  tariffId: number | null,
): DecimalInput | null | undefined {
  return typeof prices === 'function' ? prices(providerId, { number, tariffId }) : prices.get(providerId);
}

function orderCandidates(
  candidates: Candidate[],
  lcr: LcrSettings,
  random: RandomSource,
  skipped: SkippedProvider[],
): Candidate[] {
  switch (lcr.order) {
    case 'priority':
      return [...candidates].sort(byPriority);
    case 'percent':
      // Pre-sort so a given seed yields the same order whatever order the links were loaded in.
      return weightedOrder([...candidates].sort(byPriority), (c) => c.percent, random);
    case 'price':
      return applyPercentLimit([...candidates].sort(byPrice), lcr, skipped);
    case 'quality':
      // Quality routing needs live ASR/ACD statistics this core does not have and whose formula
      // is undocumented; cheapest-first is the closest behaviour (see docs/decisions.md).
      return [...candidates].sort(byPrice);
  }
}

/** Lower priority value first; provider id makes equal priorities deterministic. */
function byPriority(a: Candidate, b: Candidate): number {
  return a.priority - b.priority || a.providerId - b.providerId;
}

/** Cheapest first; equal prices fall back to the LCR's manual priority, then provider id. */
function byPrice(a: Candidate, b: Candidate): number {
  return a.price.comparedTo(b.price) || byPriority(a, b);
}

/**
 * first_provider_percent_limit: keep a further provider only if its price is at most
 * cheapest × (1 + x/100). "Exceeds by more than x%" → a price exactly at the limit is kept.
 * Wiki: A 0.10, B 0.11, x=20 → B kept (0.11 ≤ 0.12); B 0.30 → B skipped.
 */
function applyPercentLimit(
  sorted: Candidate[],
  lcr: LcrSettings,
  skipped: SkippedProvider[],
): Candidate[] {
  const limit = money(lcr.firstProviderPercentLimit ?? 0);
  if (sorted.length === 0 || limit.lte(0)) return sorted;
  const ceiling = sorted[0].price.mul(limit.div(100).add(1));
  return sorted.filter((c) => {
    const keep = c.price.lte(ceiling);
    if (!keep) skipped.push({ providerId: c.providerId, reason: 'percent_limit' });
    return keep;
  });
}

/**
 * The LCR's failover provider, tried after the ordered list. It must be active and have a rate;
 * it is not subject to the percent limit (it is the explicit last resort) and is not added twice
 * when it is already in the list.
 */
function failoverCandidate(
  input: RouteInput,
  routes: readonly RoutedProvider[],
  skipped: SkippedProvider[],
): Candidate | null {
  const id = input.lcr.failoverProviderId;
  if (id === null || id === undefined || routes.some((r) => r.providerId === id)) return null;
  const provider = input.providers.find((p) => p.id === id);
  if (provider === undefined || !provider.active) {
    skipped.push({ providerId: id, reason: provider ? 'provider_inactive' : 'unknown_provider' });
    return null;
  }
  const candidate = priceAndRewrite(input, provider, { priority: 0, percent: 0 });
  if (candidate === null) skipped.push({ providerId: id, reason: 'no_rate' });
  return candidate;
}

function toRouted(failover: boolean): (c: Candidate) => RoutedProvider {
  return (c) => ({
    providerId: c.providerId,
    number: c.number,
    ...(c.callerId === undefined ? {} : { callerId: c.callerId }),
    price: c.price,
    tariffId: c.tariffId,
    rule: c.rule,
    failover,
  });
}
