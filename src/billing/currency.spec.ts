import { convertCurrency, fromDefaultCurrency, toDefaultCurrency } from './currency';
import { toStorage } from './money';

describe('currency conversion (§B.9, 03 §S3)', () => {
  it.each([
    // §B.9: default USD, EUR rate 0.7351.
    ['0.07351 EUR/min is 0.10 USD/min', () => toDefaultCurrency('0.07351', '0.7351'), '0.1'],
    ['0.10 USD shows as 0.07351 EUR', () => fromDefaultCurrency('0.10', '0.7351'), '0.07351'],
    // 03 §S3: EUR rate 0.92.
    ['balance 100.00 USD in EUR is 92.00', () => fromDefaultCurrency('100.00', '0.92'), '92'],
    ['a 46 EUR payment adds 50.00 USD', () => toDefaultCurrency('46', '0.92'), '50'],
    ['the default currency (rate 1) is unchanged', () => toDefaultCurrency('12.345678', 1), '12.345678'],
    ['EUR → GBP via the default: 46 EUR at 0.92 = 40 GBP at 0.80', () => convertCurrency('46', '0.92', '0.8'), '40'],
  ])('%s', (_name, compute, expected) => {
    expect(compute().toFixed()).toBe(expected);
  });

  it('keeps full precision; rounding is left to storage', () => {
    const usd = toDefaultCurrency('1', '3');
    expect(usd.toFixed()).toBe('0.3333333333333333333333333333333333333333');
    expect(toStorage(usd)).toBe('0.333333');
  });

  it.each([['0'], ['-1'], ['']])('refuses exchange rate %p', (rate) => {
    expect(() => toDefaultCurrency('1', rate)).toThrow(RangeError);
    expect(() => fromDefaultCurrency('1', rate)).toThrow(RangeError);
  });
});
