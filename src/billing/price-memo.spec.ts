import { callStartAt, parseTimeOfDay } from './bands';
import { bandRate, rateCall } from './call-rating';
import { Decimal, toStorage } from './money';
import { PriceMemo } from './price-memo';
import type { RateDetail } from './pricing';

const t = parseTimeOfDay;
const wholesale = (dayType: 'WD' | 'FD' | 'all', start: string, end: string, rate: string, fee = '0', increment = 1, minTime = 0): RateDetail => ({
  kind: 'wholesale', dayType, startTime: t(start), endTime: t(end), ratePerMinute: new Decimal(rate), connectionFee: new Decimal(fee), increment, minTime,
});
const retail = (dayType: 'WD' | 'FD' | 'all', start: string, end: string, from: number, duration: number, type: 'minute' | 'event', roundBy: number, rate: string): RateDetail => ({
  kind: 'retail', dayType, startTime: t(start), endTime: t(end), from, duration, type, roundBy, rate: new Decimal(rate),
});

/** What CallChargerService.rate stores for one party, computed directly. */
function direct(details: readonly RateDetail[] | undefined, at: string, seconds: number) {
  const start = callStartAt(at);
  const p = details ? rateCall({ user: details }, start, seconds).user : undefined;
  return { rate: toStorage(bandRate(details, start)), billsec: p?.billedSeconds ?? 0, price: toStorage(p?.price ?? 0) };
}

const RATES: [string, RateDetail[] | undefined][] = [
  ['no rate', undefined],
  ['one all-day wholesale', [wholesale('all', '00:00:00', '23:59:59', '0.08')]],
  ['fee, increment, minimal time', [wholesale('all', '00:00:00', '23:59:59', '0.123457', '0.05', 30, 60)]],
  ['work-day peak/off-peak, free-day', [
    wholesale('WD', '08:00:00', '21:59:59', '0.6'), wholesale('WD', '22:00:00', '07:59:59', '0.3'), wholesale('FD', '00:00:00', '23:59:59', '0.12', '0.01', 6),
  ]],
  ['work-day hours only (no band at night or on free days)', [wholesale('WD', '08:00:00', '17:59:59', '1')]],
  ['retail, two bands of intervals', [
    retail('WD', '00:00:00', '23:59:59', 1, 60, 'minute', 60, '0.10'), retail('WD', '00:00:00', '23:59:59', 61, -1, 'minute', 1, '0.05'),
    retail('WD', '00:00:00', '23:59:59', 1, 0, 'event', 1, '0.02'), retail('all', '00:00:00', '23:59:59', 1, -1, 'minute', 7, '0.011111'),
  ]],
];
const STARTS = ['2024-01-05 07:59:59', '2024-01-05 08:00:00', '2024-01-05 21:59:59', '2024-01-05 22:00:00', '2024-01-06 12:00:00', '2024-01-07 23:59:59', '2024-01-08 17:59:59', '2024-01-08 18:00:00'];
const SECONDS = [0, 1, 6, 29, 30, 59, 60, 61, 95, 119, 120, 3599, 3601];

describe('PriceMemo: the stored price the charger computes, remembered', () => {
  it.each(RATES)('%s: every start and length, asked twice', (_name, details) => {
    const memo = new PriceMemo();
    for (const round of [1, 2]) {
      for (const at of STARTS) {
        for (const seconds of SECONDS) expect([round, at, seconds, memo.price(details, callStartAt(at), seconds)]).toEqual([round, at, seconds, direct(details, at, seconds)]);
      }
    }
  });

  it('equal rates loaded apart share what is remembered; rates that differ in any field do not', () => {
    const memo = new PriceMemo();
    const start = callStartAt('2024-01-05 10:00:00');
    const rate = (fee: string, minTime: number) => [wholesale('all', '00:00:00', '23:59:59', '0.5', fee, 1, minTime)];
    expect(memo.price(rate('0', 0), start, 10)).toBe(memo.price(rate('0', 0), start, 10));
    expect([memo.price(rate('0.01', 0), start, 10).price, memo.price(rate('0', 30), start, 10).price]).toEqual(['0.093333', '0.250000']);
    const allDay = [wholesale('all', '00:00:00', '23:59:59', '1')];
    const workDay = [{ ...allDay[0], dayType: 'WD' as const }];
    expect([memo.price(allDay, callStartAt('2024-01-06 10:00:00'), 60).price, memo.price(workDay, callStartAt('2024-01-06 10:00:00'), 60).price]).toEqual(['1.000000', '0.000000']);
  });

  it('two rates with the same details apart are remembered apart', () => {
    const memo = new PriceMemo();
    const cheap = [wholesale('all', '00:00:00', '23:59:59', '0.01')];
    const dear = [wholesale('all', '00:00:00', '23:59:59', '1')];
    const start = callStartAt('2024-01-05 10:00:00');
    expect([memo.price(cheap, start, 60).price, memo.price(dear, start, 60).price]).toEqual(['0.010000', '1.000000']);
  });

  it('stays exact past its limit (forgets, computes again)', () => {
    const memo = new PriceMemo(5);
    const [, details] = RATES[2];
    for (let seconds = 0; seconds < 40; seconds++) expect(memo.price(details, callStartAt('2024-01-05 10:00:00'), seconds)).toEqual(direct(details, '2024-01-05 10:00:00', seconds));
  });

  it('refuses corrupt rates as priceCall does (overlapping bands)', () => {
    const dup = [wholesale('all', '00:00:00', '23:59:59', '1'), wholesale('all', '00:00:00', '23:59:59', '2')];
    expect(() => new PriceMemo().price(dup, callStartAt('2024-01-05 10:00:00'), 60)).toThrow(RangeError);
  });
});
