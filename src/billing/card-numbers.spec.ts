import { cardRange, freshPins, pinCapacity, randomDigits } from './card-numbers';

describe('card numbers', () => {
  it.each([
    [undefined, '10', 2, 4, 'fromMissing'],
    ['10', undefined, 2, 4, 'tillMissing'],
    ['1a', '20', 2, 4, 'fromFormat'],
    ['100', '200', 2, 4, 'fromFormat'],
    ['10', '2', 2, 4, 'tillFormat'],
    ['20', '10', 2, 4, 'order'],
    ['10', '99', 2, 1, 'pinTooShort'],
    ['0000000', '9999999', 7, 10, 'tooMany'],
  ])('range %s..%s (number length %i, PIN length %i): %s', (from, till, nl, pl, error) => {
    expect(cardRange(from as string | undefined, till as string | undefined, nl as number, pl as number)).toEqual({ error });
  });

  it('enumerates the range with leading zeros and big numbers exactly', () => {
    const r = cardRange('0098', '0101', 4, 4);
    expect('numbers' in r && [...r.numbers()]).toEqual(['0098', '0099', '0100', '0101']);
    const big = cardRange('99999999999999999998', '99999999999999999999', 20, 4);
    expect('numbers' in big && [...big.numbers()]).toEqual(['99999999999999999998', '99999999999999999999']);
  });

  it('allows 20 % of the PIN space (MOR: 2 digits, 20 cards)', () => {
    expect(pinCapacity(2)).toBe(20n);
    expect(cardRange('10', '29', 2, 2)).toMatchObject({ count: 20 });
    expect(cardRange('10', '30', 2, 2)).toEqual({ error: 'pinTooShort' });
  });

  it('draws digits of the asked length, also past 12 digits', () => {
    for (const n of [1, 4, 12, 13, 30]) expect(randomDigits(n)).toMatch(new RegExp(`^\\d{${n}}$`));
  });

  it('returns distinct PINs avoiding taken ones, drawing again on clashes', async () => {
    const seq = ['1', '1', '2', '3', '4', '5'];
    let i = 0;
    const asked: string[][] = [];
    const pins = await freshPins(3, 1, async (c) => {
      asked.push(c);
      return new Set(c.filter((p) => p === '2'));
    }, () => seq[i++]);
    expect(pins).toEqual(['1', '3', '4']);
    expect(asked).toEqual([['1', '2', '3'], ['4']]);
  });
});
