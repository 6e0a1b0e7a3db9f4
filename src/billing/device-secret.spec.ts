import fc from 'fast-check';
import {
  DEFAULT_PIN_LENGTH,
  DEFAULT_SECRET_LENGTH,
  MAX_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  SECRET_ALPHABET,
  generateDeviceSecret,
  generateIpAuthName,
  generatePin,
  generateUniquePin,
  isValidPin,
  randomString,
} from './device-secret';

describe('generateDeviceSecret', () => {
  test('default length and alphabet', () => {
    const secret = generateDeviceSecret();
    expect(secret).toHaveLength(DEFAULT_SECRET_LENGTH);
    expect(secret).toMatch(/^[A-Za-z0-9]+$/);
  });

  test('alphabet avoids SIP-hostile and look-alike characters', () => {
    for (const ch of '"\';#@:/\\ <>&=%+0O1lIo') expect(SECRET_ALPHABET).not.toContain(ch);
    expect(new Set(SECRET_ALPHABET).size).toBe(SECRET_ALPHABET.length);
  });

  test('any allowed length gives that length, from the alphabet, with all three classes', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_SECRET_LENGTH, max: MAX_SECRET_LENGTH }), (length) => {
        const secret = generateDeviceSecret(length);
        expect(secret).toHaveLength(length);
        for (const ch of secret) expect(SECRET_ALPHABET).toContain(ch);
        expect(secret).toMatch(/[a-z]/);
        expect(secret).toMatch(/[A-Z]/);
        expect(secret).toMatch(/\d/);
      }),
      { numRuns: 200 },
    );
  });

  test.each([0, 11, 65, 12.5, -1, Number.NaN])('refuses length %p', (length) => {
    expect(() => generateDeviceSecret(length)).toThrow(RangeError);
  });

  test('10 000 secrets are all distinct', () => {
    const secrets = new Set(Array.from({ length: 10_000 }, () => generateDeviceSecret()));
    expect(secrets.size).toBe(10_000);
  });

  test('every alphabet symbol shows up (no stuck positions)', () => {
    const seen = new Set(Array.from({ length: 2_000 }, () => generateDeviceSecret()).join(''));
    expect(seen.size).toBe(SECRET_ALPHABET.length);
  });
});

describe('PINs', () => {
  test('default PIN is 6 digits', () => {
    expect(generatePin()).toMatch(new RegExp(`^\\d{${DEFAULT_PIN_LENGTH}}$`));
  });

  test.each([4, 8, 20])('PIN of length %p', (length) => {
    expect(generatePin(length)).toMatch(new RegExp(`^\\d{${length}}$`));
  });

  test.each([3, 21, 0])('refuses PIN length %p', (length) => {
    expect(() => generatePin(length)).toThrow(RangeError);
  });

  test('PINs spread over the space (leading zeros kept)', () => {
    const pins = Array.from({ length: 5_000 }, () => generatePin(4));
    expect(new Set(pins).size).toBeGreaterThan(3_500);
    expect(pins.some((p) => p.startsWith('0'))).toBe(true);
  });

  test.each([
    ['1234', true],
    ['', true],
    ['0001', true],
    ['12a4', false],
    [' 123', false],
    ['-12', false],
  ])('isValidPin(%p) = %p', (pin, valid) => expect(isValidPin(pin)).toBe(valid));

  test('generateUniquePin skips taken PINs', async () => {
    const taken = new Set<string>();
    for (let i = 0; i < 9_990; i++) taken.add(String(i).padStart(4, '0'));
    const pin = await generateUniquePin((p) => taken.has(p), 4, 100_000);
    expect(pin).not.toBeNull();
    expect(taken.has(pin as string)).toBe(false);
  });

  test('generateUniquePin accepts an async lookup and gives up when the space is full', async () => {
    const pin = await generateUniquePin(async () => true, 4, 20);
    expect(pin).toBeNull();
  });
});

describe('other generators', () => {
  test('ipauth device name', () => {
    expect(generateIpAuthName()).toMatch(/^ipauth[0-9a-f]{10}$/);
  });

  test('randomString validates its inputs', () => {
    expect(() => randomString(0, 'ab')).toThrow(RangeError);
    expect(() => randomString(5, 'a')).toThrow(RangeError);
    expect(randomString(5, 'ab')).toMatch(/^[ab]{5}$/);
  });
});
