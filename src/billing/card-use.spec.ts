import { type CardUseState, cardRefusal, dailyChargeDays, ghostAnnounced, spendable } from './card-use';

const NOW = new Date('2026-03-10T12:00:00Z');
const base: CardUseState = {
  sold: true, disabled: false, firstUse: null, validFrom: null, validTill: null, validAfterFirstUse: 0,
  balance: '10', minBalance: '0', setupFee: '0', held: '0', solo: false, activeCalls: 0,
};

describe('card use', () => {
  it.each<[string, Partial<CardUseState>, string | null]>([
    ['a sold card with balance', {}, null],
    ['unsold', { sold: false }, 'not_sold'],
    ['disabled', { disabled: true }, 'disabled'],
    ['before its group is valid', { validFrom: new Date('2026-03-11T00:00:00Z') }, 'not_yet_valid'],
    ['after its group ended', { validTill: new Date('2026-03-10T11:59:59Z') }, 'expired'],
    ['past its days after first use', { firstUse: new Date('2026-03-01T12:00:00Z'), validAfterFirstUse: 8 }, 'expired'],
    ['within its days after first use', { firstUse: new Date('2026-03-01T12:00:00Z'), validAfterFirstUse: 9 }, null],
    ['solo pinless in a call', { solo: true, activeCalls: 1 }, 'in_use'],
    ['not solo, in a call', { activeCalls: 3 }, null],
    ['balance at its minimum', { minBalance: '10' }, 'no_balance'],
    ['setup fee eats the balance before first use', { setupFee: '10' }, 'no_balance'],
    ['setup fee paid after first use', { setupFee: '10', firstUse: new Date('2026-03-10T00:00:00Z') }, null],
    ['held by calls in progress', { held: '10' }, 'no_balance'],
  ])('%s', (_name, change, refusal) => {
    expect(cardRefusal({ ...base, ...change }, NOW)).toBe(refusal);
  });

  it.each<[Partial<CardUseState>, string]>([
    [{}, '10'],
    [{ minBalance: '1.5', setupFee: '0.25', held: '2' }, '6.25'],
    [{ minBalance: '20' }, '0'],
  ])('spendable %j = %s', (change, value) => {
    expect(spendable({ ...base, ...change }).toString()).toBe(value);
  });

  it('announces ghost percentages (50 real minutes at 120 % are 60)', () => {
    expect(ghostAnnounced('50', '120').toString()).toBe('60');
    expect(ghostAnnounced('10.5', '90').toString()).toBe('9.45');
  });

  it('lists the days of daily charge due', () => {
    expect(dailyChargeDays(null, null, NOW)).toEqual([]);
    expect(dailyChargeDays(new Date('2026-03-08T23:00:00Z'), null, NOW)).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    expect(dailyChargeDays(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-09T00:00:00Z'), NOW)).toEqual(['2026-03-10']);
    expect(dailyChargeDays(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-10T00:00:00Z'), NOW)).toEqual([]);
  });
});
