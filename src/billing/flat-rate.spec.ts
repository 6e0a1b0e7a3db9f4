import { decidingDestination, takeSeconds } from './flat-rate';

describe('flat-rate minutes', () => {
  const list = [{ prefix: '370', included: true }, { prefix: '3706', included: false }, { prefix: '37069', included: true }];
  it.each([
    ['37051234', '370', true],
    ['3706123', '3706', false],
    ['37069123', '37069', true],
    ['4412345', null, null],
  ])('number %s is decided by %s (included %s)', (number, prefix, included) => {
    const d = decidingDestination(number, list);
    expect(d && [d.prefix, d.included]).toEqual(prefix === null ? null : [prefix, included]);
  });

  it.each([
    [100, [[1, 60], [2, 30]], [[1, 60], [2, 30]], 10],
    [50, [[1, 60], [2, 30]], [[1, 50]], 0],
    [50, [[1, 0], [2, 30]], [[2, 30]], 20],
    [0, [[1, 60]], [], 0],
    [30, [], [], 30],
  ])('billsec %d from %j takes %j and leaves %d', (billsec, allowances, taken, rest) => {
    const r = takeSeconds(billsec as number, (allowances as number[][]).map(([subscriptionId, remaining]) => ({ subscriptionId, remaining })));
    expect(r).toEqual({ taken: (taken as number[][]).map(([subscriptionId, seconds]) => ({ subscriptionId, seconds })), rest });
  });
});
