import { GLOBAL_LOCATION_ID, LocationRule, localizeCallerId, localizeNumber } from './localization';

/** A rule with MOR's defaults (enabled, dst, minlen 1, maxlen 99) unless overridden. */
function rule(partial: Partial<LocationRule> & Pick<LocationRule, 'id'>): LocationRule {
  return {
    locationId: GLOBAL_LOCATION_ID,
    enabled: true,
    lrType: 'dst',
    cut: '',
    add: '',
    minlen: 1,
    maxlen: 99,
    ...partial,
  };
}

// §B.8 worked example: Lithuanian mobiles dialled locally as 9 digits starting with 86.
const lithuania = rule({ id: 1, name: 'LT mobile', cut: '8', add: '370', minlen: 9, maxlen: 9 });

describe('localizeNumber — reference examples (§B.8)', () => {
  it.each([
    ['861234567 becomes E.164', '861234567', '37061234567', 1],
    ['37061234567 (11 digits) is outside 9..9 and passes unchanged', '37061234567', '37061234567', null],
  ])('%s', (_title, dialled, expected, ruleId) => {
    const result = localizeNumber(dialled, [lithuania]);
    expect(result.number).toBe(expected);
    expect(result.rule?.id ?? null).toBe(ruleId);
  });
});

describe('localizeNumber — matching', () => {
  const cases: Array<[string, LocationRule[], string, string, number | null]> = [
    ['no rules: unchanged', [], '123', '123', null],
    ['cut must be a prefix of the number', [rule({ id: 1, cut: '8', add: '370' })], '912345678', '912345678', null],
    ['empty cut matches any number in the length window', [rule({ id: 1, add: '370', minlen: 8, maxlen: 8 })], '61234567', '37061234567', 1],
    ['length below minlen: not applied', [rule({ id: 1, cut: '8', add: '370', minlen: 9, maxlen: 9 })], '86123456', '86123456', null],
    ['length window is inclusive at both ends', [rule({ id: 1, cut: '0', add: '44', minlen: 3, maxlen: 5 })], '01234', '441234', 1],
    ['disabled rule is ignored', [rule({ id: 1, cut: '8', add: '370', enabled: false })], '861234567', '861234567', null],
    ['cut only (international access code)', [rule({ id: 1, cut: '00' })], '0037061234567', '37061234567', 1],
    ['add only', [rule({ id: 1, add: '1', minlen: 10, maxlen: 10 })], '2125551234', '12125551234', 1],
    ['src rules do not touch the destination', [rule({ id: 1, cut: '8', add: '370', lrType: 'src' })], '861234567', '861234567', null],
    ['rules do not chain: only one fires', [rule({ id: 1, cut: '8', add: '08' })], '861234567', '0861234567', 1],
    ['longest cut wins over rule order', [rule({ id: 1, cut: '8', add: 'A' }), rule({ id: 2, cut: '86', add: 'B' })], '861234567', 'B1234567', 2],
    ['equal cut length: lower id wins', [rule({ id: 7, cut: '8', add: 'B' }), rule({ id: 3, cut: '8', add: 'A' })], '861234567', 'A61234567', 3],
  ];
  it.each(cases)('%s', (_title, rules, dialled, expected, ruleId) => {
    const result = localizeNumber(dialled, rules);
    expect(result.number).toBe(expected);
    expect(result.rule?.id ?? null).toBe(ruleId);
  });
});

describe('localizeNumber — device location and Global fallback', () => {
  const vilnius = 5;
  const rules = [
    rule({ id: 1, cut: '8', add: '370' }), // Global
    rule({ id: 2, locationId: vilnius, cut: '86', add: '3706' }),
    rule({ id: 3, locationId: 9, cut: '8', add: 'OTHER' }), // someone else's location
  ];

  it('uses the device location rule and skips Global when it fires', () => {
    const result = localizeNumber('861234567', rules, { locationId: vilnius });
    expect(result).toMatchObject({ number: '37061234567', locationId: vilnius });
    expect(result.rule?.id).toBe(2);
  });

  it('falls back to Global when no device-location rule fires', () => {
    const result = localizeNumber('851234567', rules, { locationId: vilnius });
    expect(result).toMatchObject({ number: '37051234567', locationId: GLOBAL_LOCATION_ID });
  });

  it('a device in Global (or without location) only sees Global rules', () => {
    expect(localizeNumber('861234567', rules).rule?.id).toBe(1);
    expect(localizeNumber('861234567', rules, { locationId: GLOBAL_LOCATION_ID }).rule?.id).toBe(1);
  });

  it('a device-location rule that is more generic still beats Global', () => {
    const result = localizeNumber('861234567', [rule({ id: 1, cut: '86', add: 'G' }), rule({ id: 2, locationId: vilnius, add: 'D' })], {
      locationId: vilnius,
    });
    expect(result.number).toBe('D861234567');
  });

  it('a disabled device-location rule does not block Global', () => {
    const result = localizeNumber('861234567', [rule({ id: 1, cut: '8', add: '370' }), rule({ id: 2, locationId: vilnius, cut: '8', enabled: false })], {
      locationId: vilnius,
    });
    expect(result.number).toBe('37061234567');
  });

  it('honours a custom global location id', () => {
    const result = localizeNumber('861234567', [rule({ id: 1, locationId: 42, cut: '8', add: '370' })], { globalLocationId: 42 });
    expect(result.number).toBe('37061234567');
  });

  it('no rule anywhere: unchanged, no rule, no location', () => {
    expect(localizeNumber('123', rules, { locationId: vilnius })).toEqual({ number: '123', callerId: undefined, rule: null, locationId: null });
  });
});

describe('localizeNumber — combined rules', () => {
  const combined = rule({ id: 10, lrType: 'combined', cut: '8', add: '370', srcCut: '8', srcAdd: '370', srcMinlen: 9, srcMaxlen: 9 });
  const dst = rule({ id: 1, cut: '86', add: 'X' });

  it('applies to both numbers and outranks a longer dst rule when the caller id matches', () => {
    const result = localizeNumber('861234567', [dst, combined], { callerId: '851111111' });
    expect(result).toMatchObject({ number: '37061234567', callerId: '37051111111' });
    expect(result.rule?.id).toBe(10);
  });

  it('is ignored when the caller id does not match', () => {
    const result = localizeNumber('861234567', [dst, combined], { callerId: '12345' });
    expect(result).toMatchObject({ number: 'X1234567', callerId: '12345' });
  });

  it('is ignored when no caller id is given', () => {
    expect(localizeNumber('861234567', [combined]).rule).toBeNull();
  });
});

describe('localizeCallerId', () => {
  it('applies src rules to the caller id only', () => {
    const rules = [rule({ id: 1, lrType: 'src', cut: '8', add: '370', minlen: 9, maxlen: 9 }), rule({ id: 2, cut: '8', add: 'DST' })];
    expect(localizeCallerId('851111111', rules)).toMatchObject({ number: '37051111111', locationId: GLOBAL_LOCATION_ID });
    expect(localizeCallerId('37051111111', rules).rule).toBeNull();
  });
});
