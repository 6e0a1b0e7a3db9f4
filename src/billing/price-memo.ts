import { type CallStart, selectBand } from './bands';
import { bandRate } from './call-rating';
import { toStorage } from './money';
import { type RateDetail, priceCall } from './pricing';

/** One party's part of a CDR as stored: the band's rate, billed seconds and price (storage text). */
export interface StoredPrice {
  readonly rate: string;
  readonly billsec: number;
  readonly price: string;
}

const UNRATED: StoredPrice = { rate: toStorage(0), billsec: 0, price: toStorage(0) };
const LAST_SECOND = 86_399;

/** What is remembered of one rate (details of one content): prices by band (its first detail's index) and seconds. */
interface KnownRate {
  /** Every detail is for all days and the whole day: the band is always all of them. */
  wholeDay: boolean;
  bands: Map<number, Map<number, StoredPrice>>;
}

/** The details' content, every field (a rate loaded again, or another prefix's equal rate, is the same rate). */
function contentOf(details: readonly RateDetail[]): string {
  return details.map((d) => Object.entries(d).map(([k, v]) => `${k}=${String(v)}`).join(',')).join(';');
}

/**
 * A party's stored price of a call (as the charger writes it: bandRate, priceCall, toStorage),
 * remembered per rate content, band and length, so that a batch job (CDR import) computes in
 * Decimal once per distinct (rate, band, seconds) instead of once per call. Exact by construction:
 * the band chosen for a start is fixed by the details and the band's first detail (selectBand
 * takes every detail of the first one's day type and hours), and the price depends on nothing
 * else. Bounded: forgets everything past `limit` remembered prices.
 */
export class PriceMemo {
  private byContent = new Map<string, KnownRate>();
  private byDetails = new WeakMap<readonly RateDetail[], KnownRate>();
  private size = 0;

  constructor(private readonly limit = 200_000) {}

  price(details: readonly RateDetail[] | undefined, start: CallStart, seconds: number): StoredPrice {
    if (!details) return UNRATED;
    const rate = this.knownRate(details);
    const bandKey = rate.wholeDay ? 0 : bandIndex(details, start);
    let bySeconds = rate.bands.get(bandKey);
    if (!bySeconds) rate.bands.set(bandKey, (bySeconds = new Map()));
    const known = bySeconds.get(seconds);
    if (known) return known;
    const priced = priceCall(details, start, seconds);
    const stored: StoredPrice = { rate: toStorage(bandRate(details, start)), billsec: priced?.billedSeconds ?? 0, price: toStorage(priced?.price ?? 0) };
    if (++this.size > this.limit) {
      this.byContent = new Map();
      this.byDetails = new WeakMap();
      this.size = 0;
    } else {
      bySeconds.set(seconds, stored);
    }
    return stored;
  }

  private knownRate(details: readonly RateDetail[]): KnownRate {
    let rate = this.byDetails.get(details);
    if (rate) return rate;
    const content = contentOf(details);
    rate = this.byContent.get(content);
    if (!rate) {
      const wholeDay = details.length > 0 && details.every((d) => d.dayType === 'all' && d.startTime === 0 && d.endTime === LAST_SECOND);
      this.byContent.set(content, (rate = { wholeDay, bands: new Map() }));
    }
    this.byDetails.set(details, rate);
    return rate;
  }
}

/** The index of the first detail of the band in force at `start`, -1 for none. */
function bandIndex(details: readonly RateDetail[], start: CallStart): number {
  const band = selectBand(details, start);
  return band.length === 0 ? -1 : details.indexOf(band[0]);
}
