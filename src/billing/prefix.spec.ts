import { PrefixIndex, digitsOf, prefixCandidates } from './prefix';

describe('digitsOf / prefixCandidates', () => {
  it.each([
    ['37068547771', '37068547771'],
    ['+370 685-47771', '37068547771'],
    ['(370) 685.47771', '37068547771'],
    ['0037068547771', '0037068547771'], // access code kept: localization's job, not the matcher's
    ['', ''],
  ])('digitsOf(%p) = %p', (input, expected) => {
    expect(digitsOf(input)).toBe(expected);
  });

  it('lists prefixes longest first', () => {
    expect(prefixCandidates('3706')).toEqual(['3706', '370', '37', '3']);
    expect(prefixCandidates('+3706')).toEqual(['3706', '370', '37', '3']);
  });

  it('caps the first candidate at maxLength', () => {
    expect(prefixCandidates('37068547771', 3)).toEqual(['370', '37', '3']);
  });

  it('has no candidates for a number without digits', () => {
    expect(prefixCandidates('+')).toEqual([]);
  });
});

describe('PrefixIndex', () => {
  // §B.2 worked example: 370 → 0.10, 3706 → 0.20, 370685 → 0.25.
  const index = new PrefixIndex<string>().set('370', '0.10').set('3706', '0.20').set('370685', '0.25');

  it.each([
    ['37068547771', '370685', '0.25'],
    ['37052012345', '370', '0.10'],
    ['37061234567', '3706', '0.20'],
    ['370', '370', '0.10'], // number equal to a prefix
    ['+37068547771', '370685', '0.25'], // '+' is formatting only
  ])('longest match of %p is %p (%p)', (number, prefix, value) => {
    expect(index.lookup(number)).toEqual({ prefix, value });
  });

  it.each([['44123456'], ['37'], [''], ['0037068547771']])('finds nothing for %p', (number) => {
    expect(index.lookup(number)).toBeUndefined();
  });

  it('get() is an exact lookup, as rate_get without by_full_dst', () => {
    expect(index.get('3706')).toBe('0.20');
    expect(index.get('37068547771')).toBeUndefined();
  });

  it('groups several rows per prefix (time bands) with fromRows', () => {
    const rows = [
      { prefix: '370', band: 'day' },
      { prefix: '370', band: 'night' },
      { prefix: '3706', band: 'day' },
    ];
    const byPrefix = PrefixIndex.fromRows(rows, (r) => r.prefix);
    expect(byPrefix.size).toBe(2);
    expect(byPrefix.lookup('37052')?.value.map((r) => r.band)).toEqual(['day', 'night']);
  });

  it('lookupWhere() skips a longer prefix whose value does not qualify', () => {
    const byPrefix = new PrefixIndex<string>().set('370', 'in force').set('3706', 'future').set('37068', 'future');
    const inForce = (value: string, prefix: string) => (value === 'in force' ? prefix : undefined);
    expect(byPrefix.lookupWhere('37068547771', inForce)).toBe('370');
    expect(byPrefix.lookupWhere('3715', inForce)).toBeUndefined();
  });

  it('refuses a prefix without digits, which would match every number', () => {
    expect(() => new PrefixIndex<number>().set('', 1)).toThrow(RangeError);
    expect(() => new PrefixIndex<number>().set('+', 1)).toThrow(RangeError);
  });

  it('replaces the value of an existing prefix', () => {
    const i = new PrefixIndex<number>().set('1', 1).set('1', 2);
    expect(i.size).toBe(1);
    expect(i.lookup('1555')).toEqual({ prefix: '1', value: 2 });
  });

  // Speed is measured by `npm run bench`, not asserted here (a loaded CI box would make it flake).
  it('holds 1,000,000 prefixes and answers 100,000 lookups', () => {
    const big = new PrefixIndex<number>();
    // 0..999 999 as text: one million keys of lengths 1..6, so every number has a 6-digit match.
    for (let i = 0; i < 1_000_000; i++) big.set(String(i), i);
    let found = 0;
    for (let i = 0; i < 100_000; i++) if (big.lookup(String(37_000_000_000 + i * 7_919))) found++;
    expect(big.size).toBe(1_000_000);
    expect(found).toBe(100_000);
    expect(big.lookup('37068547771')).toEqual({ prefix: '370685', value: 370685 });
  });
});
