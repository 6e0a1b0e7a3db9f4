import type { DayTypeFilter } from '../../billing/bands';
import { parseTimeOfDay } from '../../billing/bands';
import { money } from '../../billing/money';
import type { RetailRateDetail, WholesaleRateDetail } from '../../billing/pricing';
import type { BandColumns, RateDetailRow, RetailDetailRow } from './rate-detail.entity';

/** Stored band columns → the pricing core's TimeBand. */
function bandOf(row: BandColumns): { dayType: DayTypeFilter; startTime: number; endTime: number } {
  const dayType: DayTypeFilter = row.daytype === 'WD' || row.daytype === 'FD' ? row.daytype : 'all';
  return { dayType, startTime: parseTimeOfDay(row.start_time), endTime: parseTimeOfDay(row.end_time) };
}

export function toWholesaleDetail(row: RateDetailRow): WholesaleRateDetail {
  return {
    kind: 'wholesale', ...bandOf(row), ratePerMinute: money(row.rate), connectionFee: money(row.connection_fee),
    increment: row.increment_s, minTime: row.min_time,
  };
}

export function toRetailDetail(row: RetailDetailRow): RetailRateDetail {
  return {
    kind: 'retail', ...bandOf(row), from: row.from_s, duration: row.duration,
    type: row.artype === 'event' ? 'event' : 'minute', roundBy: row.round_by, rate: money(row.price),
  };
}
