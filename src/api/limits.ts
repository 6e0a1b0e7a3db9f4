/**
 * Per-request limits (README "Limits", decisions "Hardening: per-request limits"): no single
 * request may hold the process for seconds or build a reply of tens of megabytes.
 */
export const LIMITS = {
  /** number_pool_numbers_create: numbers in one request. */
  poolNumbersPerRequest: 100_000,
  /** Numbers one pool may hold (the duplicate check scans the pool on every create). */
  poolNumbersPerPool: 1_000_000,
  /** number_pools_get show_numbers=1: numbers in one reply (all pools together); the default and the maximum of number_limit_row_count. */
  poolNumbersPerReply: 10_000,
  /** dids_get and location_rules_get: rows in one reply, the default and the maximum of max_results (MOR's default is every row). */
  rowsPerReply: 10_000,
} as const;

/**
 * A page size asked for by the client, capped: absent or invalid → the maximum, larger → the maximum.
 */
export function cappedRowCount(asked: number | null | undefined, max: number): number {
  return asked && asked > 0 ? Math.min(asked, max) : max;
}
