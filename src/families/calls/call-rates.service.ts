import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PartyRates } from '../../billing/call-rating';
import type { RateDetail } from '../../billing/pricing';
import { selectRows } from '../../database/raw';
import { DidRate } from '../dids/did.entity';
import { RateLookupService } from '../tariffs/rate-lookup.service';
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

  constructor(private readonly limit = 200_000) {}

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

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lookup: RateLookupService,
  ) {}

  async ratesOf(call: CallPartyIds, memo?: RateMemo): Promise<CallRates> {
    // A memo keys rates by number and day: a rate's effective_from is a date, so it does not change within one.
    const day = call.at.toISOString().slice(0, 10);
    const remember = <T>(key: string, load: () => Promise<T>) => (memo ? memo.get(`${key}|${day}`, load) : load());
    const [user, reseller, provider, did, destination] = await Promise.all([
      remember(`t${call.userTariffId}|u${call.userId}|${call.number}`, () => this.tariffRate(call.userTariffId, call.userId, call.number, call.at)),
      remember(`t${call.resellerTariffId}|${call.number}`, () => this.tariffRate(call.resellerTariffId, null, call.number, call.at)),
      call.providerId ? remember(`p${call.providerId}|${call.number}`, () => this.providerRate(call.providerId, call.number, call.at)) : null,
      call.didId ? remember(`d${call.didId}`, () => this.didRates(call.didId)) : null,
      remember(`dest|${call.number}`, () => this.lookup.destinationOf(call.number)),
    ]);
    const rates: PartyRates = {
      ...(user && { user: user.details }), ...(reseller && { reseller: reseller.details }), ...(provider && { provider: provider.details }), ...did,
    };
    return { rates, prefix: user?.prefix ?? destination?.prefix ?? '', destination: destination?.name ?? '' };
  }

  /** A user-side tariff's rate for the number; null when the tariff has none. */
  async tariffRate(tariffId: number | null, userId: number | null, number: string, at: Date): Promise<TariffRate | null> {
    if (tariffId === null || tariffId === 0) return null;
    if ((await this.purposeOf(tariffId)) !== 'user') {
      const match = await this.lookup.wholesaleRate(tariffId, number, at);
      return match ? { details: match.details, prefix: match.prefix } : null;
    }
    const destination = await this.lookup.destinationOf(number);
    if (!destination?.destinationgroup_id) return null;
    const retail = await this.lookup.retailRate(tariffId, userId, destination.destinationgroup_id);
    return retail ? { details: retail.details, prefix: destination.prefix } : null;
  }

  private async providerRate(providerId: number, number: string, at: Date): Promise<TariffRate | null> {
    const [row] = await this.db.query('SELECT tariff_id FROM providers WHERE id = ?', [providerId]);
    return row ? this.tariffRate(Number(row.tariff_id), null, number, at) : null;
  }

  /** A DID's incoming, owner and provider rates (stored as wholesale details). */
  private async didRates(didId: number): Promise<PartyRates> {
    const rows = await selectRows(this.db.manager, DidRate, { did_id: didId }, 'id');
    const of = (type: string) => rows.filter((r) => r.rate_type === type).map((r) => toWholesaleDetail(r as unknown as RateDetailRow));
    return { didIncoming: of('incoming'), didOwner: of('owner'), didProvider: of('provider') };
  }

  private async purposeOf(tariffId: number): Promise<string> {
    const known = this.purposes.get(tariffId);
    if (known !== undefined) return known;
    const [row] = await this.db.query('SELECT purpose FROM tariffs WHERE id = ?', [tariffId]);
    const purpose = row ? String(row.purpose) : '';
    // A tariff's purpose never changes once it has rates; an unknown id is not cached.
    if (row) this.purposes.set(tariffId, purpose);
    return purpose;
  }
}
