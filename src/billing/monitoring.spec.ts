import { Decimal } from './money';
import { monitoringCovers, monitoringTripped } from './monitoring';

describe('monitoringTripped', () => {
  it.each<[1 | 2, string, string, boolean]>([
    [1, '10.000001', '10', true],
    [1, '10', '10', false],
    [1, '9.999999', '10', false],
    [2, '9.999999', '10', true],
    [2, '10', '10', false],
    [2, '0', '0.000001', true],
  ])('mtype %s: spent %s against %s -> %s', (mtype, spent, amount, tripped) => {
    expect(monitoringTripped(mtype, new Decimal(spent), new Decimal(amount))).toBe(tripped);
  });
});

describe('monitoringCovers', () => {
  it.each<['all' | 'postpaid' | 'prepaid' | 'user', number, { id: number; postpaid: number }, boolean]>([
    ['all', 0, { id: 5, postpaid: 0 }, true],
    ['postpaid', 0, { id: 5, postpaid: 1 }, true],
    ['postpaid', 0, { id: 5, postpaid: 0 }, false],
    ['prepaid', 0, { id: 5, postpaid: 0 }, true],
    ['prepaid', 0, { id: 5, postpaid: 1 }, false],
    ['user', 5, { id: 5, postpaid: 1 }, true],
    ['user', 6, { id: 5, postpaid: 1 }, false],
  ])('%s (user %s) covers %j: %s', (target, targetId, user, covered) => {
    expect(monitoringCovers(target, targetId, user)).toBe(covered);
  });
});
