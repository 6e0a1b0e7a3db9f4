import { Decimal } from './money';
import { chargesDue, SubscriptionTerms } from './subscription-periods';

const base: SubscriptionTerms = {
  type: 'periodic_fee', period: 'month', price: new Decimal('31'), discountPercent: new Decimal(0), chargeOn: 1,
  start: '2026-01-01', end: null, added: '2026-01-01', chargeForPast: false,
};
const due = (terms: Partial<SubscriptionTerms>, today: string) =>
  chargesDue({ ...base, ...terms }, today).map((c) => `${c.periodStart}..${c.periodEnd}@${c.due}=${c.amount.toFixed(6)}`);

describe('chargesDue', () => {
  it.each<[string, Partial<SubscriptionTerms>, string, string[]]>([
    ['monthly at period start: the coming month, on its first day', {}, '2026-01-01', ['2026-01-01..2026-01-31@2026-01-01=31.000000']],
    ['monthly: next month only once it starts', {}, '2026-01-31', ['2026-01-01..2026-01-31@2026-01-01=31.000000']],
    ['monthly: two months', {}, '2026-02-01', ['2026-01-01..2026-01-31@2026-01-01=31.000000', '2026-02-01..2026-02-28@2026-02-01=31.000000']],
    ['monthly started mid-month: the rest of the month by days', { start: '2026-01-22', added: '2026-01-22' }, '2026-01-22', ['2026-01-22..2026-01-31@2026-01-22=10.000000']],
    ['monthly ending mid-month: up to the end day', { end: '2026-02-14' }, '2026-02-20', ['2026-01-01..2026-01-31@2026-01-01=31.000000', '2026-02-01..2026-02-14@2026-02-01=15.500000']],
    ['at period end: due on the last day', { chargeOn: 2 }, '2026-01-30', []],
    ['at period end: the last day', { chargeOn: 2 }, '2026-01-31', ['2026-01-01..2026-01-31@2026-01-31=31.000000']],
    ['every day: the monthly price by days', { chargeOn: 3 }, '2026-01-02', ['2026-01-01..2026-01-01@2026-01-01=1.000000', '2026-01-02..2026-01-02@2026-01-02=1.000000']],
    ['daily fee', { period: 'day', price: new Decimal('0.5') }, '2026-01-03', ['2026-01-01..2026-01-01@2026-01-01=0.500000', '2026-01-02..2026-01-02@2026-01-02=0.500000', '2026-01-03..2026-01-03@2026-01-03=0.500000']],
    ['one-time fee: once, on activation', { type: 'one_time_fee', price: new Decimal('9.99') }, '2026-03-01', ['2026-01-01..2026-01-01@2026-01-01=9.990000']],
    ['not yet active', { start: '2026-02-01', added: '2026-01-15' }, '2026-01-31', []],
    ['discount 25%', { discountPercent: new Decimal(25) }, '2026-01-01', ['2026-01-01..2026-01-31@2026-01-01=23.250000']],
    ['flat rate: whole months, not shared by days', { type: 'flat_rate', start: '2026-01-22', added: '2026-01-22' }, '2026-01-22', ['2026-01-22..2026-01-31@2026-01-22=31.000000']],
    ['made later without charge for past: earlier months skipped', { added: '2026-03-10' }, '2026-03-10', ['2026-03-01..2026-03-31@2026-03-01=31.000000']],
    ['made later with charge for past: every month since activation', { added: '2026-02-10', chargeForPast: true }, '2026-02-10', ['2026-01-01..2026-01-31@2026-01-01=31.000000', '2026-02-01..2026-02-28@2026-02-01=31.000000']],
    ['a price that does not divide: exact to 6 places, half up', { price: new Decimal('10'), start: '2026-01-02', added: '2026-01-02' }, '2026-01-02', ['2026-01-02..2026-01-31@2026-01-02=9.677419']],
  ])('%s', (_name, terms, today, expected) => {
    expect(due(terms, today)).toEqual(expected);
  });
});
