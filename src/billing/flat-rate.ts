/**
 * Flat-rate minutes (05 Services): a flat-rate service covers the numbers its destination list
 * includes (longest prefix decides; an excluded prefix inside an included one carves it out), and
 * gives each subscription a monthly quantity of minutes. A covered call takes its seconds from the
 * subscriptions' allowances in order; what is left is rated normally. Pure: no I/O.
 */

export interface FlatRateDestination {
  prefix: string;
  included: boolean;
}

/** The destination deciding a number: the longest prefix of it; null when none matches. */
export function decidingDestination(number: string, destinations: readonly FlatRateDestination[]): FlatRateDestination | null {
  let best: FlatRateDestination | null = null;
  for (const d of destinations) if (number.startsWith(d.prefix) && (!best || d.prefix.length > best.prefix.length)) best = d;
  return best;
}

export interface Allowance {
  subscriptionId: number;
  /** Seconds still free this month (≥ 0). */
  remaining: number;
}

export interface Taken {
  subscriptionId: number;
  seconds: number;
}

/** Takes `billsec` from the allowances in order: what each gives, and the seconds left to rate. */
export function takeSeconds(billsec: number, allowances: readonly Allowance[]): { taken: Taken[]; rest: number } {
  const taken: Taken[] = [];
  let rest = billsec;
  for (const a of allowances) {
    if (rest === 0) break;
    const seconds = Math.min(rest, Math.max(0, a.remaining));
    if (seconds > 0) taken.push({ subscriptionId: a.subscriptionId, seconds });
    rest -= seconds;
  }
  return { taken, rest };
}
