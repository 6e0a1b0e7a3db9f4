import { toStorage } from './money';
import { taxFactor, taxSetOf, withTax, withoutTax } from './tax-set';

const set = (values: string[], compound: boolean, enabled = values.map(() => true)) => ({ compound, taxes: values.map((value, i) => ({ value, enabled: enabled[i] })) });

describe('tax set', () => {
  it.each([
    [['21'], true, '1.21'],
    [['10', '5'], true, '1.155'],
    [['10', '5'], false, '1.15'],
    [['10', '5', '2'], false, '1.17'],
    [['0'], true, '1'],
  ])('%j compound=%s has factor %s', (values, compound, factor) => {
    expect(taxFactor(set(values as string[], compound as boolean)).toString()).toBe(factor);
  });

  it('skips disabled taxes', () => {
    expect(taxFactor(set(['10', '50'], true, [true, false])).toString()).toBe('1.1');
  });

  it.each([
    ['100', ['21'], '121.000000'],
    ['10', ['10', '5'], '11.550000'],
    ['0.01', ['19.6'], '0.011960'],
  ])('withTax(%s, %j) = %s and back', (net, values, gross) => {
    const s = set(values, true);
    expect(toStorage(withTax(net, s))).toBe(gross);
    expect(toStorage(withoutTax(gross, s))).toBe(toStorage(net));
  });

  it('reads MOR tax columns; tax 1 always on', () => {
    const s = taxSetOf({ tax1_value: '10', tax2_value: '10', tax3_value: '5', tax4_value: '0', tax2_enabled: 0, tax3_enabled: 1, tax4_enabled: 1, compound_tax: 0 });
    expect(taxFactor(s).toString()).toBe('1.15');
    expect(toStorage(withoutTax('23', s))).toBe('20.000000');
  });
});
