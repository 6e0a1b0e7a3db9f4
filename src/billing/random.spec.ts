import { mulberry32, weightedOrder } from './random';

describe('mulberry32', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('is roughly uniform', () => {
    const random = mulberry32(7);
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) buckets[Math.floor(random() * 10)]++;
    buckets.forEach((n) => expect(Math.abs(n / 20000 - 0.1)).toBeLessThan(0.01));
  });
});

describe('weightedOrder', () => {
  const weight = (item: { w: number }): number => item.w;

  it('returns every item exactly once', () => {
    const items = [{ w: 5 }, { w: 0 }, { w: 3 }, { w: -1 }, { w: 2 }];
    const random = mulberry32(1);
    for (let i = 0; i < 200; i++) {
      const order = weightedOrder(items, weight, random);
      expect(new Set(order).size).toBe(items.length);
    }
  });

  it('puts zero/negative/non-finite weights last, in input order', () => {
    const zero = { w: 0 };
    const negative = { w: -1 };
    const nan = { w: Number.NaN };
    const order = weightedOrder([zero, { w: 1 }, negative, nan], weight, mulberry32(3));
    expect(order.slice(1)).toEqual([zero, negative, nan]);
  });

  it('handles a random source returning its extremes', () => {
    const items = [{ w: 1 }, { w: 1 }];
    expect(weightedOrder(items, weight, () => 0)[0]).toBe(items[0]);
    expect(weightedOrder(items, weight, () => 0.9999999999999999)[0]).toBe(items[1]);
  });
});
