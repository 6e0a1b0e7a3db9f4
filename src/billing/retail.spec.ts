import { applyMarkup, highestRate, retailRateFromWholesale } from './retail';

describe('retailRateFromWholesale (§B.6)', () => {
  // Wiki: USA group {1, 12, 123} with wholesale 0.01, 0.02, 0.03.
  const usa = ['0.01', '0.02', '0.03'];

  it.each([
    ['no markup: the highest rate', {}, '0.03'],
    ['add amount 0.005', { amount: '0.005' }, '0.035'],
    ['add amount 0.005 and 10 %', { amount: '0.005', percent: 10 }, '0.0385'],
    ['add 10 % only', { percent: '10' }, '0.033'],
    ['rounds half up at 6 places', { amount: '0.0000005' }, '0.030001'],
  ])('%s', (_name, markup, expected) => {
    expect(retailRateFromWholesale(usa, markup)?.toFixed()).toBe(expected);
  });

  it('takes the highest rate whatever the order, from DB strings or numbers', () => {
    expect(highestRate(['0.03', 0.01, '0.0299999'])?.toFixed()).toBe('0.03');
    expect(retailRateFromWholesale(['0.02', '0.03', '0.01'], { amount: '0.005' })?.toFixed()).toBe('0.035');
  });

  it('has no retail rate for a group without wholesale rates', () => {
    expect(retailRateFromWholesale([], { amount: 1 })).toBeUndefined();
  });

  it('applyMarkup: (X + Y) + (X + Y) / 100 × Z', () => {
    expect(applyMarkup('0.1', { amount: '0.02', percent: '25' }).toFixed()).toBe('0.15');
  });
});
