import { money } from '../../billing/money';
import { RateDetailRow, RetailDetailRow } from './rate-detail.entity';
import { Tariff } from './tariff.entity';

/** 'YYYY-MM-DD HH:MM:SS' in UTC; '' for no date. */
export function formatDateTime(value: Date | string | null): string {
  if (value === null) return '';
  const date = value instanceof Date ? value : new Date(value);
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A rate as MOR prints it in rate_get and tariff exports: no trailing zeros ('0.987', '35'). */
export function formatRate(value: string | number): string {
  return money(value).toDecimalPlaces(6).toString();
}

export function tariffListRow(t: Tariff): Record<string, string> {
  return {
    id: String(t.id), name: t.name, purpose: t.purpose, currency: t.currency,
    last_update_date: t.last_update_date === null ? '' : `${formatDateTime(t.last_update_date)} +0000`,
  };
}

/** The head shared by both tariff_rates_get layouts. */
export function tariffHead(t: Tariff): Record<string, string> {
  return { pagename: ' Tariff ', tariff_name: t.name, purpose: t.purpose, currency: t.currency };
}

const band = (d: { start_time: string; end_time: string; daytype: string }) => ({ start_time: d.start_time, end_time: d.end_time });

export function retailRateRow(d: RetailDetailRow): Record<string, string> {
  return {
    duration: String(d.duration), type: d.artype, round_by: String(d.round_by), tariff_rate: formatRate(d.price),
    ...band(d), from: String(d.from_s), daytype: d.daytype,
  };
}

export interface WholesaleNames {
  direction: string;
  destination: string;
  subcode: string;
  code: string;
}

export function wholesaleRateRow(prefix: string, effectiveFrom: Date | null, d: RateDetailRow, names: WholesaleNames): Record<string, string> {
  return {
    direction: names.direction, destination: names.destination, prefix, subcode: names.subcode, code: names.code,
    tariff_rate: formatRate(d.rate), con_fee: formatRate(d.connection_fee), increment: String(d.increment_s), min_time: String(d.min_time),
    ...band(d), daytype: d.daytype, effective_from: formatDateTime(effectiveFrom),
  };
}
