import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { perCount, readRows, selectRows } from '../../database/raw';
import { ReferenceVersions, VersionedCache } from '../../database/reference-versions';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { type CallStart } from '../../billing/bands';
import { PrefixIndex, prefixCandidates } from '../../billing/prefix';
import { type CallPrice, type RetailRateDetail, type WholesaleRateDetail, priceCall } from '../../billing/pricing';
import { Destination } from './destination.entity';
import { RateDetailRow, RetailDetailRow } from './rate-detail.entity';
import { Rate } from './rate.entity';
import { toRetailDetail, toWholesaleDetail } from './rate-details';

/** Longest prefix a rate or destination column holds (VARCHAR(50)). */
export const MAX_PREFIX_LENGTH = 50;

/** What picking a wholesale rate reads of a rates row. */
export type RateRow = Pick<Rate, 'id' | 'tariff_id' | 'prefix' | 'effective_from'>;

/** What a number's destination is used for: its prefix, name and group. */
export type DestinationMatch = Pick<Destination, 'prefix' | 'name' | 'destinationgroup_id'>;

const RATES_OF_TARIFF = perCount((marks) => `SELECT id, tariff_id, prefix, effective_from FROM rates WHERE tariff_id = ? AND prefix IN (${marks})`);
/** Only prefixes of digits can match a number (its prefix candidates are digits). */
const DIGITS = /^\d+$/;

/** The wholesale rate of a tariff for a number: the longest matching prefix in force. */
export interface WholesaleRateMatch {
  rateId: number;
  tariffId: number;
  /** The stored prefix that matched. */
  prefix: string;
  effectiveFrom: Date | null;
  /** Every time band of the rate; `priceCall` picks the one in force at call start. */
  details: WholesaleRateDetail[];
  rows: RateDetailRow[];
}

/** A call priced from a wholesale tariff. */
export interface PricedCall extends CallPrice {
  rate: WholesaleRateMatch;
}

/** The retail rate of a destination group: the user's custom rate when there is one, else the tariff's. */
export interface RetailRateMatch {
  source: 'custom' | 'tariff';
  destinationGroupId: number;
  details: RetailRateDetail[];
  rows: RetailDetailRow[];
}

/** The rates of some tariffs whose prefix is a prefix of one number (every effective_from), with the time bands of each. */
interface Candidates {
  rates: RateRow[];
  detailsOf: Map<number, RateDetailRow[]>;
}

/**
 * A wholesale tariff held in memory: its rates by prefix (every effective_from, in id order) and
 * the time bands of each rate, read once when first used. Dropped as a whole when rates change.
 */
class TariffRates {
  readonly details = new Map<number, Promise<RateDetailRow[]>>();
  constructor(readonly byPrefix: PrefixIndex<RateRow[]>) {}
}

/** A call start in UTC wall-clock time (the caller converts to the account's zone when it has one). */
export function callStartOf(at: Date): CallStart {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid time value');
  const weekday = at.getUTCDay(); // what dayTypeOfDate answers for the UTC date, without formatting and parsing it
  return { dayType: weekday === 0 || weekday === 6 ? 'FD' : 'WD', secondOfDay: at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() };
}

/**
 * Rates as stored, for routing (LCR) and pricing: the longest-prefix wholesale rate of a tariff
 * for a number, and the price of a call from it (src/billing/pricing.ts).
 */
@Injectable()
export class RateLookupService {
  /** Whole wholesale tariffs and the destinations, kept until their table changes (src/database/reference-versions.ts). */
  private readonly tariffs: VersionedCache<number, TariffRates>;
  private readonly destinations: VersionedCache<'all', PrefixIndex<DestinationMatch>>;
  /** Retail rates by tariff, user and group (reference data: src/database/ttl-cache.ts). */
  private readonly retailRates: TtlCache<string, RetailRateMatch | null>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    const versions = new ReferenceVersions(db);
    this.tariffs = new VersionedCache(versions, 'rates', (tariffId) => this.loadTariff(tariffId));
    this.destinations = new VersionedCache(versions, 'destinations', () => this.loadDestinations());
    this.retailRates = clearOnWrite(db, ['rates', 'aratedetails', 'customrates'], new TtlCache<string, RetailRateMatch | null>(null));
  }

  /**
   * The rate of `tariffId` whose prefix is the longest prefix of `number`, among rates in force at
   * `at` (effective_from empty or not later; the latest such row of a prefix wins). Null when none.
   */
  async wholesaleRate(tariffId: number, number: string, at: Date = new Date(), m: EntityManager = this.db.manager): Promise<WholesaleRateMatch | null> {
    return (await this.wholesaleRates([tariffId], number, at, m)).get(tariffId) ?? null;
  }

  /**
   * `wholesaleRate` of several tariffs at once. Outside a transaction from the tariffs held in
   * memory; inside one through it (it may have written rates itself): the candidates of every
   * tariff in one rates query and the time bands of every picked rate in one ratedetails query.
   * Tariffs without a rate are absent.
   */
  async wholesaleRates(tariffIds: readonly number[], number: string, at: Date = new Date(), m: EntityManager = this.db.manager): Promise<Map<number, WholesaleRateMatch>> {
    const ids = [...new Set(tariffIds)];
    if (m === this.db.manager) {
      const matches = new Map<number, WholesaleRateMatch>();
      for (const id of ids) {
        const tariff = await this.tariffs.get(id);
        const rate = tariff.byPrefix.lookupWhere(number, (rows) => pickLongestInForce(rows, at));
        if (rate) matches.set(id, await this.matchOf(tariff, rate));
      }
      return matches;
    }
    const candidates = prefixCandidates(number, MAX_PREFIX_LENGTH);
    if (ids.length === 0 || candidates.length === 0) return new Map();
    return this.matchesOf(await this.candidatesOf(ids, candidates, m), at);
  }

  private async loadTariff(tariffId: number): Promise<TariffRates> {
    const rows = await readRows<RateRow>(this.db.manager, "SELECT id, tariff_id, prefix, effective_from FROM rates WHERE tariff_id = ? AND prefix <> '' ORDER BY id", [tariffId]);
    return new TariffRates(PrefixIndex.fromRows(rows.filter((r) => DIGITS.test(r.prefix)), (r) => r.prefix));
  }

  private async loadDestinations(): Promise<PrefixIndex<DestinationMatch>> {
    const index = new PrefixIndex<DestinationMatch>();
    for (const row of await readRows<DestinationMatch>(this.db.manager, "SELECT prefix, name, destinationgroup_id FROM destinations WHERE prefix <> ''")) {
      if (DIGITS.test(row.prefix)) index.set(row.prefix, row);
    }
    return index;
  }

  /** A rate of a tariff in memory with its time bands (read once per rate). */
  private async matchOf(tariff: TariffRates, rate: RateRow): Promise<WholesaleRateMatch> {
    let loading = tariff.details.get(rate.id);
    if (!loading) {
      loading = selectRows(this.db.manager, RateDetailRow, { rate_id: rate.id }, 'id');
      tariff.details.set(rate.id, loading);
      loading.catch(() => tariff.details.delete(rate.id));
    }
    return matchWith(rate, await loading);
  }

  /** The rates of `ids` whose prefix is one of `prefixes`, with their time bands (two queries). */
  private async candidatesOf(ids: number[], prefixes: string[], m: EntityManager): Promise<Candidates> {
    const rates = ids.length === 1
      ? await readRows<RateRow>(m, RATES_OF_TARIFF(prefixes.length), [ids[0], ...prefixes])
      : await selectRows(m, Rate, { tariff_id: ids, prefix: prefixes });
    const detailsOf = new Map<number, RateDetailRow[]>(rates.map((r) => [r.id, []]));
    if (rates.length === 0) return { rates, detailsOf };
    const rateIds = [...detailsOf.keys()];
    for (const row of await selectRows(m, RateDetailRow, { rate_id: rateIds.length === 1 ? rateIds[0] : rateIds }, 'id')) detailsOf.get(Number(row.rate_id))?.push(row);
    return { rates, detailsOf };
  }

  /** The wholesale rate of exactly this prefix (no searching), in force at `at`. */
  async wholesaleRateExact(tariffId: number, prefix: string, at: Date = new Date()): Promise<WholesaleRateMatch | null> {
    if (!DIGITS.test(prefix)) return null;
    const tariff = await this.tariffs.get(tariffId);
    const rate = pickLongestInForce(tariff.byPrefix.get(prefix) ?? [], at);
    return rate ? this.matchOf(tariff, rate) : null;
  }

  /** Per tariff of the candidates, the rate pickLongestInForce picks at `at`, with its time bands. */
  private matchesOf({ rates, detailsOf }: Candidates, at: Date): Map<number, WholesaleRateMatch> {
    const byTariff = new Map<number, RateRow[]>();
    for (const rate of rates) {
      const list = byTariff.get(rate.tariff_id);
      if (list) list.push(rate);
      else byTariff.set(rate.tariff_id, [rate]);
    }
    const picked: RateRow[] = [];
    for (const list of byTariff.values()) {
      const rate = pickLongestInForce(list, at);
      if (rate) picked.push(rate);
    }
    const matches = new Map<number, WholesaleRateMatch>();
    for (const rate of picked) matches.set(rate.tariff_id, matchWith(rate, detailsOf.get(rate.id)!));
    return matches;
  }

  /**
   * Price of a call of `seconds` to `number` on wholesale tariff `tariffId`, started at `at`.
   * `start` overrides the day type / second of day (the account's local time); by default UTC.
   * Null when the tariff has no rate for the number, or no band of it covers the start.
   */
  async priceCall(tariffId: number, number: string, at: Date, seconds: number, start: CallStart = callStartOf(at)): Promise<PricedCall | null> {
    const rate = await this.wholesaleRate(tariffId, number, at);
    if (!rate) return null;
    const price = priceCall(rate.details, start, seconds);
    return price ? { ...price, rate } : null;
  }

  /** The destination (and so the group) of a number: longest prefix, or exact prefix when `exact`. */
  async destinationOf(number: string, exact = false): Promise<DestinationMatch | null> {
    const destinations = await this.destinations.get('all');
    if (exact) return (DIGITS.test(number) && destinations.get(number)) || null;
    return destinations.lookup(number)?.value ?? null;
  }

  /** Retail rate of a destination group for a user: custom rate first, then the retail tariff's. */
  retailRate(tariffId: number | null, userId: number | null, groupId: number): Promise<RetailRateMatch | null> {
    return this.retailRates.get(`${tariffId}|${userId}|${groupId}`, () => this.readRetailRate(tariffId, userId, groupId));
  }

  private async readRetailRate(tariffId: number | null, userId: number | null, groupId: number): Promise<RetailRateMatch | null> {
    const m = this.db.manager;
    if (userId !== null) {
      const custom = await readRows<{ id: number }>(m, 'SELECT id FROM customrates WHERE user_id = ? AND destinationgroup_id = ?', [userId, groupId]);
      const rows = custom[0] ? await selectRows(m, RetailDetailRow, { customrate_id: Number(custom[0].id) }, 'id') : [];
      if (rows.length > 0) return { source: 'custom', destinationGroupId: groupId, details: rows.map(toRetailDetail), rows };
    }
    if (tariffId === null) return null;
    const [rate] = await selectRows(m, Rate, { tariff_id: tariffId, destinationgroup_id: groupId }, 'id');
    const rows = rate ? await selectRows(m, RetailDetailRow, { rate_id: rate.id }, 'id') : [];
    return rows.length > 0 ? { source: 'tariff', destinationGroupId: groupId, details: rows.map(toRetailDetail), rows } : null;
  }
}

/** A picked rate with its time bands (the caller's own copy of the band rows). */
function matchWith(rate: RateRow, bands: readonly RateDetailRow[]): WholesaleRateMatch {
  const rows = [...bands];
  return { rateId: rate.id, tariffId: rate.tariff_id, prefix: rate.prefix, effectiveFrom: rate.effective_from, details: rows.map(toWholesaleDetail), rows };
}

/**
 * Longest prefix first; of one prefix, the latest row whose effective_from is not after `at`; of
 * rows equal in both, the lowest id (the order the (tariff_id, prefix) index returns them in, made
 * explicit so that one query over several tariffs picks what one query per tariff picks).
 */
export function pickLongestInForce<R extends RateRow>(rates: R[], at: Date): R | undefined {
  const inForce = rates.filter((r) => r.effective_from === null || new Date(r.effective_from).getTime() <= at.getTime());
  return inForce.sort((a, b) => b.prefix.length - a.prefix.length || effectiveTime(b) - effectiveTime(a) || a.id - b.id)[0];
}

const effectiveTime = (r: RateRow): number => (r.effective_from === null ? 0 : new Date(r.effective_from).getTime());
