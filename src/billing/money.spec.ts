import { Decimal, floatText, fromMicroUnits, microUnits, parseAmount, toStorage, toStorageExact } from './money';

describe('toStorage fast paths', () => {
  const values: (string | number)[] = [
    0, -0, 1, -1, 12, -3, 2147483647, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e15, 12.5, 0.1, -0.0000005,
    '0.000000', '-0.000000', '-0.500000', '12.500000', '012.500000', '-012.500000', '99999999999999.999999',
    '100000000000000.000000', '1.0000000', '1.00000', '1e3', ' 1.000000', '1.000000 ', '+1.000000', '-00.000000',
  ];
  it.each(values.map((v) => [v]))('%p gives the general path\'s text', (v) => {
    const outcome = (f: typeof toStorage) => {
      try {
        return f(v);
      } catch (e) {
        return `throws ${(e as Error).message}`;
      }
    };
    expect(outcome(toStorage)).toBe(outcome(toStorageExact));
  });
});

describe('floatText (Ruby Float#to_s)', () => {
  it.each([
    ['0.500000', '0.5'], ['0.000000', '0.0'], ['12', '12.0'], ['-3.250000', '-3.25'], ['0.000001', '0.000001'], ['123456789.123456', '123456789.123456'],
  ])('%s → %s', (stored, text) => expect(floatText(stored)).toBe(text));
});

describe('parseAmount (request amounts)', () => {
  it.each([
    ['12', '12'], ['-0.5', '-0.5'], ['+3.', '3'], ['.25', '0.25'], ['99999999999999.999999', '99999999999999.999999'], ['0.000001', '0.000001'],
  ])('%p → %p', (text, value) => {
    expect(parseAmount(text)?.toFixed()).toBe(value);
  });

  it.each([['abc'], ['1e309'], ['1e2'], ['Infinity'], ['NaN'], ['0.1234567'], ['100000000000000'], [''], [' 1'], ['1,5'], ['0x10'], ['１'], [undefined]])('refuses %p', (text) => {
    expect(parseAmount(text as string | undefined)).toBeNull();
  });
});

describe('microUnits / fromMicroUnits (exact sums of stored amounts)', () => {
  it.each([
    ['0.000000', 0n], ['0.000001', 1n], ['-0.000001', -1n], ['12.500000', 12_500_000n], ['-0.500000', -500_000n],
    ['99999999999999.999999', 99_999_999_999_999_999_999n], ['-99999999999999.999999', -99_999_999_999_999_999_999n],
  ])('%s ↔ %p', (text, micro) => {
    expect(microUnits(text)).toBe(micro);
    expect(fromMicroUnits(micro)).toBe(text);
  });

  it.each([['1.5'], ['1e3'], [' 1.000000'], ['012.500000'], ['100000000000000.000000'], ['']])('refuses %p', (text) => {
    expect(() => microUnits(text)).toThrow(RangeError);
  });

  it('a sum in millionths is the Decimal sum', () => {
    const amounts = ['0.123456', '-7.000001', '99999999.999999', '0.000001', '-0.500000', '3.141593'];
    const micro = amounts.reduce((s, a) => s + microUnits(a), 0n);
    expect(fromMicroUnits(micro)).toBe(toStorageExact(amounts.reduce((s, a) => s.plus(a), new Decimal(0))));
  });
});
