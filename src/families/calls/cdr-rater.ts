import type { DataSource } from 'typeorm';
import { DID_PARTIES, type PartyRates } from '../../billing/call-rating';
import { type DayType } from '../../billing/bands';
import { digitsOf } from '../../billing/prefix';
import { PriceMemo } from '../../billing/price-memo';
import { runSql } from '../../database/raw';
import { MAX_PREFIX_LENGTH, callStartOf } from '../tariffs/rate-lookup.service';
import { type CallFacts, type Cdr, PARTIES } from './call-charger.service';
import { CallRatesService, RateMemo } from './call-rates.service';
import { type PricingTariffs, pricingTariffs } from './payer';

/** Who pays a user's calls, read once per user per run. */
interface Payers extends PricingTariffs {
  /** What a rate lookup depends on besides provider, prefix and day (the user only on a retail tariff: custom rates). */
  key: string;
}

interface FoundRates {
  rates: PartyRates;
  prefix: string;
  destination: string;
}

const DAY = 86_400;
const ALL_DIGITS = /^\d*$/;

/**
 * Rates a CSV's CDRs (a user's outgoing calls: no DID, no card) as CallChargerService.rate does,
 * with what the run has looked up remembered: payers per user, rates per (payers, provider, the
 * number's longest known prefix, UTC day) and prices per (rate band, seconds) (PriceMemo). A CDR
 * whose lookups are all known is rated synchronously; a miss goes to CallRatesService.ratesOf.
 *
 * Why a prefix stands for the number: every rate lookup matches the number's prefixes against a set
 * of prefixes (a tariff's, the destinations'); RateMemo.prefixes is their union, so the longest
 * prefix of the number there fixes the longest match in each set. The union holds a payer's sets
 * once one of its calls has been looked up (`complete`).
 */
export class CdrRater {
  private readonly memo = new RateMemo();
  private readonly prices = new PriceMemo();
  private readonly payers = new Map<number, Payers>();
  private readonly found = new Map<string, FoundRates>();
  private readonly complete = new Set<string>();
  private readonly dayTypes = new Map<number, DayType>();

  constructor(
    private readonly db: DataSource,
    private readonly callRates: CallRatesService,
    private readonly limit = 100_000,
  ) {}

  /** The CDR of `facts` (which it becomes: the caller hands them over). */
  rate(facts: CallFacts): Cdr | Promise<Cdr> {
    const payers = this.payers.get(facts.userId);
    if (!payers) return this.payersOf(facts.userId).then(() => this.rate(facts));
    const context = `${payers.key}|${facts.providerId}`;
    const seconds = Math.floor(facts.calldate.getTime() / 1000);
    const day = Math.floor(seconds / DAY);
    const number = facts.localized || facts.dst;
    const known = this.complete.has(context) ? this.found.get(`${context}|${this.longestPrefix(number)}|${day}`) : undefined;
    if (!known) return this.lookUp(facts, payers, context, day).then(() => this.rate(facts));
    const start = { dayType: this.dayTypeOf(day), secondOfDay: seconds - day * DAY };
    const prices = {} as Cdr['prices'];
    for (const party of PARTIES) prices[party] = this.prices.price(known.rates[party], start, DID_PARTIES.has(party) ? facts.didBillsec : facts.billsec);
    // The facts become the CDR: copying a call's every field (a spread) cost more than rating it.
    return Object.assign(facts, { resellerId: payers.resellerId, prefix: known.prefix, destination: known.destination, prices });
  }

  /** prefixCandidates(number, MAX_PREFIX_LENGTH).find(in the union), without the candidates no prefix is as long as. */
  private longestPrefix(number: string): string {
    const digits = ALL_DIGITS.test(number) ? number : digitsOf(number);
    for (let length = Math.min(digits.length, MAX_PREFIX_LENGTH, this.memo.longestPrefix); length >= 1; length--) {
      const candidate = digits.slice(0, length);
      if (this.memo.prefixes.has(candidate)) return candidate;
    }
    return '';
  }

  private async lookUp(facts: CallFacts, payers: Payers, context: string, day: number): Promise<void> {
    const found = await this.callRates.ratesOf({
      userId: facts.userId, userTariffId: payers.userTariffId, resellerTariffId: payers.resellerTariffId,
      providerId: facts.providerId, didId: 0, number: facts.localized || facts.dst, at: facts.calldate,
    }, this.memo);
    // The lookup has put every set this context matches against into the union.
    this.complete.add(context);
    if (this.found.size >= this.limit) this.found.clear();
    this.found.set(`${context}|${this.longestPrefix(facts.localized || facts.dst)}|${day}`, found);
  }

  private async payersOf(userId: number): Promise<void> {
    const { userTariffId, resellerId, resellerTariffId } = await pricingTariffs((sql, id) => runSql(this.db.manager, sql, [id]), userId);
    const retail = userTariffId ? (await this.callRates.purposeOf(userTariffId)) === 'user' : false;
    this.payers.set(userId, { userTariffId, resellerId, resellerTariffId, key: `${userTariffId}|${resellerTariffId}|${retail ? userId : ''}` });
  }

  private dayTypeOf(day: number): DayType {
    let type = this.dayTypes.get(day);
    if (!type) this.dayTypes.set(day, (type = callStartOf(new Date(day * DAY * 1000)).dayType));
    return type;
  }
}
