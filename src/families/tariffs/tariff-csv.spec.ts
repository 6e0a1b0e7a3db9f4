import { CsvImportError, csvLine, isHeader, parseCsvRate } from './tariff-csv';
import { detailValues, isGoodRate, timeCollisions, type RetailImportRate } from './retail-import';

describe('parseCsvRate', () => {
  it.each([
    ['370,0.1', { prefix: '370', rate: '0.100000', connection_fee: '0.000000', increment_s: 1, min_time: 0 }],
    ['370685,0.12,0.05,30,60', { prefix: '370685', rate: '0.120000', connection_fee: '0.050000', increment_s: 30, min_time: 60 }],
    [' "44" , 1 ,,, ', { prefix: '44', rate: '1.000000', connection_fee: '0.000000', increment_s: 1, min_time: 0 }],
  ])('%s', (line, expected) => expect(parseCsvRate(line, 1)).toEqual(expected));

  it.each([
    ['370', 'expected 2 to 5 fields, got 1'],
    ['370,1,0,1,0,extra', 'expected 2 to 5 fields, got 6'],
    ['+370,1', "bad prefix '+370'"],
    ['370,-1', "bad rate '-1'"],
    ['370,1e3', "bad rate '1e3'"],
    ['370,100000000000000', "bad rate '100000000000000'"],
    ['370,1,100000000000000.5', "bad connection fee '100000000000000.5'"],
    ['370,1,x', "bad connection fee 'x'"],
    ['370,1,0,0', "bad increment '0'"],
    ['370,1,0,1,-5', "bad min time '-5'"],
  ])('%s is refused with its line number', (line, reason) => expect(() => parseCsvRate(line, 7)).toThrow(new CsvImportError(7, reason)));

  it('header detection and export formatting', () => {
    expect([isHeader('prefix,rate'), isHeader('370,1')]).toEqual([true, false]);
    expect(csvLine({ prefix: '44', rate: '0.120000', connection_fee: 0, increment_s: 30, min_time: 60 })).toBe('44,0.12,0,30,60');
  });
});

describe('retail import rules', () => {
  const rate = (over: Partial<RetailImportRate> = {}): RetailImportRate => ({
    rate_price: '0.02', rate_round_by: '1', rate_type: 'minute', rate_start_time: '00:00:00', rate_end_time: '23:59:59', rate_duration: '-1', day_type: 'WD', ...over,
  });

  it.each([
    [{}, true], [{ rate_price: 'x' }, false], [{ rate_round_by: '0' }, false], [{ rate_type: 'second' }, false],
    [{ rate_start_time: '25:00:00' }, false], [{ rate_duration: '-2' }, false], [{ day_type: 'XX' }, false], [{ day_type: '' }, true],
    // What the columns hold: DECIMAL(20,6) price, INT round by and duration.
    [{ rate_price: '99999999999999.999999' }, true], [{ rate_price: '100000000000000' }, false], [{ rate_price: '-0.1' }, false],
    [{ rate_round_by: '999999999' }, true], [{ rate_round_by: '99999999999' }, false], [{ rate_duration: '99999999999' }, false],
  ])('%o good: %s', (over, good) => expect(isGoodRate(rate(over))).toBe(good));

  it('FROM follows the durations before it, per band', () => {
    const values = detailValues([rate({ rate_duration: '60' }), rate({ day_type: 'FD' }), rate({ rate_duration: '0', rate_type: 'event' }), rate()]);
    expect(values.map((v) => [v.daytype, v.from_s, v.duration])).toEqual([['WD', 1, 60], ['FD', 1, -1], ['WD', 61, 0], ['WD', 61, -1]]);
  });

  it('overlapping different bands of one day type collide; other day types do not', () => {
    const day = rate({ rate_end_time: '12:00:00' });
    expect(timeCollisions([day, rate({ rate_start_time: '12:00:01' })])).toEqual([]);
    expect(timeCollisions([day, rate({ rate_start_time: '11:00:00' })])).toHaveLength(1);
    expect(timeCollisions([day, rate({ day_type: 'FD' })])).toEqual([]);
    expect(timeCollisions([day, day])).toEqual([]);
    // Bands past midnight (end before start) collide as selectBand reads them.
    const night = rate({ rate_start_time: '22:00:00', rate_end_time: '05:59:59' });
    expect(timeCollisions([night, rate({ rate_end_time: '07:59:59' })])).toHaveLength(1);
    expect(timeCollisions([rate({ rate_start_time: '23:00:00' }), night])).toHaveLength(1);
    expect(timeCollisions([night, rate({ rate_start_time: '06:00:00', rate_end_time: '21:59:59' })])).toEqual([]);
  });
});
