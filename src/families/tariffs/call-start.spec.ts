import { dayTypeOfDate } from '../../billing/bands';
import { callStartOf } from './rate-lookup.service';

describe('callStartOf', () => {
  it('answers the day type dayTypeOfDate gives the UTC date, and the UTC second of day', () => {
    for (let day = 0; day < 14; day++) {
      const at = new Date(Date.UTC(2026, 10, 23 + day, 23, 59, 58));
      expect(callStartOf(at)).toEqual({ dayType: dayTypeOfDate(at.toISOString().slice(0, 10)), secondOfDay: 86_398 });
    }
  });

  it('refuses an invalid date as toISOString did', () => {
    expect(() => callStartOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});
