import { ProviderRule, applyProviderRules } from './provider-rules';

function rule(partial: Partial<ProviderRule> & Pick<ProviderRule, 'id'>): ProviderRule {
  return { enabled: true, prType: 'dst', cut: '', add: '', minlen: 1, maxlen: 100, ...partial };
}

describe('applyProviderRules — reference examples (§B.8)', () => {
  const cases: Array<[string, ProviderRule, string, string, string | undefined]> = [
    ['Add 89765# (tech prefix)', rule({ id: 1, add: '89765#' }), '37063042438', '89765#37063042438', undefined],
    ['Cut *# strips up to and including #', rule({ id: 1, cut: '*#' }), '999#37063042439', '37063042439', undefined],
    ['Cut - sends the number exactly as received', rule({ id: 1, cut: '-' }), '37061234567', '861234567', '861234567'],
    ['replacement = cut old prefix + add new prefix', rule({ id: 1, cut: '370', add: '00370' }), '37061234567', '0037061234567', undefined],
  ];
  it.each(cases)('%s', (_title, r, number, expected, received) => {
    expect(applyProviderRules(number, [r], { received }).number).toBe(expected);
  });
});

describe('applyProviderRules — matching and order', () => {
  const cases: Array<[string, ProviderRule[], string, string, number | null]> = [
    ['no rules: unchanged', [], '37061234567', '37061234567', null],
    ['disabled rule ignored', [rule({ id: 1, add: '9#', enabled: false })], '370', '370', null],
    ['cut must be a prefix', [rule({ id: 1, cut: '44', add: '0' })], '37061234567', '37061234567', null],
    ['below minlen', [rule({ id: 1, add: '9#', minlen: 12 })], '37061234567', '37061234567', null],
    ['above maxlen', [rule({ id: 1, add: '9#', maxlen: 10 })], '37061234567', '37061234567', null],
    ['length window inclusive', [rule({ id: 1, add: '9#', minlen: 11, maxlen: 11 })], '37061234567', '9#37061234567', 1],
    ['Cut *# does not match a number without #', [rule({ id: 1, cut: '*#', add: 'X' })], '37061234567', '37061234567', null],
    ['Cut *# removes only the first tech prefix', [rule({ id: 1, cut: '*#' })], '1#2#370', '2#370', 1],
    ['Cut *# with Add replaces the tech prefix', [rule({ id: 1, cut: '*#', add: '555#' })], '999#370', '555#370', 1],
    ['Cut - without received number keeps the number', [rule({ id: 1, cut: '-' })], '370', '370', 1],
    ['suffix is appended on dst rules', [rule({ id: 1, cut: '370', add: '0', suffix: '#1' })], '37061234567', '061234567#1', 1],
    ['src rules are not applied to the destination', [rule({ id: 1, add: '9#', prType: 'src' })], '370', '370', null],
    ['longest matching cut wins', [rule({ id: 1, add: 'A#' }), rule({ id: 2, cut: '3706', add: 'B' }), rule({ id: 3, cut: '370', add: 'C' })], '37061234567', 'B1234567', 2],
    ['equal specificity: lower id wins', [rule({ id: 9, add: 'B#' }), rule({ id: 4, add: 'A#' })], '370', 'A#370', 4],
    ['rules do not chain', [rule({ id: 1, cut: '370', add: '370370' })], '370', '370370', 1],
  ];
  it.each(cases)('%s', (_title, rules, number, expected, ruleId) => {
    const result = applyProviderRules(number, rules);
    expect(result.number).toBe(expected);
    expect(result.rule?.id ?? null).toBe(ruleId);
  });

  it('src type rewrites caller ids and never appends a suffix', () => {
    const rules = [rule({ id: 1, prType: 'src', cut: '370', add: '0', suffix: 'S' }), rule({ id: 2, add: 'D#' })];
    expect(applyProviderRules('37051111111', rules, { type: 'src' }).number).toBe('051111111');
  });
});
