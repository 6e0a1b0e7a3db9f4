import { type TimeBand, bandContains, callStartAt, dayTypeOfDate, parseTimeOfDay, selectBand } from './bands';

const t = parseTimeOfDay;
type Named = TimeBand & { name: string };
const band = (name: string, dayType: TimeBand['dayType'], start: string, end: string): Named => ({
  name,
  dayType,
  startTime: t(start),
  endTime: t(end),
});

describe('parseTimeOfDay', () => {
  it.each([
    ['00:00:00', 0],
    ['21:59:59', 79_199],
    ['22:00:00', 79_200],
    ['23:59:59', 86_399],
    ['08:30', 30_600],
  ])('%p → %p', (text, seconds) => expect(t(text)).toBe(seconds));

  it.each([['24:00:00'], ['12:60:00'], ['noon'], ['']])('rejects %p', (text) => {
    expect(() => t(text)).toThrow(RangeError);
  });
});

describe('dayTypeOfDate', () => {
  it.each([
    ['2024-01-05', 'WD'], // Friday
    ['2024-01-06', 'FD'], // Saturday
    ['2024-01-07', 'FD'], // Sunday
    ['2024-01-08', 'WD'], // Monday
  ])('%p is %p by default', (date, dayType) => expect(dayTypeOfDate(date)).toBe(dayType));

  it('follows Day setup for holidays and exceptions', () => {
    const daySetup = new Map([
      ['2024-12-25', 'FD' as const], // Wednesday holiday
      ['2024-01-06', 'WD' as const], // working Saturday
    ]);
    expect(dayTypeOfDate('2024-12-25', daySetup)).toBe('FD');
    expect(dayTypeOfDate('2024-01-06', daySetup)).toBe('WD');
    expect(dayTypeOfDate('2024-12-24', daySetup)).toBe('WD');
  });

  it('callStartAt reads a local date-time', () => {
    expect(callStartAt('2024-01-05 23:59:30')).toEqual({ dayType: 'WD', secondOfDay: 86_370 });
    expect(callStartAt('2024-01-06T00:00:00')).toEqual({ dayType: 'FD', secondOfDay: 0 });
  });
});

describe('selectBand', () => {
  const details = [
    band('wd-day', 'WD', '00:00:00', '21:59:59'),
    band('wd-night', 'WD', '22:00:00', '23:59:59'),
    band('any', 'all', '00:00:00', '23:59:59'),
  ];
  const names = (dayType: 'WD' | 'FD', time: string) =>
    selectBand(details, { dayType, secondOfDay: t(time) }).map((d) => d.name);

  it.each([
    ['WD', '00:00:00', ['wd-day']],
    ['WD', '21:59:59', ['wd-day']], // end time is inclusive
    ['WD', '22:00:00', ['wd-night']], // band edge
    ['WD', '23:59:59', ['wd-night']],
    ['FD', '12:00:00', ['any']], // no FD details: the all-days ones apply
  ] as const)('%s %s → %p', (dayType, time, expected) => {
    expect(names(dayType, time)).toEqual(expected);
  });

  it('day-type change at midnight: Friday 23:59:59 is WD night, Saturday 00:00:00 falls back to all days', () => {
    expect(selectBand(details, callStartAt('2024-01-05 23:59:59')).map((d) => d.name)).toEqual(['wd-night']);
    expect(selectBand(details, callStartAt('2024-01-06 00:00:00')).map((d) => d.name)).toEqual(['any']);
  });

  it('returns every detail of the chosen band (retail interval lists)', () => {
    const rows = [band('a', 'FD', '00:00:00', '23:59:59'), band('b', 'FD', '00:00:00', '23:59:59')];
    expect(selectBand(rows, { dayType: 'FD', secondOfDay: 5 }).map((d) => d.name)).toEqual(['a', 'b']);
  });

  it('returns [] when no band covers the moment', () => {
    expect(selectBand([band('wd', 'WD', '08:00:00', '17:59:59')], { dayType: 'WD', secondOfDay: t('18:00:00') })).toEqual([]);
    expect(selectBand([band('wd', 'WD', '00:00:00', '23:59:59')], { dayType: 'FD', secondOfDay: 0 })).toEqual([]);
  });

  it('supports a band wrapping past midnight', () => {
    const night = band('night', 'all', '22:00:00', '05:59:59');
    expect([t('21:59:59'), t('22:00:00'), t('00:00:00'), t('05:59:59'), t('06:00:00')].map((s) => bandContains(night, s))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('throws on two different bands covering one moment instead of guessing a price', () => {
    const rows = [band('a', 'WD', '00:00:00', '12:00:00'), band('b', 'WD', '12:00:00', '23:59:59')];
    expect(() => selectBand(rows, { dayType: 'WD', secondOfDay: t('12:00:00') })).toThrow(/Overlapping/);
  });

  it('rejects a second of day outside 0..86399', () => {
    expect(() => selectBand(details, { dayType: 'WD', secondOfDay: 86_400 })).toThrow(RangeError);
  });
});
