import { bandContains, parseTimeOfDay } from '../../billing/bands';
import { isMoneyText, toStorage } from '../../billing/money';

/** One <rates> element of tariff_retail_import, as sent. */
export interface RetailImportRate {
  rate_price: string;
  rate_round_by: string;
  rate_type: string;
  rate_start_time: string;
  rate_end_time: string;
  rate_duration: string;
  day_type: string;
}

export interface RetailImportDestination {
  direction: string;
  destination_group_name: string;
  destination_group_type: string;
  rates: RetailImportRate[];
}

export interface RetailImportDoc {
  name: string;
  id: string;
  destinations: RetailImportDestination[];
}

/** A validated detail, ready to store (from_s counted per band). */
export interface RetailDetailValues {
  from_s: number;
  duration: number;
  artype: string;
  round_by: number;
  price: string;
  start_time: string;
  end_time: string;
  daytype: string;
}

type Node = Record<string, unknown>;
const text = (node: Node | undefined, key: string): string => {
  const v = (node?.[key] as unknown[] | undefined)?.[0];
  return typeof v === 'string' ? v.trim() : '';
};
const children = (node: Node | undefined, key: string): Node[] => ((node?.[key] as unknown[] | undefined) ?? []).filter((c): c is Node => typeof c === 'object' && c !== null);

/** The parsed (xml2js, explicitArray) <tariff> document → plain values. Null when there is no <tariff>. */
export function readRetailImport(parsed: unknown): RetailImportDoc | null {
  const tariff = (parsed as Node | null)?.tariff as Node | undefined;
  if (!tariff || typeof tariff !== 'object') return null;
  const destinations = children(tariff, 'destinations').flatMap((d) => children(d, 'destination'));
  return {
    name: text(tariff, 'name'),
    id: text(tariff, 'id'),
    destinations: destinations.map((d) => ({
      direction: text(d, 'direction'),
      destination_group_name: text(d, 'destination_group_name'),
      destination_group_type: text(d, 'destination_group_type'),
      rates: children(d, 'rates').map((r) => ({
        rate_price: text(r, 'rate_price'), rate_round_by: text(r, 'rate_round_by'), rate_type: text(r, 'rate_type'),
        rate_start_time: text(r, 'rate_start_time'), rate_end_time: text(r, 'rate_end_time'), rate_duration: text(r, 'rate_duration'), day_type: text(r, 'day_type'),
      })),
    })),
  };
}

const isTime = (t: string): boolean => {
  try {
    parseTimeOfDay(t);
    return true;
  } catch {
    return false;
  }
};

/**
 * Whether one <rates> element is storable: price ≥ 0 that fits DECIMAL(20,6), round by ≥ 1, type,
 * band times, duration ≥ -1, day type. Integers have at most 9 digits (INT columns).
 */
export function isGoodRate(r: RetailImportRate): boolean {
  return isMoneyText(r.rate_price) && !r.rate_price.startsWith('-')
    && /^\d{1,9}$/.test(r.rate_round_by) && Number(r.rate_round_by) >= 1
    && (r.rate_type === 'minute' || r.rate_type === 'event')
    && isTime(r.rate_start_time) && isTime(r.rate_end_time)
    && /^-?\d{1,9}$/.test(r.rate_duration) && Number(r.rate_duration) >= -1
    && ['WD', 'FD', ''].includes(r.day_type);
}

const bandKey = (r: RetailImportRate): string => `${r.day_type}|${r.rate_start_time}|${r.rate_end_time}`;

/**
 * Two different bands of one day type that overlap: MOR calls them time collisions. A band whose
 * end is before its start wraps past midnight (as selectBand reads it), so two bands overlap when
 * either contains the other's first second.
 * Returns the collisions as 'DAY start-end / start-end' texts.
 */
export function timeCollisions(rates: readonly RetailImportRate[]): string[] {
  const bands = [...new Map(rates.map((r) => [bandKey(r), r])).values()];
  const out: string[] = [];
  for (let i = 0; i < bands.length; i++) {
    for (let j = i + 1; j < bands.length; j++) {
      const [a, b] = [bands[i]!, bands[j]!];
      if (a.day_type !== b.day_type) continue;
      const [bandA, bandB] = [a, b].map((x) => ({ dayType: 'all' as const, startTime: parseTimeOfDay(x.rate_start_time), endTime: parseTimeOfDay(x.rate_end_time) }));
      if (bandContains(bandA!, bandB!.startTime) || bandContains(bandB!, bandA!.startTime)) out.push(`${a.day_type} ${a.rate_start_time}-${a.rate_end_time} / ${b.rate_start_time}-${b.rate_end_time}`);
    }
  }
  return out;
}

/** Details in document order; FROM of each is 1 + the durations before it in its band. */
export function detailValues(rates: readonly RetailImportRate[]): RetailDetailValues[] {
  const nextFrom = new Map<string, number>();
  return rates.map((r) => {
    const from = nextFrom.get(bandKey(r)) ?? 1;
    const duration = Number(r.rate_duration);
    nextFrom.set(bandKey(r), from + Math.max(duration, 0));
    return {
      from_s: from, duration, artype: r.rate_type, round_by: Number(r.rate_round_by), price: toStorage(r.rate_price),
      start_time: r.rate_start_time, end_time: r.rate_end_time, daytype: r.day_type,
    };
  });
}
