import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { type CallStart, dayTypeOfDate } from '../../billing/bands';
import { prefixCandidates } from '../../billing/prefix';
import { type CallPrice, type RetailRateDetail, type WholesaleRateDetail, priceCall } from '../../billing/pricing';
import { Destination } from './destination.entity';
import { RateDetailRow, RetailDetailRow } from './rate-detail.entity';
import { Rate } from './rate.entity';
import { toRetailDetail, toWholesaleDetail } from './rate-details';

/** Longest prefix a rate or destination column holds (VARCHAR(50)). */
export const MAX_PREFIX_LENGTH = 50;

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

/** A call start in UTC wall-clock time (the caller converts to the account's zone when it has one). */
export function callStartOf(at: Date): CallStart {
  const iso = at.toISOString();
  return { dayType: dayTypeOfDate(iso.slice(0, 10)), secondOfDay: at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() };
}

/**
 * Rates as stored, for routing (LCR) and pricing: the longest-prefix wholesale rate of a tariff
 * for a number, and the price of a call from it (src/billing/pricing.ts).
 */
@Injectable()
export class RateLookupService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The rate of `tariffId` whose prefix is the longest prefix of `number`, among rates in force at
   * `at` (effective_from empty or not later; the latest such row of a prefix wins). Null when none.
   */
  async wholesaleRate(tariffId: number, number: string, at: Date = new Date(), m: EntityManager = this.db.manager): Promise<WholesaleRateMatch | null> {
    const candidates = prefixCandidates(number, MAX_PREFIX_LENGTH);
    if (candidates.length === 0) return null;
    return this.matchOf(await m.getRepository(Rate).find({ where: { tariff_id: tariffId, prefix: In(candidates) } }), at, m);
  }

  /** The wholesale rate of exactly this prefix (no searching), in force at `at`. */
  async wholesaleRateExact(tariffId: number, prefix: string, at: Date = new Date()): Promise<WholesaleRateMatch | null> {
    return this.matchOf(await this.db.getRepository(Rate).find({ where: { tariff_id: tariffId, prefix } }), at, this.db.manager);
  }

  private async matchOf(rates: Rate[], at: Date, m: EntityManager): Promise<WholesaleRateMatch | null> {
    const rate = pickLongestInForce(rates, at);
    if (!rate) return null;
    const rows = await m.getRepository(RateDetailRow).find({ where: { rate_id: rate.id }, order: { id: 'ASC' } });
    return { rateId: rate.id, tariffId: rate.tariff_id, prefix: rate.prefix, effectiveFrom: rate.effective_from, details: rows.map(toWholesaleDetail), rows };
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
  async destinationOf(number: string, exact = false): Promise<Destination | null> {
    const candidates = exact ? [number] : prefixCandidates(number, MAX_PREFIX_LENGTH);
    if (candidates.length === 0) return null;
    const found = await this.db.getRepository(Destination).find({ where: { prefix: In(candidates) } });
    return found.sort((a, b) => b.prefix.length - a.prefix.length)[0] ?? null;
  }

  /** Retail rate of a destination group for a user: custom rate first, then the retail tariff's. */
  async retailRate(tariffId: number | null, userId: number | null, groupId: number): Promise<RetailRateMatch | null> {
    const details = this.db.getRepository(RetailDetailRow);
    if (userId !== null) {
      const custom = await this.db.query('SELECT id FROM customrates WHERE user_id = ? AND destinationgroup_id = ?', [userId, groupId]);
      const rows = custom[0] ? await details.find({ where: { customrate_id: Number(custom[0].id) }, order: { id: 'ASC' } }) : [];
      if (rows.length > 0) return { source: 'custom', destinationGroupId: groupId, details: rows.map(toRetailDetail), rows };
    }
    if (tariffId === null) return null;
    const rate = await this.db.getRepository(Rate).findOne({ where: { tariff_id: tariffId, destinationgroup_id: groupId } });
    const rows = rate ? await details.find({ where: { rate_id: rate.id }, order: { id: 'ASC' } }) : [];
    return rows.length > 0 ? { source: 'tariff', destinationGroupId: groupId, details: rows.map(toRetailDetail), rows } : null;
  }
}

/** Longest prefix first; of one prefix, the latest row whose effective_from is not after `at`. */
function pickLongestInForce(rates: Rate[], at: Date): Rate | undefined {
  const inForce = rates.filter((r) => r.effective_from === null || new Date(r.effective_from).getTime() <= at.getTime());
  return inForce.sort((a, b) => b.prefix.length - a.prefix.length || effectiveTime(b) - effectiveTime(a))[0];
}

const effectiveTime = (r: Rate): number => (r.effective_from === null ? 0 : new Date(r.effective_from).getTime());
