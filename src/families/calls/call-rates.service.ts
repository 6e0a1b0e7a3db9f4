import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PartyRates } from '../../billing/call-rating';
import type { RateDetail } from '../../billing/pricing';
import { runSql, selectRows } from '../../database/raw';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { DidRate } from '../dids/did.entity';
import { prefixCandidates } from '../../billing/prefix';
import { MAX_PREFIX_LENGTH, RateLookupService } from '../tariffs/rate-lookup.service';
import { toWholesaleDetail } from '../tariffs/rate-details';
import type { RateDetailRow } from '../tariffs/rate-detail.entity';

/** The rate of one tariff for one number, as a call is priced from it. */
export interface TariffRate {
  details: RateDetail[];
  /** The matched prefix (wholesale) or destination prefix (retail). */
  prefix: string;
}

/**
 * Lookups remembered across many calls of one batch job (CDR import, rerate): tariff rates by
 * number, provider tariffs, DID rates. Bounded: cleared when it grows past `limit` entries.
 */
export class RateMemo {
  private readonly entries = new Map<string, Promise<unknown>>();
  /**
   * Every prefix of every set a number was matched against (tariffs' and destinations'), kept when
   * the entries are cleared: a number's rates depend only on its longest prefix in this union.
   */
  readonly prefixes = new Set<string>();
  /** The longest of `prefixes`. */
  longestPrefix = 0;

  constructor(private readonly limit = 200_000) {}

  remember(prefix: string): void {
    this.prefixes.add(prefix);
    this.longestPrefix = Math.max(this.longestPrefix, prefix.length);
  }

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) return known as Promise<T>;
    if (this.entries.size >= this.limit) this.entries.clear();
    const loading = load();
    this.entries.set(key, loading);
    return loading;
  }
}

/** Who a call involves, by id (0 = none). */
export interface CallPartyIds {
  userId: number;
  userTariffId: number | null;
  resellerTariffId: number | null;
  providerId: number;
  didId: number;
  /** The localized destination number. */
  number: string;
  at: Date;
}

export interface CallRates {
  rates: PartyRates;
  prefix: string;
  destination: string;
}

/**
 * The rate details of every party of a call, read from the tariffs family: a user's tariff
 * (wholesale by longest prefix, or retail by destination group with the user's custom rate), the
 * reseller's, the provider's, and the DID's three rates.
 */
@Injectable()
export class CallRatesService {
  private readonly purposes = new Map<number, string>();
  /** A provider's tariff, by provider id (reference data: src/database/ttl-cache.ts). */
  private readonly providerTariffs: TtlCache<number, number | null>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lookup: RateLookupService,
  ) {
    this.providerTariffs = clearOnWrite(db, ['providers'], new TtlCache(async (providerId: number) => {
      const [row] = await runSql(db.manager, 'SELECT tariff_id FROM providers WHERE id = ?', [providerId]);
      return row ? Number(row.tariff_id) : null;
    }));
  }

  async ratesOf(call: CallPartyIds, memo?: RateMemo): Promise<CallRates> {
    const [user, reseller, provider, did, destination] = await Promise.all([
      this.tariffRate(call.userTariffId, call.userId, call.number, call.at, memo),
      this.tariffRate(call.resellerTariffId, null, call.number, call.at, memo),
      call.providerId ? this.providerRate(call.providerId, call.number, call.at, memo) : null,
      call.didId ? (memo ? memo.get(`did|${call.didId}`, () => this.didRates(call.didId)) : this.didRates(call.didId)) : null,
      this.destinationOf(call.number, memo),
    ]);
    const rates: PartyRates = {
      ...(user && { user: user.details }), ...(reseller && { reseller: reseller.details }), ...(provider && { provider: provider.details }), ...did,
    };
    return { rates, prefix: user?.prefix ?? destination?.prefix ?? '', destination: destination?.name ?? '' };
  }

  /**
   * With a memo (batch jobs), a number is first matched against the tariff's (or the destinations')
   * prefixes held in memory, and the rate of that prefix is looked up once per day; the same
   * result as the direct lookup, without a query per call.
   */
  private async viaPrefix<T>(memo: RateMemo, setKey: string, setSql: string, setParams: number[], number: string, day: string, load: (prefix: string) => Promise<T>): Promise<T | null> {
    const prefixes = await memo.get(`set|${setKey}`, async () => {
      const set = new Set<string>((await runSql(this.db.manager, setSql, setParams)).map((r: { prefix: string }) => String(r.prefix)));
      for (const prefix of set) memo.remember(prefix);
      return set;
    });
    const prefix = prefixCandidates(number, MAX_PREFIX_LENGTH).find((c) => prefixes.has(c)); // longest first
    return prefix === undefined ? null : memo.get(`${setKey}|${prefix}|${day}`, () => load(prefix));
  }

  private destinationOf(number: string, memo?: RateMemo) {
    if (!memo) return this.lookup.destinationOf(number);
    return this.viaPrefix(memo, 'dest', 'SELECT prefix FROM destinations', [], number, '', (prefix) => this.lookup.destinationOf(prefix, true));
  }

  /** A user-side tariff's rate for the number; null when the tariff has none. */
  async tariffRate(tariffId: number | null, userId: number | null, number: string, at: Date, memo?: RateMemo): Promise<TariffRate | null> {
    if (tariffId === null || tariffId === 0) return null;
    if ((await this.purposeOf(tariffId)) !== 'user') {
      const wholesale = async (n: string) => {
        const match = await this.lookup.wholesaleRate(tariffId, n, at);
        return match ? { details: match.details, prefix: match.prefix } : null;
      };
      if (!memo) return wholesale(number);
      // A rate's effective_from is a moment: the day key is safe only for rates not changing mid-day, which batch jobs accept.
      return this.viaPrefix(memo, `t${tariffId}`, 'SELECT DISTINCT prefix FROM rates WHERE tariff_id = ?', [tariffId], number, at.toISOString().slice(0, 10), wholesale);
    }
    const destination = await this.destinationOf(number, memo);
    if (!destination?.destinationgroup_id) return null;
    const groupId = destination.destinationgroup_id;
    const retail = await (memo
      ? memo.get(`r${tariffId}|u${userId}|g${groupId}|${at.toISOString().slice(0, 10)}`, () => this.lookup.retailRate(tariffId, userId, groupId))
      : this.lookup.retailRate(tariffId, userId, groupId));
    return retail ? { details: retail.details, prefix: destination.prefix } : null;
  }

  private async providerRate(providerId: number, number: string, at: Date, memo?: RateMemo): Promise<TariffRate | null> {
    const tariffId = await this.providerTariffs.get(providerId);
    return tariffId === null ? null : this.tariffRate(tariffId, null, number, at, memo);
  }

  /** A DID's incoming, owner and provider rates (stored as wholesale details). */
  private async didRates(didId: number): Promise<PartyRates> {
    const rows = await selectRows(this.db.manager, DidRate, { did_id: didId }, 'id');
    const of = (type: string) => rows.filter((r) => r.rate_type === type).map((r) => toWholesaleDetail(r as unknown as RateDetailRow));
    return { didIncoming: of('incoming'), didOwner: of('owner'), didProvider: of('provider') };
  }

  async purposeOf(tariffId: number): Promise<string> {
    const known = this.purposes.get(tariffId);
    if (known !== undefined) return known;
    const [row] = await runSql(this.db.manager, 'SELECT purpose FROM tariffs WHERE id = ?', [tariffId]);
    const purpose = row ? String(row.purpose) : '';
    // A tariff's purpose never changes once it has rates; an unknown id is not cached.
    if (row) this.purposes.set(tariffId, purpose);
    return purpose;
  }
}
