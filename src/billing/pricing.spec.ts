import fc from 'fast-check';
import { callStartAt, parseTimeOfDay } from './bands';
import { Decimal, formatAmount } from './money';
import {
  type RateDetail,
  type RetailRateDetail,
  type WholesaleRateDetail,
  priceCall,
  priceRetail,
  priceWholesale,
  roundUpTo,
} from './pricing';

const ALL_DAY = { dayType: 'all', startTime: 0, endTime: 86_399 } as const;

function wholesale(rate: string, opts: { fee?: string; increment?: number; minTime?: number } = {}): WholesaleRateDetail {
  return {
    kind: 'wholesale',
    ...ALL_DAY,
    ratePerMinute: new Decimal(rate),
    connectionFee: new Decimal(opts.fee ?? 0),
    increment: opts.increment ?? 1,
    minTime: opts.minTime ?? 0,
  };
}

function retail(from: number, duration: number, type: 'minute' | 'event', roundBy: number, rate: string): RetailRateDetail {
  return { kind: 'retail', ...ALL_DAY, from, duration, type, roundBy, rate: new Decimal(rate) };
}

describe('roundUpTo', () => {
  it.each([
    [0, 30, 0],
    [1, 30, 30],
    [30, 30, 30],
    [31, 30, 60],
    [15, 1, 15],
    [15, 0, 15], // step 0 in an old row means 1
  ])('roundUpTo(%p, %p) = %p', (s, step, expected) => expect(roundUpTo(s, step)).toBe(expected));
});

describe('priceWholesale', () => {
  // [case, rate/min, fee, increment, min_time, seconds, billed seconds, price]
  const cases: Array<[string, string, string, number, number, number, number, string]> = [
    // Wiki increment example (§B.3): 1 EUR/min, 15 s call.
    ['increment 1', '1', '0', 1, 0, 15, 15, '0.25'],
    ['increment 10 rounds up', '1', '0', 10, 0, 15, 20, '0.333333'],
    ['increment 20 rounds up', '1', '0', 20, 0, 15, 20, '0.333333'],
    // Wiki min time example (§B.3): min_time 10 → 1…10 s billed 10 s, 11 → 11, 12 → 12.
    ['min time, 1 s', '0.6', '0', 1, 10, 1, 10, '0.1'],
    ['min time, 9 s', '0.6', '0', 1, 10, 9, 10, '0.1'],
    ['min time, exactly 10 s', '0.6', '0', 1, 10, 10, 10, '0.1'],
    ['min time, 11 s', '0.6', '0', 1, 10, 11, 11, '0.11'],
    ['min time, 12 s', '0.6', '0', 1, 10, 12, 12, '0.12'],
    // Combined worked example (§B.3): 0.12/min, fee 0.05, increment 30, min_time 60.
    ['combined, 75 s', '0.12', '0.05', 30, 60, 75, 90, '0.23'],
    ['combined, 20 s', '0.12', '0.05', 30, 60, 20, 60, '0.17'],
    // Reseller billing example (03 §S1): 180 s, per-minute billing without minimums.
    ['provider 0.02/min, 180 s', '0.02', '0', 1, 0, 180, 180, '0.06'],
    ['reseller 0.05/min, 180 s', '0.05', '0', 1, 0, 180, 180, '0.15'],
    ['user 0.08/min, 180 s', '0.08', '0', 1, 0, 180, 180, '0.24'],
    // Boundaries with increment 30 and no minimum.
    ['0 s: not answered, nothing billed, no fee', '0.12', '0.05', 30, 60, 0, 0, '0'],
    ['1 s', '0.12', '0', 30, 0, 1, 30, '0.06'],
    ['exactly one increment', '0.12', '0', 30, 0, 30, 30, '0.06'],
    ['one second over an increment', '0.12', '0', 30, 0, 31, 60, '0.12'],
    ['exactly the min time', '0.12', '0', 30, 60, 60, 60, '0.12'],
    ['one second over the min time', '0.12', '0', 30, 60, 61, 90, '0.18'],
    ['min time not a multiple of the increment', '0.6', '0', 30, 45, 10, 60, '0.6'],
    ['increment 0 in an old row behaves as 1', '0.6', '0', 0, 0, 7, 7, '0.07'],
    ['fee only', '0', '0.05', 1, 0, 1, 1, '0.05'],
    ['below half a micro-unit rounds to 0', '0.0000001', '0', 1, 0, 30, 30, '0'],
    ['exactly half a micro-unit rounds up', '0.00001', '0', 1, 0, 3, 3, '0.000001'],
  ];

  it.each(cases)('%s', (_name, rate, fee, increment, minTime, seconds, billed, price) => {
    const result = priceWholesale(wholesale(rate, { fee, increment, minTime }), seconds);
    expect(result.billedSeconds).toBe(billed);
    expect(result.price.toFixed()).toBe(new Decimal(price).toFixed()); // normalises trailing zeros only
  });

  it.each([[-1], [1.5], [Number.NaN]])('rejects %p seconds', (seconds) => {
    expect(() => priceWholesale(wholesale('1'), seconds)).toThrow(RangeError);
  });
});

describe('priceRetail', () => {
  // §B.4 worked example: first minute as a whole minute, then per second, plus a 0.10 event.
  const example = [retail(1, 60, 'minute', 60, '0.10'), retail(61, -1, 'minute', 1, '0.05'), retail(1, 0, 'event', 1, '0.10')];

  // [case, details, seconds, billed seconds, price]
  const cases: Array<[string, RetailRateDetail[], number, number, string]> = [
    ['§B.4, 95 s (0.10 + 0.0291666… + 0.10)', example, 95, 95, '0.229167'],
    ['§B.4, 10 s (first interval rounded to 60 s)', example, 10, 60, '0.2'],
    ['0 s', example, 0, 0, '0'],
    ['1 s', example, 1, 60, '0.2'],
    ['60 s: end of the first interval', example, 60, 60, '0.2'],
    ['61 s: first second of the second interval', example, 61, 61, '0.200833'],
    // Wiki Advanced Rates example 4: first 15 s free, then 0.01/min by 1 s.
    ['first 15 s free, 15 s', [retail(1, 15, 'minute', 1, '0'), retail(16, -1, 'minute', 1, '0.01')], 15, 15, '0'],
    ['first 15 s free, 75 s', [retail(1, 15, 'minute', 1, '0'), retail(16, -1, 'minute', 1, '0.01')], 75, 75, '0.01'],
    // An event later in the call is charged only once the call reaches it.
    ['event at 61 s, 60 s call', [retail(1, -1, 'minute', 1, '0.6'), retail(61, 0, 'event', 1, '0.5')], 60, 60, '0.6'],
    ['event at 61 s, 61 s call', [retail(1, -1, 'minute', 1, '0.6'), retail(61, 0, 'event', 1, '0.5')], 61, 61, '1.11'],
    // Event covering an interval: a flat first minute, then per minute.
    ['flat first minute, 30 s', [retail(1, 60, 'event', 1, '0.1'), retail(61, -1, 'minute', 30, '0.06')], 30, 30, '0.1'],
    ['flat first minute, 61 s', [retail(1, 60, 'event', 1, '0.1'), retail(61, -1, 'minute', 30, '0.06')], 61, 90, '0.13'],
    // ROUND BY larger than the interval never bills past the interval's end.
    ['round by capped at the interval', [retail(1, 30, 'minute', 60, '1.2'), retail(31, -1, 'minute', 1, '0.6')], 10, 30, '0.6'],
    ['zero-length minute interval costs nothing', [retail(1, 0, 'minute', 1, '9'), retail(1, -1, 'minute', 1, '0.6')], 10, 10, '0.1'],
  ];

  it.each(cases)('%s', (_name, details, seconds, billed, price) => {
    const result = priceRetail(details, seconds);
    expect(result.billedSeconds).toBe(billed);
    expect(result.price.toFixed()).toBe(new Decimal(price).toFixed());
  });

  it('prints the §B.4 95 s total as MOR shows amounts: 0.2292', () => {
    expect(formatAmount(priceRetail(example, 95).price)).toBe('0.2292');
  });
});

describe('priceCall (time bands, day types, midnight)', () => {
  const t = parseTimeOfDay;
  const detail = (dayType: 'WD' | 'FD' | 'all', start: string, end: string, rate: string): RateDetail => ({
    ...wholesale(rate),
    dayType,
    startTime: t(start),
    endTime: t(end),
  });
  // Work-day peak/off-peak and a cheaper free-day rate.
  const rate = [
    detail('WD', '08:00:00', '21:59:59', '0.6'),
    detail('WD', '22:00:00', '07:59:59', '0.3'),
    detail('FD', '00:00:00', '23:59:59', '0.12'),
  ];

  it.each([
    ['2024-01-05 21:59:59', 60, '0.6'], // last second of the peak band
    ['2024-01-05 22:00:00', 60, '0.3'], // band edge
    ['2024-01-06 12:00:00', 60, '0.12'], // Saturday
    // A call crossing the band edge is priced by the band at its start, for all of it.
    ['2024-01-05 21:59:30', 120, '1.2'],
    // Crossing midnight into Saturday: still the Friday night rate for the whole call.
    ['2024-01-05 23:59:30', 120, '0.6'],
    // Crossing midnight Sunday → Monday: the free-day rate for the whole call.
    ['2024-01-07 23:59:30', 120, '0.24'],
  ])('call at %s for %p s costs %p', (at, seconds, price) => {
    expect(priceCall(rate, callStartAt(at), seconds)?.price.toFixed()).toBe(price);
  });

  it('retail details of the chosen band are all summed', () => {
    const details: RateDetail[] = [
      { ...retail(1, 60, 'minute', 60, '0.10'), dayType: 'WD' },
      { ...retail(61, -1, 'minute', 1, '0.05'), dayType: 'WD' },
      { ...retail(1, -1, 'minute', 1, '0.01'), dayType: 'FD' },
    ];
    expect(priceCall(details, callStartAt('2024-01-08 10:00:00'), 95)?.price.toFixed()).toBe('0.129167');
    expect(priceCall(details, callStartAt('2024-01-06 10:00:00'), 90)?.price.toFixed()).toBe('0.015');
  });

  it('is undefined when no band covers the start (no rate)', () => {
    expect(priceCall([detail('WD', '08:00:00', '17:59:59', '1')], callStartAt('2024-01-06 10:00:00'), 60)).toBeUndefined();
  });

  it('refuses two wholesale details in one band and mixed kinds', () => {
    const dup = [detail('all', '00:00:00', '23:59:59', '1'), detail('all', '00:00:00', '23:59:59', '2')];
    expect(() => priceCall(dup, callStartAt('2024-01-05 10:00:00'), 60)).toThrow(RangeError);
    const mixed: RateDetail[] = [wholesale('1'), retail(1, -1, 'minute', 1, '1')];
    expect(() => priceCall(mixed, callStartAt('2024-01-05 10:00:00'), 60)).toThrow(/mixed/);
  });
});

describe('pricing properties', () => {
  const amount = fc.integer({ min: 0, max: 100_000 }).map((n) => new Decimal(n).dividedBy(10_000));
  const wholesaleArb = fc.record({
    rate: amount,
    fee: amount,
    increment: fc.integer({ min: 0, max: 120 }),
    minTime: fc.integer({ min: 0, max: 300 }),
  });
  const retailArb = fc.array(
    fc.record({
      from: fc.integer({ min: 1, max: 600 }),
      duration: fc.oneof(fc.constant(-1), fc.integer({ min: 0, max: 600 })),
      type: fc.constantFrom('minute' as const, 'event' as const),
      roundBy: fc.integer({ min: 0, max: 120 }),
      rate: amount,
    }),
    { maxLength: 6 },
  );
  const durations = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })).map(([a, b]) => (a <= b ? [a, b] : [b, a]));

  it('wholesale: price never decreases with duration; billed ≥ used', () => {
    fc.assert(
      fc.property(wholesaleArb, durations, (w, [a, b]) => {
        const detail = wholesale('0', { increment: w.increment, minTime: w.minTime });
        const d = { ...detail, ratePerMinute: w.rate, connectionFee: w.fee };
        const pa = priceWholesale(d, a);
        const pb = priceWholesale(d, b);
        expect(pb.price.greaterThanOrEqualTo(pa.price)).toBe(true);
        if (a > 0) expect(pa.billedSeconds).toBeGreaterThanOrEqual(a);
        if (b > 0) expect(pb.billedSeconds).toBeGreaterThanOrEqual(b);
      }),
      { numRuns: 500 },
    );
  });

  it('retail: price never decreases with duration; billed ≥ used', () => {
    fc.assert(
      fc.property(retailArb, durations, (rows, [a, b]) => {
        const details = rows.map((r) => retail(r.from, r.duration, r.type, r.roundBy, '0')).map((d, i) => ({ ...d, rate: rows[i]!.rate }));
        const pa = priceRetail(details, a);
        const pb = priceRetail(details, b);
        expect(pb.price.greaterThanOrEqualTo(pa.price)).toBe(true);
        if (a > 0) expect(pa.billedSeconds).toBeGreaterThanOrEqual(a);
        if (b > 0) expect(pb.billedSeconds).toBeGreaterThanOrEqual(b);
      }),
      { numRuns: 500 },
    );
  });
});
