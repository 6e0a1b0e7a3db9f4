import { invoiceLines, invoiceNumber, invoiceTotals } from './invoices';
import { NO_TAX, type TaxSet } from './taxes';

const s5: TaxSet = { compound: true, taxes: [{ name: 'T1', percent: '10', enabled: true }, { name: 'T2', percent: '5', enabled: true }] };

describe('invoice numbers', () => {
  it.each([
    ['INV', 1, 'INV0000001'], ['INV', 1905011, 'INV1905011'], ['', 42, '0000042'], ['A-', 123456789, 'A-123456789'],
  ])('%p + %p → %p', (prefix, seq, number) => {
    expect(invoiceNumber(prefix, seq)).toBe(number);
  });

  it.each([[0], [-1], [1.5], [Number.MAX_SAFE_INTEGER + 1]])('refuses sequence %p', (seq) => {
    expect(() => invoiceNumber('INV', seq)).toThrow(RangeError);
  });
});

describe('invoice lines and totals', () => {
  const groups = [
    { prefix: '44', destination: 'United Kingdom', calls: 3, seconds: 180, price: '0.240000' },
    { prefix: '370', destination: '', calls: 1, seconds: 61, price: '0.010001' },
  ];
  const charges = [{ name: 'Monthly fee', quantity: 1, price: '99.75', serviceId: 7 }];

  it('calls by prefix, then charges', () => {
    expect(invoiceLines(groups, charges).map((l) => [l.kind, l.name, l.quantity, l.totalTime, l.prefix, l.serviceId, l.price.toFixed()])).toEqual([
      ['calls', 'Calls to 370', 1, 61, '370', 0, '0.010001'],
      ['calls', 'Calls to United Kingdom', 3, 180, '44', 0, '0.24'],
      ['charge', 'Monthly fee', 1, 0, '', 7, '99.75'],
    ]);
  });

  it.each([
    ['S5 compound taxes on 100', [{ prefix: '1', destination: 'X', calls: 1, seconds: 60, price: '100' }], s5, ['100', '15.5', '115.5', 60]],
    ['exact net, tax to the cent', groups, s5, ['0.250001', '0.04', '0.290001', 241]],
    ['no taxes', groups, NO_TAX, ['0.250001', '0', '0.250001', 241]],
    ['nothing', [], s5, ['0', '0', '0', 0]],
  ] as const)('%s', (_name, g, taxes, [price, tax, gross, time]) => {
    const totals = invoiceTotals(invoiceLines(g, []), taxes);
    expect([totals.price.toFixed(), totals.tax.toFixed(), totals.priceWithTax.toFixed(), totals.totalTime]).toEqual([price, tax, gross, time]);
  });
});
