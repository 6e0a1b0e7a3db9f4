import { morTime, paramTitle, parseTimestamp } from './card-access';

describe('calling-card helpers', () => {
  it.each([
    ['allow_loss_calls', 'Allow loss calls'],
    ['callerid_leave', 'CallerID leave'],
    ['use_external_function', 'Use external function'],
    ['tariff_id', 'Tariff ID'],
  ])('%s → %s', (name, title) => expect(paramTitle(name)).toBe(title));

  it('reads unix timestamps before 2100 only', () => {
    expect(parseTimestamp('0')?.toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(parseTimestamp('1446688800')?.toISOString()).toBe('2015-11-05T02:00:00.000Z');
    expect(parseTimestamp('4102444800')).toBeNull();
    expect(parseTimestamp('-1')).toBeNull();
    expect(parseTimestamp('1.5')).toBeNull();
  });

  it('prints times as MOR does', () => {
    expect(morTime(new Date('2015-11-05T02:00:00Z'))).toBe('2015-11-05 02:00:00 +0000');
    expect(morTime('2015-11-05 02:00:00')).toBe('2015-11-05 02:00:00 +0000');
    expect(morTime(null)).toBe('');
  });
});
