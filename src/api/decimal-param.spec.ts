import { parseDecimalParam } from './decimal-param';

describe('parseDecimalParam: the one decimal param parser', () => {
  it.each([
    ['5', '5.000000'],
    ['-5', '-5.000000'],
    ['+1.25', '1.250000'],
    ['.5', '0.500000'],
    ['0.1234565', '0.123457'],
    ['99999999999999.999999', '99999999999999.999999'],
    ['12345678901234.123456', '12345678901234.123456'],
  ])('%p is %p', (raw, stored) => {
    expect(parseDecimalParam(raw)).toBe(stored);
  });

  it.each([
    [' 5'], ['5 '], ['\t5'], [''], ['-'], ['5.'], ['1e3'], ['0x10'], ['٣'], ['５'], ['1,5'], ['--5'], ['5-'], ['NaN'], ['Infinity'],
    ['999999999999999'], ['99999999999999.9999999'], ['1'.repeat(41)], ['9'.repeat(70000)],
  ])('%p is refused', (raw) => {
    expect(parseDecimalParam(raw)).toBeNull();
  });
});
