import { morHash, morServerText, requestHashMatches } from './hash';
import { MOR_GLOBAL_HASH_ORDER, MOR_METHOD_HASH_LISTS } from './mor-hash-order';

const sha1 = (text: string) => morHash({}, [], text);

describe('MOR hash', () => {
  it.each([
    // The reference's verified examples (01-core-auth-users.md, A3).
    ['user_details_get 123 / 456789', { user_id: '123' }, ['user_id', 'username'], '456789', 'f7c3bc1d808e04732adf679965ccc34ca7ae3441'],
    ['users_get admin / admin1 / secret', { u: 'admin', p: 'admin1', test: '1' }, ['u', 'p', 'uniquehash'], 'secret', 'c420ef706a02e6449994b7575b25ef5f74cc722b'],
    ['hash page example', { user_id: '123', period_start: '1252454580', calltype: 'answered' }, ['user_id', 'period_start', 'calltype'], 'Very Sercet Key', 'b93c35d5c6183288322122561a3da7e09abb63b7'],
  ])('%s', (_name, params, order, key, expected) => {
    expect(morHash(params as Record<string, string>, order, key)).toBe(expected);
    expect(requestHashMatches(expected, 'any_method', params as Record<string, string>, [order], key)).toBe(true);
  });

  it('skips absent params but hashes present empty ones', () => {
    expect(morHash({ a: '1' }, ['a', 'b'], 'k')).toBe(morHash({ a: '1' }, ['a'], 'k'));
    expect(morHash({ a: '1', b: '' }, ['a', 'b'], 'k')).toBe(morHash({ a: '1' }, ['a'], 'k'));
  });

  it('accepts any of several orders and an upper-case hash', () => {
    const params = { user_id: '5', u23: 'John' };
    const short = morHash(params, ['user_id'], 'k');
    expect(requestHashMatches(short.toUpperCase(), 'x', params, [['user_id', 'u23'], ['user_id']], 'k')).toBe(true);
  });

  it.each([undefined, '', 'abc', 'f7c3bc1d808e04732adf679965ccc34ca7ae3442', 'f7c3bc1d808e04732adf679965ccc34ca7ae34411'])('rejects %p', (hash) => {
    expect(requestHashMatches(hash, 'x', { user_id: '123' }, [['user_id']], '456789')).toBe(false);
  });
});

describe("MOR's own hash model (06 §2.1)", () => {
  it('has 209 distinct names in the global order and 18 per-method lists', () => {
    expect(MOR_GLOBAL_HASH_ORDER).toHaveLength(209);
    expect(new Set(MOR_GLOBAL_HASH_ORDER).size).toBe(209);
    expect(Object.keys(MOR_METHOD_HASH_LISTS)).toHaveLength(18);
  });

  // 06's examples, each recomputed: the global walk must produce the documented string.
  it.each([
    ['card_balance_get', { number: '1111111000' }, 'secretkey', '0d43cbd508a63230032ef593089833543ea297ea'],
    ['phonebook_record_delete', { id: '1' }, 'secret', 'bc2f114099d16656d37e45fd9e8744cb9386d462'],
    ['quickforwards_did_delete', { did: '37063042438' }, '123456', '8fe8606b6bb38ba1cc5e80630436b270cfc7e65e'],
    ['did_subscription_stop', { dids_id: '6511' }, 'secret', 'f7de355c9b4421ce6c705b4b32c89dbcaca51e46'],
    ['device_details_get', { device_id: '5' }, '456789', '65fd575c441513bd114b84c7dbdb01e0f2716d27'],
    ['quickforwards_did_update', { did: '37060503666', forward_to: '37066603777', description: 'abyss' }, '123456', 'b12dbb15d59356af0fd75dc413ebd07a5b852d15'],
    ['payment_create', { user_id: '123', p_currency: 'EUR', paymenttype: 'Myname', tax_in_amount: '1', amount: '100', transaction: '2S5sdf77', payer_email: 'bla' }, '456789', '687a2cee0a61dee0bffa3bc8837e201a6a31af5d'],
    ['card_from_group_sell', { id: '6', quantity: '2' }, '456789', '37086d860581fabc278413cd1a417d5c079f6eba'],
    ['calling_cards_create', { card_group_id: '1', cards_from: '1000000025', cards_till: '1000000035' }, 'secret', '7e112ededcfee097cce21b6201c6d2a00dda1f4c'],
    ['voucher_use', { voucher_number: '10007' }, '123456', 'd180bb861a4ee06850bc2fe40e2b8d2ab369e27f'],
    ['user_calls_get', { user_id: '123', period_start: '1252454580', calltype: 'answered' }, 'Very Sercet Key', 'b93c35d5c6183288322122561a3da7e09abb63b7'],
  ])('%s %p', (method, params, key, expected) => {
    expect(sha1(morServerText(method, params) + key)).toBe(expected);
    expect(requestHashMatches(expected, method, params, [], key)).toBe(true);
  });

  it('hashes device_create with caller_id in the global order', () => {
    const params = { u: 'admin', user_id: '2', description: 'd', pin: '1234', type: 'SIP', devicegroup_id: '3', caller_id: '370', extension: '99' };
    expect(morServerText('device_create', params)).toBe('2d1234SIP3370');
  });

  it.each([
    ['integers are normalised', { user_id: '007', tariff_id: '010' }, '710'],
    ['an empty integer param is 0', { user_id: '' }, '0'],
    ['zeros only are 0', { user_id: '000' }, '0'],
    ['a long integer keeps its digits, without leading zeros', { user_id: `00${'9'.repeat(300)}` }, '9'.repeat(300)],
    ['non-numeric integer params are dropped', { user_id: '-1', period_start: '1x', only_did: '1' }, '1'],
    ['invalid enumerations are dropped', { direction: 'sideways', calltype: 'no_answer', device: 'x1', users: 'postpaid', block: 'nottrue' }, 'no_answerpostpaidnottrue'],
    ['a Ruby line anchor keeps a multi-line users value', { users: 'x\nall' }, 'x\nall'],
    ['user_warning_email_hour, pgui and device_callerid are never hashed', { user_warning_email_hour: '5', pgui: '1', pcsv: '2', device_callerid: '3', src_callerid: '4' }, '24'],
    ['names outside the list are never hashed', { u: 'admin', xml: '<x/>', shipped_at: '1', test: '1' }, ''],
    ['lcr_id is hashed raw (a later collection overwrites the digits check)', { lcr_id: 'abc' }, 'abc'],
    ['s_amount_min is not hashed', { s_amount_min: '1', s_amount_max: '2' }, '2'],
  ])('%s', (_name, params, text) => {
    expect(morServerText('some_method', params)).toBe(text);
  });

  it('skips number only for card_from_group_sell', () => {
    expect(morServerText('card_from_group_sell', { id: '6', number: '5' })).toBe('6');
    expect(morServerText('card_balance_get', { id: '6', number: '5' })).toBe('56');
  });

  it('uses a per-method list alone, raw, for the methods that have one', () => {
    expect(morServerText('users_get', { u: 'admin', p: 'admin1', user_id: '5' })).toBe('adminadmin1');
    expect(morServerText('device_update', { device: 'x', username: 'n', device_id: '3', description: 'd' })).toBe('xn');
    expect(morServerText('subscriptions_get', { user_id: '5' })).toBe('');
  });

  it('hashes nothing for quickstats_get when u is literally admin', () => {
    expect(morServerText('quickstats_get', { u: 'admin' })).toBe('');
    expect(morServerText('quickstats_get', { u: 'boss' })).toBe('boss');
  });
});

describe('morServerText over the sent params only', () => {
  /** MOR's walk as it is specified: every one of the 209 names, in order. */
  function walkAll(method: string, params: Record<string, string>): string {
    const { MOR_HASH_NORMALISE, MOR_NEVER_HASHED, MOR_NUMBER_NOT_HASHED_FOR } = jest.requireActual('./mor-hash-order');
    let text = '';
    for (const name of MOR_GLOBAL_HASH_ORDER) {
      const raw = params[name];
      if (raw === undefined || MOR_NEVER_HASHED.has(name)) continue;
      if (name === 'number' && method === MOR_NUMBER_NOT_HASHED_FOR) continue;
      const rule = MOR_HASH_NORMALISE[name];
      const value = rule === undefined ? raw : rule === 'int' ? (/^\d*$/.test(raw) ? BigInt(raw === '' ? 0 : raw).toString() : undefined) : rule.test(raw) ? raw : undefined;
      text += value ?? '';
    }
    return text;
  }

  it('gives the text of the full 209-name walk for any set of params, in any insertion order', () => {
    const fc = jest.requireActual('fast-check');
    const names = [...MOR_GLOBAL_HASH_ORDER.slice(0, 60), ...MOR_GLOBAL_HASH_ORDER.slice(-20), 'u', 'hash', 'not_a_mor_param', 'number', 'user_warning_email_hour'];
    const value = fc.oneof(fc.constantFrom('', '0', '007', '12', 'abc', '2024-01-01', '-5', '1.5'), fc.string({ maxLength: 6 }));
    fc.assert(fc.property(fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 12 }), fc.constantFrom('user_details_get', 'card_from_group_sell', 'device_create'), (params: Record<string, string>, method: string) => {
      expect(morServerText(method, params)).toBe(walkAll(method, params));
    }), { numRuns: 2000 });
  });
});
