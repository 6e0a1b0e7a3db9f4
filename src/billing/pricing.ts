/**
 * Price of one call from MOR rate details. Pure: no I/O, Decimal arithmetic only.
 *
 * Two shapes of rate detail exist (reference §B.3, §B.4):
 * - wholesale (provider and user-wholesale tariffs): per prefix — rate per minute, connection fee,
 *   increment, minimal time;
 * - retail (advanced rates of a destination group): an ordered list of intervals RD1…RDn, each FROM
 *   a second of the call, for DURATION seconds (-1 = to the end), of TYPE minute or event, rounded by
 *   ROUND BY; the call costs RD1 + … + RDn.
 * Both carry a time band (bands.ts); the band in force at call start prices the whole call.
 */
import { type CallStart, type TimeBand, selectBand } from './bands';
import { Decimal, MONEY_SCALE } from './money';

export interface WholesaleRateDetail extends TimeBand {
  readonly kind: 'wholesale';
  readonly ratePerMinute: Decimal;
  /** Charged once per answered call (`con_fee`). */
  readonly connectionFee: Decimal;
  /** Billed seconds move in steps of this many seconds, rounded up (`increment`). */
  readonly increment: number;
  /** Answered calls shorter than this are billed as this long (`min_time`). */
  readonly minTime: number;
}

export interface RetailRateDetail extends TimeBand {
  readonly kind: 'retail';
  /** First second of the call this interval covers, 1-based (FROM). */
  readonly from: number;
  /** Length of the interval in seconds; -1 = until the end of the call; 0 = a point (events). */
  readonly duration: number;
  /** 'minute': the interval's seconds at `rate` per minute; 'event': `rate` once, flat. */
  readonly type: 'minute' | 'event';
  /** Rounding step of the seconds inside the interval (ROUND BY), rounded up. */
  readonly roundBy: number;
  /** Price per minute ('minute') or flat amount ('event'). */
  readonly rate: Decimal;
}

export type RateDetail = WholesaleRateDetail | RetailRateDetail;

export interface CallPrice {
  /** Seconds the customer is billed for (≥ the seconds used): `user_billsec`-style. */
  readonly billedSeconds: number;
  /** Rounded half-up to MONEY_SCALE (6) decimals, the scale amounts are stored at. */
  readonly price: Decimal;
}

const SIXTY = new Decimal(60);
const FREE: CallPrice = { billedSeconds: 0, price: new Decimal(0) };

/** Smallest multiple of `step` that is ≥ `seconds`; a step below 1 (0 in old rows) means 1. */
export function roundUpTo(seconds: number, step: number): number {
  const s = Math.max(1, Math.floor(step));
  return Math.ceil(seconds / s) * s;
}

function assertSeconds(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 0) throw new RangeError(`Call length must be whole seconds ≥ 0: ${seconds}`);
}

// Rounding happens once, on the total, so the sum of intervals carries no intermediate rounding error.
const finish = (billedSeconds: number, price: Decimal): CallPrice => ({
  billedSeconds,
  price: price.toDecimalPlaces(MONEY_SCALE),
});

/**
 * Wholesale: billsec = roundUp(max(seconds, minTime), increment); price = connectionFee + rate × billsec / 60.
 * Min time is applied before the increment (§B.3: the order is not documented; this order keeps
 * billsec a multiple of the increment, which is what "billed in steps of increment" promises).
 * A 0-second call (not answered) costs nothing — no connection fee, no minimal time: both are
 * documented for answered calls only.
 */
export function priceWholesale(detail: WholesaleRateDetail, seconds: number): CallPrice {
  assertSeconds(seconds);
  if (seconds === 0) return FREE;
  const billed = roundUpTo(Math.max(seconds, detail.minTime), detail.increment);
  return finish(billed, detail.connectionFee.plus(detail.ratePerMinute.times(billed).dividedBy(SIXTY)));
}

/**
 * Retail: the sum of every interval the call reaches.
 * - An interval covers call seconds [from, from + duration − 1]; a call that never reaches FROM pays nothing for it.
 * - 'minute': the seconds used inside the interval, rounded up by ROUND BY but never past the
 *   interval's own length (rounding happens "inside the interval", §B.4), at rate per minute.
 * - 'event': the flat rate once, as soon as the call reaches FROM, whatever its duration.
 * Billed seconds = seconds used + what 'minute' rounding added; event and uncovered seconds count as used.
 */
export function priceRetail(details: readonly RetailRateDetail[], seconds: number): CallPrice {
  assertSeconds(seconds);
  if (seconds === 0) return FREE;
  let price = new Decimal(0);
  let added = 0;
  for (const d of details) {
    if (seconds < d.from) continue;
    if (d.type === 'event') {
      price = price.plus(d.rate);
      continue;
    }
    const last = d.duration < 0 ? seconds : Math.min(seconds, d.from + d.duration - 1);
    const used = last - d.from + 1;
    if (used <= 0) continue;
    const rounded = roundUpTo(used, d.roundBy);
    const billed = d.duration < 0 ? rounded : Math.min(rounded, d.duration);
    price = price.plus(d.rate.times(billed).dividedBy(SIXTY));
    added += billed - used;
  }
  return finish(seconds + added, price);
}

/**
 * Price of a call of `seconds` that started at `start`, from all rate details of its rate
 * (one prefix of a wholesale tariff, or one destination group of a retail tariff).
 * Undefined when no detail covers the start moment (no rate → MOR refuses the call, hangup 203).
 */
export function priceCall(details: readonly RateDetail[], start: CallStart, seconds: number): CallPrice | undefined {
  const band = selectBand(details, start);
  const first = band[0];
  if (!first) return undefined;
  if (band.some((d) => d.kind !== first.kind)) throw new RangeError('Wholesale and retail rate details mixed in one rate');
  if (first.kind === 'retail') return priceRetail(band as RetailRateDetail[], seconds);
  if (band.length > 1) throw new RangeError('Several wholesale rate details in one time band');
  return priceWholesale(first, seconds);
}
