import { type TaxSet, taxLines, taxOf, taxSetOf, totalTaxPercent, withTax, withoutTax } from './taxes';

const set = (compound: boolean, ...percents: string[]): TaxSet => ({ compound, taxes: percents.map((p, i) => ({ name: `T${i + 1}`, percent: p, enabled: true })) });

describe('taxes (03 §S5, MOR Tax model)', () => {
  it.each([
    // 03 §S5's example: X = 100, T1 = 10 %, T2 = 5 %.
    ['S5 compound', set(true, '10', '5'), '100', undefined, '115.5', '15.5'],
    ['S5 simple', set(false, '10', '5'), '100', undefined, '115', '15'],
    // 03 §S4: 21 % on 50 → 60.50.
    ['one tax 21 %', set(false, '21'), '50', undefined, '60.5', '10.5'],
    ['four compound taxes', set(true, '10', '10', '10', '10'), '100', undefined, '146.41', '46.41'],
    ['no tax at 0 %', set(true, '0'), '12.345678', undefined, '12.345678', '0'],
    // MOR's invoice precision: each tax rounded to the cent before it is added.
    ['compound, cents per tax', set(true, '21', '7.5'), '10.01', 2, '13.02', '3.01'],
    ['simple, cents per tax (half-up)', set(false, '5', '5'), '0.1', 2, '0.12', '0.02'],
    ['exact without precision', set(false, '5', '5'), '0.1', undefined, '0.11', '0.01'],
    ['negative amounts (a negative credit note)', set(true, '10', '5'), '-100', 2, '-115.5', '-15.5'],
  ])('%s', (_name, taxes, net, precision, gross, tax) => {
    expect(withTax(net, taxes, precision).toFixed()).toBe(gross);
    expect(taxOf(net, taxes, precision).toFixed()).toBe(tax);
  });

  it.each([
    // 03 §S4: "Excluded": typed 50 with 21 % → balance +41.32.
    ['S4 excluded 21 %', set(false, '21'), '50', 2, '41.32'],
    ['S5 compound back', set(true, '10', '5'), '115.5', undefined, '100'],
    ['S5 simple back', set(false, '10', '5'), '115', undefined, '100'],
    ['compound back, rounded per step', set(true, '10', '5'), '100', 2, '86.58'],
  ])('net of a gross amount: %s', (_name, taxes, gross, precision, net) => {
    expect(withoutTax(gross, taxes, precision).toFixed()).toBe(net);
  });

  it('lists each tax on its base; disabled taxes are skipped; tax 1 always applies', () => {
    const user = taxSetOf({
      tax1_name: 'VAT', tax2_name: 'City', tax3_name: 'Off', tax4_name: '', tax1_value: '10', tax2_value: '5', tax3_value: '50', tax4_value: '0',
      tax2_enabled: 1, tax3_enabled: 0, tax4_enabled: 0, compound_tax: 1,
    });
    expect(taxLines('100', user).map((l) => [l.name, l.tax.toFixed()])).toEqual([['VAT', '10'], ['City', '5.5']]);
    expect(totalTaxPercent(user).toFixed()).toBe('15.5');
  });
});
