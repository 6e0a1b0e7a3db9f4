/**
 * Randomness for percent-ordered LCRs, injectable so tests (and replays of a routing decision)
 * are reproducible from a seed.
 */

/** Returns a float in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * mulberry32: a tiny 32-bit seedable PRNG. Statistically good enough for traffic splitting and
 * far from cryptographic — routing shares need no secrecy.
 */
export function mulberry32(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Orders items by repeated weighted draws WITHOUT replacement: each pick chooses among the items
 * still left with probability weight / (sum of weights left). MOR's example: A 50, B 30, C 20,
 * B drawn first → A next with 50/70. Weights are routing shares, not money, so plain numbers.
 *
 * Items with weight ≤ 0 (or non-finite) can never win a draw; they are kept, in input order,
 * after every weighted item so they still serve as failover (see docs/decisions.md).
 */
export function weightedOrder<T>(
  items: readonly T[],
  weight: (item: T) => number,
  random: RandomSource,
): T[] {
  const pool = items.filter((item) => isPositive(weight(item)));
  const unweighted = items.filter((item) => !isPositive(weight(item)));
  const ordered: T[] = [];
  while (pool.length > 0) {
    const index = drawIndex(pool.map(weight), random());
    ordered.push(pool[index]);
    pool.splice(index, 1);
  }
  return ordered.concat(unweighted);
}

/** Index whose cumulative-weight interval contains u·total (u in [0,1)). */
function drawIndex(weights: readonly number[], u: number): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const target = u * total;
  let cumulative = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i];
    if (target < cumulative) return i;
  }
  // Only reachable through floating-point rounding at the very top of the range.
  return weights.length - 1;
}

function isPositive(weight: number): boolean {
  return Number.isFinite(weight) && weight > 0;
}
