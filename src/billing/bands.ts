/**
 * Time bands and day types: which rate details apply to a call, chosen from the moment it starts.
 *
 * MOR splits every rate (wholesale prefix or retail destination group) by day type (WD work day,
 * FD free day, or all days) and by a start_time..end_time band of the day (§B.1, §B.4).
 * The band and day type in force when the call starts price the WHOLE call, even if it runs past a
 * band edge or midnight: MOR stores exactly one `user_rate` / `provider_rate` per call (CDR fields,
 * 03 §S1) and decides the day type once, when the call is authorised. See docs/decisions.md, "Pricing".
 */

export type DayType = 'WD' | 'FD';
/** Day type a rate detail applies to; 'all' is MOR's empty `<daytype/>` (every day). */
export type DayTypeFilter = DayType | 'all';

export interface TimeBand {
  readonly dayType: DayTypeFilter;
  /** First second of the day covered, 0..86399 (`parseTimeOfDay('08:00:00')`). */
  readonly startTime: number;
  /** Last second of the day covered, INCLUSIVE: MOR writes bands as 00:00:00–21:59:59 (§ tariff_retail_import). */
  readonly endTime: number;
}

/** When a call starts, in the account's local wall-clock time. */
export interface CallStart {
  readonly dayType: DayType;
  /** 0..86399 */
  readonly secondOfDay: number;
}

const SECONDS_PER_DAY = 86_400;

/** 'HH:MM:SS' (or 'HH:MM') → second of the day. */
export function parseTimeOfDay(text: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`Invalid time of day: '${text}'`);
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || min > 59 || s > 59) throw new RangeError(`Invalid time of day: '${text}'`);
  return h * 3600 + min * 60 + s;
}

/**
 * Day type of a calendar date 'YYYY-MM-DD': Monday–Friday WD, Saturday–Sunday FD (§B.4), unless
 * the admin's Day setup (holidays, exceptions) lists the date.
 */
export function dayTypeOfDate(isoDate: string, daySetup?: ReadonlyMap<string, DayType>): DayType {
  const override = daySetup?.get(isoDate);
  if (override) return override;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError(`Invalid date: '${isoDate}'`);
  // Date.UTC avoids the process time zone: we only want the weekday of a calendar date.
  const weekday = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return weekday === 0 || weekday === 6 ? 'FD' : 'WD';
}

/** 'YYYY-MM-DD HH:MM:SS' (local time of the account) → CallStart. */
export function callStartAt(localDateTime: string, daySetup?: ReadonlyMap<string, DayType>): CallStart {
  const [date, time] = localDateTime.trim().split(/[ T]/);
  if (!date || !time) throw new RangeError(`Invalid date-time: '${localDateTime}'`);
  return { dayType: dayTypeOfDate(date, daySetup), secondOfDay: parseTimeOfDay(time) };
}

/** A band whose end is before its start wraps past midnight (22:00:00–05:59:59). */
export function bandContains(band: TimeBand, secondOfDay: number): boolean {
  return band.startTime <= band.endTime
    ? secondOfDay >= band.startTime && secondOfDay <= band.endTime
    : secondOfDay >= band.startTime || secondOfDay <= band.endTime;
}

const sameBand = (a: TimeBand, b: TimeBand): boolean =>
  a.dayType === b.dayType && a.startTime === b.startTime && a.endTime === b.endTime;

/**
 * The rate details of the one band in force at call start. Details for the call's own day type win
 * over 'all'-days details (the specific setting is the deliberate one). Returns [] when no band
 * covers the moment: the rate does not apply then. Two different bands covering the same moment
 * is corrupt data (MOR's import rejects time collisions) and throws rather than guess a price.
 */
export function selectBand<T extends TimeBand>(details: readonly T[], start: CallStart): T[] {
  const second = Math.floor(start.secondOfDay);
  if (!(second >= 0 && second < SECONDS_PER_DAY)) throw new RangeError(`secondOfDay out of range: ${start.secondOfDay}`);
  const covering = details.filter((d) => bandContains(d, second));
  const own = covering.filter((d) => d.dayType === start.dayType);
  const chosen = own.length > 0 ? own : covering.filter((d) => d.dayType === 'all');
  const first = chosen[0];
  if (first && chosen.some((d) => !sameBand(d, first))) {
    throw new RangeError(`Overlapping time bands at second ${second} of a ${start.dayType} day`);
  }
  return chosen;
}
