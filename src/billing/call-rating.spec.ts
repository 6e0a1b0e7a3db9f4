import { type CallStart, parseTimeOfDay } from './bands';
import { callTimes, isLossCall, maxDuration, priceOf, rateCall, spendable, wireCause } from './call-rating';
import { Decimal } from './money';
import type { WholesaleRateDetail } from './pricing';

const d = (v: string) => new Decimal(v);
const per = (rate: string, extra: Partial<WholesaleRateDetail> = {}): WholesaleRateDetail => ({
  kind: 'wholesale', dayType: 'all', startTime: 0, endTime: 86399, ratePerMinute: d(rate), connectionFee: d('0'), increment: 1, minTime: 0, ...extra,
});
const WD_NOON: CallStart = { dayType: 'WD', secondOfDay: 12 * 3600 };

describe('rateCall', () => {
  it('03 S1 reseller chain: 180 s at 0.02 / 0.05 / 0.08 per minute → 0.06 / 0.15 / 0.24', () => {
    const r = rateCall({ provider: [per('0.02')], reseller: [per('0.05')], user: [per('0.08')] }, WD_NOON, 180);
    expect([r.provider?.price.toFixed(2), r.reseller?.price.toFixed(2), r.user?.price.toFixed(2)]).toEqual(['0.06', '0.15', '0.24']);
    // Admin profit 0.09, reseller profit 0.09.
    expect(r.reseller!.price.minus(r.provider!.price).toFixed(2)).toBe('0.09');
    expect(r.user!.price.minus(r.reseller!.price).toFixed(2)).toBe('0.09');
  });

  it('03 S1 DID billable time: the DID leg is billed on B→E, the user on D→E', () => {
    const times = callTimes({ reached: 36000, dialed: 36002, answered: 36014, ended: 36074 });
    expect(times).toEqual({ duration: 72, billsec: 60, didBillsec: 74 });
    const r = rateCall({ user: [per('0.60')], didIncoming: [per('0.60')], didProvider: [per('0.30')] }, WD_NOON, times.billsec, times.didBillsec);
    expect(r.user?.price.toFixed(6)).toBe('0.600000');
    expect(r.didIncoming?.price.toFixed(6)).toBe('0.740000');
    expect(r.didProvider?.price.toFixed(6)).toBe('0.370000');
    expect(callTimes({ dialed: 10, ended: 40 })).toEqual({ duration: 30, billsec: 0, didBillsec: 30 });
    expect(() => callTimes({ dialed: 10, answered: 5, ended: 40 })).toThrow(RangeError);
  });

  const bands = [
    per('0.10', { startTime: 0, endTime: parseTimeOfDay('07:59:59') }),
    per('0.20', { startTime: parseTimeOfDay('08:00:00'), endTime: parseTimeOfDay('23:59:59') }),
  ];
  it.each([
    ['07:59:59', '0.100000'],
    ['08:00:00', '0.200000'],
    ['23:59:59', '0.200000'],
    ['00:00:00', '0.100000'],
  ])('band edge: a call starting at %s costs %s for a minute', (time, price) => {
    expect(rateCall({ user: bands }, { dayType: 'WD', secondOfDay: parseTimeOfDay(time) }, 60).user?.price.toFixed(6)).toBe(price);
  });

  it('a call across midnight is priced whole by the band and day type it started in', () => {
    const weekday = [per('0.30', { dayType: 'WD' }), per('0.05', { dayType: 'FD' })];
    // Friday 23:59:30, 120 s: ends on Saturday, still priced at Friday's WD rate.
    const r = rateCall({ user: weekday }, { dayType: 'WD', secondOfDay: parseTimeOfDay('23:59:30') }, 120);
    expect(r.user?.price.toFixed(6)).toBe('0.600000');
    expect(rateCall({ user: bands }, { dayType: 'FD', secondOfDay: parseTimeOfDay('23:59:30') }, 120).user?.price.toFixed(6)).toBe('0.400000');
  });

  it('a party without a band at the start is absent (no rate)', () => {
    const day = [per('0.10', { startTime: parseTimeOfDay('08:00:00'), endTime: parseTimeOfDay('17:59:59') })];
    expect(rateCall({ user: day }, { dayType: 'WD', secondOfDay: 3600 }, 60).user).toBeUndefined();
  });
});

describe('spendable and maxDuration', () => {
  const cap = 7200;
  it.each([
    // [case, balance, credit, postpaid, held, rate, fee, increment, minTime, expected seconds]
    ['prepaid 1.00 at 0.60/min', '1.00', '0', false, '0', '0.60', '0', 1, 0, 100],
    ['prepaid: credit ignored', '1.00', '50', false, '0', '0.60', '0', 1, 0, 100],
    ['prepaid: 0.40 held by another call', '1.00', '0', false, '0.40', '0.60', '0', 1, 0, 60],
    ['03 S2 postpaid cut at -10.00: balance -9.40, credit 10, 0.80/min', '-9.40', '10', true, '0', '0.80', '0', 1, 0, 45],
    ['postpaid unlimited credit', '-1000', '-1', true, '0', '5', '0', 1, 0, cap],
    ['connection fee eats money first', '1.00', '0', false, '0', '0.60', '0.40', 1, 0, 60],
    ['increment 60: whole minutes only', '1.00', '0', false, '0', '0.60', '0', 60, 0, 60],
    ['minimal time 30 s is the floor', '0.10', '0', false, '0', '0.60', '0', 1, 30, 0],
    ['not enough for one second', '0.005', '0', false, '0', '0.60', '0', 1, 0, 0],
    ['free rate: the cap', '0', '0', false, '0', '0', '0', 1, 0, cap],
    ['enough for more than the cap', '1000', '0', false, '0', '0.01', '0', 1, 0, cap],
  ] as const)('%s', (_name, balance, credit, postpaid, held, rate, fee, increment, minTime, expected) => {
    const available = spendable({ balance: d(balance), credit: d(credit), postpaid }, d(held));
    const price = priceOf([per(rate, { connectionFee: d(fee), increment, minTime })], WD_NOON);
    const seconds = maxDuration(price, available, cap);
    expect(seconds).toBe(expected);
    if (available !== null && seconds > 0) expect(price(seconds).lessThanOrEqualTo(available)).toBe(true);
    if (available !== null && seconds < cap) expect(price(seconds + 1).greaterThan(available)).toBe(true);
  });

  it('two calls: the second gets what the first did not hold', () => {
    const account = { balance: d('1.00'), credit: d('0'), postpaid: false };
    const price = priceOf([per('0.60')], WD_NOON);
    const first = maxDuration(price, spendable(account), cap);
    const second = maxDuration(price, spendable(account, price(first)), cap);
    expect([first, second]).toEqual([100, 0]);
  });
});

describe('wireCause and loss calls', () => {
  it.each([
    [16, 16, 200], [203, 21, 403], [204, 21, 403], [210, 34, 503], [211, 34, 503], [216, 34, 503], [218, 21, 403],
    [219, 34, 503], [223, 34, 503], [226, 1, 404], [229, 1, 404], [233, 66, 500], [201, 21, 403],
  ])('MOR cause %i → ISDN %i / SIP %i', (code, isdn, sip) => {
    expect(wireCause(code)).toEqual({ isdn, sip });
  });

  it('a user rate below the reseller rate is a loss call', () => {
    expect(isLossCall([per('0.04')], [per('0.05')], WD_NOON)).toBe(true);
    expect(isLossCall([per('0.05')], [per('0.05')], WD_NOON)).toBe(false);
  });
});
