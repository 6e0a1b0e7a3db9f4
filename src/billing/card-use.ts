/**
 * Whether a calling card may pay for a call now, and how much of its balance it may spend (04 §S
 * calling cards): sold, not disabled, inside its group's validity window and its "valid after first
 * use" days; the balance above the card's minimum, less the setup fee still due (charged on the
 * first connected call) and what its calls in progress hold. Ghost percentages change only what
 * the IVR announces, never what is charged.
 */
import { Decimal, type DecimalInput, money } from './money';

export type CardRefusal = 'not_found' | 'not_sold' | 'disabled' | 'not_yet_valid' | 'expired' | 'in_use' | 'no_balance';

export interface CardUseState {
  sold: boolean;
  disabled: boolean;
  firstUse: Date | null;
  validFrom: Date | null;
  validTill: Date | null;
  /** Days a card stays valid after its first use; 0 = no limit. */
  validAfterFirstUse: number;
  balance: DecimalInput;
  minBalance: DecimalInput;
  setupFee: DecimalInput;
  /** Sum of what the card's calls in progress hold. */
  held: DecimalInput;
  /** Solo pinless: the card may not be used by two calls at once. */
  solo: boolean;
  activeCalls: number;
}

const DAY_MS = 86_400_000;

/** What the card may still spend now (never below 0). */
export function spendable(s: CardUseState): Decimal {
  const setup = s.firstUse === null ? money(s.setupFee) : new Decimal(0);
  const left = money(s.balance).minus(money(s.minBalance)).minus(setup).minus(money(s.held));
  return left.isNegative() ? new Decimal(0) : left;
}

/** Why the card may not pay for a call at `now`, or null when it may. */
export function cardRefusal(s: CardUseState, now: Date): CardRefusal | null {
  if (!s.sold) return 'not_sold';
  if (s.disabled) return 'disabled';
  if (s.validFrom && now.getTime() < s.validFrom.getTime()) return 'not_yet_valid';
  if (s.validTill && now.getTime() > s.validTill.getTime()) return 'expired';
  if (s.firstUse && s.validAfterFirstUse > 0 && now.getTime() > s.firstUse.getTime() + s.validAfterFirstUse * DAY_MS) return 'expired';
  if (s.solo && s.activeCalls > 0) return 'in_use';
  if (!spendable(s).greaterThan(0)) return 'no_balance';
  return null;
}

/** What the IVR announces: the balance (or minutes) times the group's ghost percentage. */
export function ghostAnnounced(value: DecimalInput, ghostPercent: DecimalInput): Decimal {
  return money(value).times(money(ghostPercent)).dividedBy(100);
}

/** UTC dates (YYYY-MM-DD) whose daily charge is due: each day from `paidTill` (or first use) up to `now`. */
export function dailyChargeDays(firstUse: Date | null, paidTill: Date | null, now: Date): string[] {
  const from = paidTill ?? firstUse;
  if (!from) return [];
  const days: string[] = [];
  for (let at = startOfDay(from).getTime() + (paidTill ? DAY_MS : 0); at <= now.getTime(); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
