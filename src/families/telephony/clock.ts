import { MorError } from '../../api/mor-error';

/** The time the telephony jobs see; tests hand in one they move by hand. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('TelephonyClock');

export const systemClock: Clock = { now: () => new Date() };

/** The module's clock: the system's, unless another source is put in (tests hand in a ManualClock). */
export class SwitchableClock implements Clock {
  private source: Clock = systemClock;

  use(source: Clock): void {
    this.source = source;
  }

  now(): Date {
    return this.source.now();
  }
}

/** A clock that stands still until moved. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current);
  }

  set(at: Date): void {
    this.current = new Date(at);
  }

  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** 'YYYY-MM-DD HH:MM:SS' in UTC, as MOR prints times and as both databases store them. */
export function sqlTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/** Start and end (inclusive) of the UTC day of `at`, in unix seconds. */
export function utcDay(at: Date): { from: number; till: number } {
  const from = Math.floor(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()) / 1000);
  return { from, till: from + 86399 };
}

/** A unix timestamp param; MOR's wording for a malformed date. */
export function unixParam(raw: string | undefined, fallback: number, text: string): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,10}$/.test(raw)) throw new MorError(text);
  return Number(raw);
}

/** A datetime as MOR prints it, whichever driver read it. */
export function timeText(value: unknown): string {
  if (value instanceof Date) return sqlTime(value);
  return value === null || value === undefined ? '' : String(value).slice(0, 19);
}
