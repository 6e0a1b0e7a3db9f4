import type { EntityManager } from 'typeorm';
import { type Allowance, type FlatRateDestination, type Taken, decidingDestination } from '../../billing/flat-rate';
import { sqlDateTime } from '../../ledger/ledger';
import { runSql } from '../../database/raw';

/** One of a user's flat-rate subscriptions active at a moment, with the destination deciding a number. */
export interface FlatRateCover extends Allowance {
  /** The deciding destination of the number, null when the service's list does not match it. */
  destination: FlatRateDestination | null;
}

const FLAT_TYPES = "('flat_rate', 'dynamic_flat_rate')";

/** A user's enabled flat-rate subscriptions, in any activation window. */
const FLAT_SUBSCRIPTIONS = `FROM subscriptions s JOIN services v ON v.id = s.service_id WHERE s.user_id = ? AND s.disabled = 0 AND v.servicetype IN ${FLAT_TYPES}`;
/** Those active at a moment (read by call_end before its transaction, and inside it when minutes were taken). */
const ACTIVE_SUBSCRIPTIONS = `SELECT s.id, s.service_id, v.quantity ${FLAT_SUBSCRIPTIONS} AND s.activation_start <= ? AND (s.activation_end IS NULL OR s.activation_end >= ?) ORDER BY s.id`;

/** Whether a user has any enabled flat-rate subscription (in any activation window): call_end asks first, through a cache. */
export async function hasFlatRate(m: EntityManager, userId: number): Promise<boolean> {
  const rows = await runSql(m, `SELECT 1 AS x ${FLAT_SUBSCRIPTIONS} LIMIT 1`, [userId]);
  return rows.length > 0;
}

/** The calendar month (UTC) whose quantity a call at `at` uses: `YYYY-MM`. */
export const flatRatePeriod = (at: Date) => at.toISOString().slice(0, 7);

/**
 * The user's flat-rate subscriptions active at `at` (enabled, inside their activation window), in
 * id order, each with the destination deciding `number` and the seconds of its monthly quantity
 * still free in that month. Read through `m` (a transaction's manager when consuming).
 */
export async function flatRateCovers(m: EntityManager, userId: number, number: string, at: Date): Promise<FlatRateCover[]> {
  const moment = sqlDateTime(at);
  const subs: { id: number; service_id: number; quantity: number }[] = await runSql(m, ACTIVE_SUBSCRIPTIONS, [userId, moment, moment]);
  if (subs.length === 0) return [];
  const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  const serviceIds = [...new Set(subs.map((s) => Number(s.service_id)))];
  const subIds = subs.map((s) => Number(s.id));
  const [destinations, usage] = await Promise.all([
    runSql<{ service_id: number; prefix: string; included: number }>(m, `SELECT service_id, prefix, included FROM flatrate_destinations WHERE service_id IN (${marks(serviceIds.length)})`, serviceIds, false),
    runSql<{ subscription_id: number; used: number }>(m, `SELECT subscription_id, SUM(seconds) AS used FROM flatrate_usage WHERE subscription_id IN (${marks(subIds.length)}) AND period = ? GROUP BY subscription_id`, [...subIds, flatRatePeriod(at)], false),
  ]);
  const used = new Map(usage.map((u) => [Number(u.subscription_id), Number(u.used)]));
  return subs.map((s) => ({
    subscriptionId: Number(s.id),
    remaining: Math.max(0, Number(s.quantity) * 60 - (used.get(Number(s.id)) ?? 0)),
    destination: decidingDestination(number, destinations.filter((d) => Number(d.service_id) === Number(s.service_id)).map((d) => ({ prefix: String(d.prefix), included: Number(d.included) === 1 }))),
  }));
}

/** The allowances that cover `number`: subscriptions whose deciding destination includes it. */
export const coveringAllowances = (covers: readonly FlatRateCover[]): Allowance[] =>
  covers.filter((c) => c.destination?.included).map(({ subscriptionId, remaining }) => ({ subscriptionId, remaining }));

/** Records what a call took (in the transaction that writes its CDR); the (subscription, uniqueid) key refuses a second time. */
export async function consumeFlatRate(m: EntityManager, call: { userId: number; uniqueid: string; at: Date }, taken: readonly Taken[]): Promise<void> {
  for (const t of taken) {
    await runSql(m, 'INSERT INTO flatrate_usage (subscription_id, user_id, period, uniqueid, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [t.subscriptionId, call.userId, flatRatePeriod(call.at), call.uniqueid, t.seconds, sqlDateTime(new Date())]);
  }
}
