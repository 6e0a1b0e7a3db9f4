import { LcrProviderLink, LcrSettings, RouteInput, RoutingProvider, planRoute, routeProviders } from './lcr';
import { Decimal } from './money';
import { ProviderRule } from './provider-rules';
import { mulberry32 } from './random';

const A = 1;
const B = 2;
const C = 3;
const D = 4;

function link(providerId: number, partial: Partial<LcrProviderLink> = {}): LcrProviderLink {
  return { providerId, active: true, priority: providerId, percent: 0, ...partial };
}

function provider(id: number, partial: Partial<RoutingProvider> = {}): RoutingProvider {
  return { id, active: true, ...partial };
}

function input(lcr: LcrSettings, prices: Record<number, string | null>, extra: Partial<RouteInput> = {}): RouteInput {
  const ids = Object.keys(prices).map(Number);
  return {
    number: '37061234567',
    lcr,
    links: ids.map((id) => link(id)),
    providers: ids.map((id) => provider(id)),
    prices: new Map(ids.map((id) => [id, prices[id]])),
    ...extra,
  };
}

const ids = (input: RouteInput): number[] => routeProviders(input).map((r) => r.providerId);

describe('price order', () => {
  it('cheapest first, prices kept as exact decimals', () => {
    const routes = routeProviders(input({ order: 'price' }, { [A]: '0.30', [B]: '0.10', [C]: '0.2' }));
    expect(routes.map((r) => r.providerId)).toEqual([B, C, A]);
    expect(routes.map((r) => r.price.toFixed(6))).toEqual(['0.100000', '0.200000', '0.300000']);
    expect(routes[0].price).toBeInstanceOf(Decimal);
  });

  it('does not use float comparison (0.1+0.2 vs 0.3 style values)', () => {
    expect(ids(input({ order: 'price' }, { [A]: '0.300000000000000001', [B]: '0.3' }))).toEqual([B, A]);
  });

  it('equal prices: lower link priority first, then provider id', () => {
    const base = input({ order: 'price' }, { [A]: '0.1', [B]: '0.1', [C]: '0.1' });
    const links = [link(A, { priority: 5 }), link(B, { priority: 1 }), link(C, { priority: 5 })];
    expect(ids({ ...base, links })).toEqual([B, A, C]);
  });

  // §B.7 wiki examples for first_provider_percent_limit.
  it.each([
    ['A 0.10, B 0.11, x=20% → B is tried', '0.11', '20', [A, B], []],
    ['A 0.10, B 0.30, x=20% → B is not tried', '0.30', '20', [A], [B]],
    ['price exactly at the limit is kept', '0.12', '20', [A, B], []],
    ['x=0 switches the limit off', '0.30', '0', [A, B], []],
  ])('%s', (_title, priceB, limit, expected, limited) => {
    const plan = planRoute(input({ order: 'price', firstProviderPercentLimit: limit }, { [A]: '0.10', [B]: priceB }));
    expect(plan.routes.map((r) => r.providerId)).toEqual(expected);
    expect(plan.skipped.filter((s) => s.reason === 'percent_limit').map((s) => s.providerId)).toEqual(limited);
  });
});

describe('priority order', () => {
  it('follows the manual priority regardless of price; ties by provider id', () => {
    const base = input({ order: 'priority' }, { [A]: '0.01', [B]: '0.50', [C]: '0.20', [D]: '0.3' });
    const links = [link(A, { priority: 3 }), link(B, { priority: 1 }), link(C, { priority: 2 }), link(D, { priority: 2 })];
    expect(ids({ ...base, links })).toEqual([B, C, D, A]);
  });

  it('ignores first_provider_percent_limit (a price-order setting)', () => {
    expect(ids(input({ order: 'priority', firstProviderPercentLimit: 10 }, { [A]: '1', [B]: '0.1' }))).toEqual([A, B]);
  });
});

describe('eligibility', () => {
  const lcr: LcrSettings = { order: 'price' };

  it.each([
    ['provider without rate', { prices: new Map([[A, '0.1'], [B, null]]) }, [A], { providerId: B, reason: 'no_rate' }],
    ['inactive provider', { providers: [provider(A), provider(B, { active: false })] }, [A], { providerId: B, reason: 'provider_inactive' }],
    ['inactive link', { links: [link(A), link(B, { active: false })] }, [A], { providerId: B, reason: 'link_inactive' }],
    ['unknown provider', { providers: [provider(A)] }, [A], { providerId: B, reason: 'unknown_provider' }],
    ['duplicate link', { links: [link(A), link(B), link(B, { priority: 0 })] }, [A, B], { providerId: B, reason: 'duplicate_link' }],
  ])('%s is skipped', (_title, extra, expected, skip) => {
    const plan = planRoute(input(lcr, { [A]: '0.1', [B]: '0.2' }, extra as Partial<RouteInput>));
    expect(plan.routes.map((r) => r.providerId)).toEqual(expected);
    expect(plan.skipped).toContainEqual(skip);
  });

  it('a missing map entry counts as no rate', () => {
    expect(ids(input(lcr, { [A]: '0.1' }, { links: [link(A), link(B)], providers: [provider(A), provider(B)] }))).toEqual([A]);
  });

  it('zero price is a rate, not "no rate"', () => {
    expect(ids(input(lcr, { [A]: '0', [B]: '0.1' }))).toEqual([A, B]);
  });

  it('empty LCR gives an empty list', () => {
    expect(routeProviders(input(lcr, {}))).toEqual([]);
  });
});

describe('provider rules per provider', () => {
  const techPrefix: ProviderRule = { id: 1, enabled: true, prType: 'dst', cut: '', add: '89765#', minlen: 1, maxlen: 100, tariffId: 77 };
  const srcRule: ProviderRule = { id: 2, enabled: true, prType: 'src', cut: '370', add: '0', minlen: 1, maxlen: 100 };

  it('each provider gets its own rewritten number and caller id', () => {
    const base = input({ order: 'price' }, { [A]: '0.1', [B]: '0.2' }, { callerId: '37051111111' });
    const routes = routeProviders({ ...base, providers: [provider(A, { rules: [techPrefix, srcRule] }), provider(B)] });
    expect(routes[0]).toMatchObject({ providerId: A, number: '89765#37061234567', callerId: '051111111', tariffId: 77 });
    expect(routes[1]).toMatchObject({ providerId: B, number: '37061234567', callerId: '37051111111', tariffId: null, rule: null });
  });

  it('prices are looked up on the localized number, with the tariff switched by the firing rule', () => {
    const queries: unknown[] = [];
    const base = input({ order: 'price' }, { [A]: null });
    const routes = routeProviders({
      ...base,
      providers: [provider(A, { rules: [techPrefix] })],
      prices: (providerId, query) => {
        queries.push({ providerId, ...query });
        return query.tariffId === 77 ? '0.05' : null;
      },
    });
    expect(queries).toEqual([{ providerId: A, number: '37061234567', tariffId: 77 }]);
    expect(routes[0].price.toString()).toBe('0.05');
  });

  it('Cut - sends the number as received from the caller', () => {
    const asReceived: ProviderRule = { id: 3, enabled: true, prType: 'dst', cut: '-', add: '', minlen: 1, maxlen: 100 };
    const base = input({ order: 'price' }, { [A]: '0.1' }, { received: '861234567' });
    expect(routeProviders({ ...base, providers: [provider(A, { rules: [asReceived] })] })[0].number).toBe('861234567');
  });
});

describe('failover', () => {
  it('no_failover keeps only the first provider and drops the failover provider', () => {
    const plan = planRoute(input({ order: 'price', noFailover: true, failoverProviderId: C }, { [A]: '0.2', [B]: '0.1', [C]: '0.05' }));
    expect(plan.routes.map((r) => r.providerId)).toEqual([C]);
    expect(plan.skipped).toEqual([
      { providerId: B, reason: 'no_failover' },
      { providerId: A, reason: 'no_failover' },
    ]);
  });

  it('the failover provider is appended after the ordered list, flagged', () => {
    const base = input({ order: 'price', failoverProviderId: D }, { [A]: '0.2', [B]: '0.1' });
    const routes = routeProviders({ ...base, providers: [...base.providers, provider(D)], prices: new Map([[A, '0.2'], [B, '0.1'], [D, '0.01']]) });
    expect(routes.map((r) => [r.providerId, r.failover])).toEqual([[B, false], [A, false], [D, true]]);
  });

  it('is not duplicated when already in the list', () => {
    expect(ids(input({ order: 'price', failoverProviderId: A }, { [A]: '0.2', [B]: '0.1' }))).toEqual([B, A]);
  });

  it('is exempt from the percent limit', () => {
    const routes = routeProviders(input({ order: 'price', firstProviderPercentLimit: 10, failoverProviderId: B }, { [A]: '0.1', [B]: '0.5' }));
    expect(routes.map((r) => [r.providerId, r.failover])).toEqual([[A, false], [B, true]]);
  });

  it.each([
    ['inactive', [provider(A), provider(D, { active: false })], new Map([[A, '0.1'], [D, '0.1']]), 'provider_inactive'],
    ['without rate', [provider(A), provider(D)], new Map([[A, '0.1']]), 'no_rate'],
    ['unknown', [provider(A)], new Map([[A, '0.1']]), 'unknown_provider'],
  ])('is skipped when %s', (_title, providers, prices, reason) => {
    const plan = planRoute({ ...input({ order: 'price', failoverProviderId: D }, { [A]: '0.1' }), providers, prices });
    expect(plan.routes.map((r) => r.providerId)).toEqual([A]);
    expect(plan.skipped).toContainEqual({ providerId: D, reason });
  });
});

describe('quality order', () => {
  it('falls back to cheapest first (documented decision)', () => {
    expect(ids(input({ order: 'quality' }, { [A]: '0.3', [B]: '0.1', [C]: '0.2' }))).toEqual([B, C, A]);
  });
});

describe('percent order', () => {
  const percentInput = (weights: Record<number, number>, seed: number): RouteInput => {
    const keys = Object.keys(weights).map(Number);
    return {
      number: '37061234567',
      lcr: { order: 'percent' },
      links: keys.map((id) => link(id, { percent: weights[id] })),
      providers: keys.map((id) => provider(id)),
      prices: new Map(keys.map((id) => [id, '0.1'])),
      random: mulberry32(seed),
    };
  };

  it('is reproducible from a seed and independent of link order', () => {
    const a = percentInput({ [A]: 50, [B]: 30, [C]: 20 }, 99);
    const b = { ...percentInput({ [A]: 50, [B]: 30, [C]: 20 }, 99) };
    b.links = [...b.links].reverse();
    expect(ids(a)).toEqual(ids(b));
  });

  it('never repeats a provider and always includes all of them', () => {
    const base = percentInput({ [A]: 50, [B]: 30, [C]: 20, [D]: 0 }, 5);
    for (let i = 0; i < 2000; i++) {
      const order = ids(base);
      expect(order).toHaveLength(4);
      expect(new Set(order).size).toBe(4);
      expect(order[3]).toBe(D); // 0% never wins a draw, kept last as failover
    }
  });

  // §B.7 wiki example: A 50%, B 30%, C 20%.
  it('first-choice frequencies match the weights over 20,000 seeded draws', () => {
    const base = percentInput({ [A]: 50, [B]: 30, [C]: 20 }, 20240601);
    const draws = 20000;
    const first = new Map<number, number>();
    const afterB = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const order = ids(base);
      first.set(order[0], (first.get(order[0]) ?? 0) + 1);
      if (order[0] === B) afterB.set(order[1], (afterB.get(order[1]) ?? 0) + 1);
    }
    // Tolerance 0.015 is over 4 standard deviations (σ ≤ 0.0036 at n=20,000).
    expect(Math.abs((first.get(A) ?? 0) / draws - 0.5)).toBeLessThan(0.015);
    expect(Math.abs((first.get(B) ?? 0) / draws - 0.3)).toBeLessThan(0.015);
    expect(Math.abs((first.get(C) ?? 0) / draws - 0.2)).toBeLessThan(0.015);
    // If B is drawn first, A follows with 50/70 ≈ 71% (σ ≈ 0.006 at n≈6,000).
    const bFirst = first.get(B) ?? 0;
    expect(Math.abs((afterB.get(A) ?? 0) / bFirst - 50 / 70)).toBeLessThan(0.03);
  });

  it('A 99% / B 1%: order B-A only about 1% of the time', () => {
    const base = percentInput({ [A]: 99, [B]: 1 }, 12345);
    let bFirst = 0;
    for (let i = 0; i < 20000; i++) if (ids(base)[0] === B) bFirst++;
    expect(Math.abs(bFirst / 20000 - 0.01)).toBeLessThan(0.004);
  });

  it('weights need not sum to 100', () => {
    const base = percentInput({ [A]: 3, [B]: 1 }, 77);
    let aFirst = 0;
    for (let i = 0; i < 20000; i++) if (ids(base)[0] === A) aFirst++;
    expect(Math.abs(aFirst / 20000 - 0.75)).toBeLessThan(0.015);
  });
});
