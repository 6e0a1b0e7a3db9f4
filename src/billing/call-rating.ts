/**
 * Rating one call for every party it touches, and how long a call may last. Pure: no I/O.
 *
 * Parties (03 §S1): the user (what the caller pays), the user's reseller (what the reseller pays
 * the admin), the provider (what the admin pays the terminator), and for a call through a DID the
 * DID's incoming, owner and provider rates, billed on the DID leg's time.
 */
import { type CallStart, selectBand } from './bands';
import { Decimal, money } from './money';
import { type CallPrice, type RateDetail, priceCall } from './pricing';

/** MOR's own hangup causes (wiki "Hangupcause Codes"), the ones authorization answers. */
export const HangupCause = {
  answered: 16,
  callerUnknown: 200,
  userBlocked: 201,
  noRate: 203,
  noProvider: 204,
  balanceUnderOneSecond: 210,
  lowBalance: 211,
  didOwnerUnderOneSecond: 213,
  didOwnerLowBalance: 214,
  resellerUnderOneSecond: 215,
  resellerLowBalance: 216,
  lossCall: 218,
  didLimit: 219,
  userLimit: 220,
  deviceLimit: 221,
  resellerLimit: 222,
  providerLimit: 223,
} as const;

export interface WireCause {
  /** Q.850 / ISDN cause the switch hangs up with. */
  isdn: number;
  /** SIP response code. */
  sip: number;
}

/**
 * What a MOR cause becomes on the wire (03 §S1): 208, 210–216, 219–223 → ISDN 34 / SIP 503;
 * 226, 229 → ISDN 1 / SIP 404; 233 → ISDN 66 / SIP 500; any other ≥ 200 → ISDN 21 / SIP 403.
 * Below 200 a cause is already ISDN; answered (16) is SIP 200.
 */
export function wireCause(code: number): WireCause {
  if (code === 208 || (code >= 210 && code <= 216) || (code >= 219 && code <= 223)) return { isdn: 34, sip: 503 };
  if (code === 226 || code === 229) return { isdn: 1, sip: 404 };
  if (code === 233) return { isdn: 66, sip: 500 };
  if (code >= 200) return { isdn: 21, sip: 403 };
  return { isdn: code, sip: code === 16 ? 200 : 480 };
}

/** Moments of a call in epoch seconds (wiki "DID Billing Time explained": B, C, D, E). */
export interface CallMoments {
  /** B: the call reached the system (a DID leg's billing starts here). Default: `dialed`. */
  reached?: number;
  /** C: the destination was sent to the provider. */
  dialed: number;
  /** D: answered; absent for an unanswered call. */
  answered?: number;
  /** E: hangup. */
  ended: number;
}

export interface CallTimes {
  /** E − C */
  duration: number;
  /** E − D, 0 when not answered. */
  billsec: number;
  /** E − B: the DID leg's billable time. */
  didBillsec: number;
}

export function callTimes(t: CallMoments): CallTimes {
  const reached = t.reached ?? t.dialed;
  if (!(reached <= t.dialed && t.dialed <= t.ended) || (t.answered !== undefined && !(t.dialed <= t.answered && t.answered <= t.ended))) {
    throw new RangeError('Call moments out of order');
  }
  return { duration: t.ended - t.dialed, billsec: t.answered === undefined ? 0 : t.ended - t.answered, didBillsec: t.ended - reached };
}

/** What a payer has: balance, credit (negative = unlimited) and whether postpaid. */
export interface PayerAccount {
  balance: Decimal;
  credit: Decimal;
  postpaid: boolean;
}

/**
 * Money a payer may still spend (03 §S2): prepaid — the balance (credit is always 0); postpaid —
 * balance + credit, or null when the credit is unlimited. `held` (what the payer's other calls in
 * progress could still cost) is set aside.
 */
export function spendable(account: PayerAccount, held: Decimal = new Decimal(0)): Decimal | null {
  if (!account.postpaid) return account.balance.minus(held);
  if (account.credit.isNegative()) return null;
  return account.balance.plus(account.credit).minus(held);
}

/**
 * The longest call (whole seconds, at most `cap`) whose price does not exceed `available`; null
 * `available` means unlimited (the cap). `price` must not decrease as seconds grow, which
 * every MOR rate satisfies (increments round up, fees are added once). 0 when even one second
 * costs more than there is.
 */
export function maxDuration(price: (seconds: number) => Decimal, available: Decimal | null, cap: number): number {
  if (available === null || price(cap).lessThanOrEqualTo(available)) return cap;
  if (price(1).greaterThan(available)) return 0;
  let low = 1; // price(low) ≤ available
  let high = cap; // price(high) > available
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (price(mid).lessThanOrEqualTo(available)) low = mid;
    else high = mid;
  }
  return low;
}

/** The rate details of each party for one call; a party without rates is absent. */
export interface PartyRates {
  user?: readonly RateDetail[];
  reseller?: readonly RateDetail[];
  provider?: readonly RateDetail[];
  didIncoming?: readonly RateDetail[];
  didOwner?: readonly RateDetail[];
  didProvider?: readonly RateDetail[];
}

export type Party = keyof PartyRates;

export type CallRating = Partial<Record<Party, CallPrice>>;

/** Parties priced on the DID leg's billable time. */
export const DID_PARTIES: ReadonlySet<Party> = new Set<Party>(['didIncoming', 'didOwner', 'didProvider']);

/**
 * Every party's price of a call that started at `start`: user, reseller and provider on `billsec`,
 * DID parties on the DID leg's billable time. A party whose rate has no band at `start` is absent.
 */
export function rateCall(rates: PartyRates, start: CallStart, billsec: number, didBillsec = billsec): CallRating {
  const rating: CallRating = {};
  for (const party of Object.keys(rates) as Party[]) {
    const details = rates[party];
    if (!details) continue;
    const price = priceCall(details, start, DID_PARTIES.has(party) ? didBillsec : billsec);
    if (price) rating[party] = price;
  }
  return rating;
}

/** A price function of seconds for maxDuration; a rate with no band at `start` costs nothing. */
export function priceOf(details: readonly RateDetail[], start: CallStart): (seconds: number) => Decimal {
  return (seconds) => priceCall(details, start, seconds)?.price ?? new Decimal(0);
}

/** Per-minute price of the band in force for the first minute: what loss-call checks compare. */
export function minutePrice(details: readonly RateDetail[], start: CallStart): Decimal {
  return money(priceCall(details, start, 60)?.price ?? 0);
}

/**
 * A reseller's user whose first minute costs less than the reseller pays for it is a loss call,
 * refused (218) unless the reseller allows loss calls.
 */
export function isLossCall(user: readonly RateDetail[], reseller: readonly RateDetail[], start: CallStart): boolean {
  return minutePrice(user, start).lessThan(minutePrice(reseller, start));
}

/** The rate a CDR shows for a party: per minute of the band in force (a retail rate's first interval). */
export function bandRate(details: readonly RateDetail[] | undefined, start: CallStart): Decimal {
  const first = details ? selectBand(details, start)[0] : undefined;
  if (!first) return new Decimal(0);
  return first.kind === 'wholesale' ? first.ratePerMinute : first.rate;
}
