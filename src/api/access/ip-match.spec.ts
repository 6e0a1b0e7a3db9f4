import { expandWhitelistEntry, ipMatches } from './ip-match';

describe('whitelist entries', () => {
  it('normalises single addresses and CIDR networks', () => {
    expect(expandWhitelistEntry('2.2.2.2')).toEqual(['2.2.2.2']);
    expect(expandWhitelistEntry('2.2.2.1/24')).toEqual(['2.2.2.0/24']);
  });

  it('expands a.b.c.x-y ranges to one entry per address', () => {
    expect(expandWhitelistEntry('2.2.2.1-3')).toEqual(['2.2.2.1', '2.2.2.2', '2.2.2.3']);
    expect(expandWhitelistEntry('2.2.2.1-125')).toHaveLength(125);
  });

  it.each(['2.2.2', '2.2.2.300', '2.2.2.5-2', '2.2.2.1-256', 'abc', '2.2.2.0/33'])('refuses %s', (bad) => {
    expect(() => expandWhitelistEntry(bad)).toThrow();
  });

  it.each([
    ['2.2.2.2', '2.2.2.2', true],
    ['2.2.2.3', '2.2.2.2', false],
    ['2.2.2.200', '2.2.2.0/24', true],
    ['2.2.3.1', '2.2.2.0/24', false],
    ['::ffff:2.2.2.2', '2.2.2.2', true],
    ['::1', '2.2.2.2', false],
    ['not-an-ip', '2.2.2.2', false],
  ])('%s against %s: %s', (ip, entry, expected) => {
    expect(ipMatches(ip, entry)).toBe(expected);
  });
});
