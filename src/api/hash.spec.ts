import { hashMatches, morHash } from './hash';

describe('MOR hash', () => {
  it.each([
    // The reference's verified examples (01-core-auth-users.md, A3).
    ['user_details_get 123 / 456789', { user_id: '123' }, ['user_id', 'username'], '456789', 'f7c3bc1d808e04732adf679965ccc34ca7ae3441'],
    ['users_get admin / admin1 / secret', { u: 'admin', p: 'admin1', test: '1' }, ['u', 'p', 'uniquehash'], 'secret', 'c420ef706a02e6449994b7575b25ef5f74cc722b'],
    ['hash page example', { user_id: '123', period_start: '1252454580', calltype: 'answered' }, ['user_id', 'period_start', 'calltype'], 'Very Sercet Key', 'b93c35d5c6183288322122561a3da7e09abb63b7'],
  ])('%s', (_name, params, order, key, expected) => {
    expect(morHash(params as Record<string, string>, order, key)).toBe(expected);
    expect(hashMatches(expected, params as Record<string, string>, [order], key)).toBe(true);
  });

  it('skips absent params but hashes present empty ones', () => {
    expect(morHash({ a: '1' }, ['a', 'b'], 'k')).toBe(morHash({ a: '1' }, ['a'], 'k'));
    expect(morHash({ a: '1', b: '' }, ['a', 'b'], 'k')).toBe(morHash({ a: '1' }, ['a'], 'k'));
  });

  it('accepts any of several orders and an upper-case hash', () => {
    const params = { user_id: '5', u23: 'John' };
    const short = morHash(params, ['user_id'], 'k');
    expect(hashMatches(short.toUpperCase(), params, [['user_id', 'u23'], ['user_id']], 'k')).toBe(true);
  });

  it.each([undefined, '', 'abc', 'f7c3bc1d808e04732adf679965ccc34ca7ae3442', 'f7c3bc1d808e04732adf679965ccc34ca7ae34411'])('rejects %p', (hash) => {
    expect(hashMatches(hash, { user_id: '123' }, [['user_id']], '456789')).toBe(false);
  });
});
