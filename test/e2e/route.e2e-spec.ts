import { RouteError, RouteService } from '../../src/families/routing/route.service';
import { formatRoute } from '../../src/families/routing/route-format';
import { TestApp } from '../support/test-app';

/**
 * The route query against hand-computed expectations. Rates (per minute):
 *   T1: 370 0.10, 3706 0.20   T2: 3706 0.15, 37061 0.12   T3: 370 0.11   T4: 3706 0.05
 * Providers: P1 T1 (rule: numbers 37062… switch to T4), P2 T2 (rule: add 89765#), P3 T3 (rule: 370 → 00370),
 * P4 T1 (failover), P5 T3 inactive. Location Vilnius: 8 → 370 for 9-digit numbers; Global: strip 00 and
 * switch to the priority LCR.
 */
describe('Route query', () => {
  let t: TestApp;
  let route: RouteService;
  const at = new Date('2026-01-05T10:00:00Z');
  const ids: Record<string, string> = {};

  const one = async (sql: string, params: unknown[] = []) => String((await t.db.query(sql, params))[0].id);
  const tariff = async (name: string, rates: [string, string][]) => {
    await t.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES (?, 'provider', 0)", [name]);
    const id = await one('SELECT id FROM tariffs WHERE name = ?', [name]);
    for (const [prefix, rate] of rates) {
      await t.db.query('INSERT INTO rates (tariff_id, prefix) VALUES (?, ?)', [Number(id), prefix]);
      const rateId = await one('SELECT id FROM rates WHERE tariff_id = ? AND prefix = ?', [Number(id), prefix]);
      await t.db.query('INSERT INTO ratedetails (rate_id, rate) VALUES (?, ?)', [Number(rateId), rate]);
    }
    ids[name] = id;
  };
  const provider = async (name: string, tariffName: string, extra: Record<string, string> = {}) => {
    ids[name] = (await t.call('provider_create', { name, tech: 'SIP', tariff_id: ids[tariffName], ...extra })).xml.page.status.provider_id;
  };
  const lcr = async (name: string, order: string, links: [string, Record<string, string>][], settings: Record<string, string> = {}) => {
    await t.call('lcr_create', { name, order });
    ids[name] = (await t.call('lcrs_get', { s_name: name })).xml.page.lcrs.lcr.id;
    if (Object.keys(settings).length) await t.call('lcr_update', { lcr_id: ids[name], ...settings });
    for (const [p, extra] of links) await t.call('lcr_add_provider', { lcr_id: ids[name], provider_id: ids[p], ...extra });
  };
  const sequence = (values: number[]) => () => values.shift() ?? 0;
  const steps = (r: Awaited<ReturnType<RouteService['route']>>) => r.routes.map((s) => [s.providerName, s.number, s.price.toFixed(2), s.failover]);

  beforeAll(async () => {
    t = await TestApp.start();
    route = t.app.get(RouteService);
    await tariff('T1', [['370', '0.10'], ['3706', '0.20']]);
    await tariff('T2', [['3706', '0.15'], ['37061', '0.12']]);
    await tariff('T3', [['370', '0.11']]);
    await tariff('T4', [['3706', '0.05']]);
    for (const [p, tr] of [['P1', 'T1'], ['P2', 'T2'], ['P3', 'T3'], ['P4', 'T1']]) await provider(p, tr);
    await provider('P5', 'T3', { active: '0' });
    await t.call('provider_rule_create', { provider_id: ids.P1, name: 'P1 via T4', cut: '37062', add: '37062', tariff_id: ids.T4 });
    await t.call('provider_rule_create', { provider_id: ids.P2, name: 'tech prefix', cut: '', add: '89765#' });
    await t.call('provider_rule_create', { provider_id: ids.P3, name: 'intl', cut: '370', add: '00370' });
    await t.call('provider_rule_create', { provider_id: ids.P2, name: 'national cli', cut: '370', add: '0', pr_type: 'src' });

    await lcr('PRICE', 'price', [['P1', {}], ['P2', {}], ['P3', {}], ['P5', {}], ['P4', { failover: '1' }]], { first_provider_percent_limit: '10' });
    await lcr('PRI', 'priority', [['P1', { priority: '2' }], ['P2', { priority: '1' }], ['P3', { priority: '3' }]]);
    await lcr('PCT', 'percent', [['P1', { percent: '50' }], ['P2', { percent: '30' }], ['P3', { percent: '20' }]]);

    await t.db.query("INSERT INTO locations (name, owner_id) VALUES ('Vilnius', 0)");
    ids.Vilnius = await one("SELECT id FROM locations WHERE name = 'Vilnius'");
    await t.call('location_rule_create', { location_id: ids.Vilnius, name: 'LT mobile', cut: '8', add: '370', minlen: '9', maxlen: '9' });
    await t.call('location_rule_create', { location_id: '1', name: 'intl', cut: '00', add: '', minlen: '10', maxlen: '20', lcr_id: ids.PRI });
    await t.call('location_rule_create', { location_id: ids.Vilnius, name: 'LT cli', cut: '8', add: '370', minlen: '9', maxlen: '9', lr_type: 'src' });

    const user = await t.createUser({ username: 'caller', lcr_id: Number(ids.PRICE) });
    await t.db.query("INSERT INTO devices (user_id, name, location_id) VALUES (?, 'caller-dev', ?)", [user.id, Number(ids.Vilnius)]);
    await t.createUser({ username: 'nolcr' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('price LCR: localized by the device location, cheapest first, 10% limit, failover last', async () => {
    const r = await route.route({ user: 'caller', number: '861234567', at });
    expect(r.localized).toBe('37061234567');
    expect(r.locationRule?.name).toBe('LT mobile');
    expect(r.lcr?.name).toBe('PRICE');
    // P3 0.11 (370), P2 0.12 (37061); P1 0.20 > 0.11 × 1.10 = 0.121 is skipped; P4 failover at T1 3706 = 0.20.
    expect(steps(r)).toEqual([
      ['P3', '0037061234567', '0.11', false],
      ['P2', '89765#37061234567', '0.12', false],
      ['P4', '37061234567', '0.20', true],
    ]);
    expect(r.skipped).toEqual(expect.arrayContaining([{ providerId: Number(ids.P5), reason: 'provider_inactive' }, { providerId: Number(ids.P1), reason: 'percent_limit' }]));
  });

  it('a provider rule switches the tariff the price comes from', async () => {
    const r = await route.route({ user: 'caller', number: '862234567', at });
    // P1 via T4 3706 = 0.05; ceiling 0.055 drops P3 0.11 and P2 0.15 (3706); failover P4 0.20.
    expect(steps(r)).toEqual([
      ['P1', '37062234567', '0.05', false],
      ['P4', '37062234567', '0.20', true],
    ]);
    expect(r.routes[0]).toMatchObject({ tariffId: Number(ids.T4), providerRule: 'P1 via T4' });
  });

  it('Global rule applies when the device location has none, and switches to the priority LCR', async () => {
    const r = await route.route({ user: 'caller', number: '0037061234567', at });
    expect(r.localized).toBe('37061234567');
    expect(r.locationRule).toMatchObject({ name: 'intl', locationId: 1 });
    expect(r.lcr?.name).toBe('PRI');
    expect(steps(r)).toEqual([
      ['P2', '89765#37061234567', '0.12', false],
      ['P1', '37061234567', '0.20', false],
      ['P3', '0037061234567', '0.11', false],
    ]);
  });

  it('percent LCR: weighted draw without replacement (draws 0.9 → P3 of 50/30/20, 0.5 → P1 of 50/30)', async () => {
    await t.db.query("UPDATE users SET lcr_id = ? WHERE username = 'caller'", [Number(ids.PCT)]);
    try {
      const r = await route.route({ user: 'caller', number: '861234567', at, random: sequence([0.9, 0.5, 0]) });
      expect(steps(r)).toEqual([
        ['P3', '0037061234567', '0.11', false],
        ['P1', '37061234567', '0.20', false],
        ['P2', '89765#37061234567', '0.12', false],
      ]);
    } finally {
      await t.db.query("UPDATE users SET lcr_id = ? WHERE username = 'caller'", [Number(ids.PRICE)]);
    }
  });

  it('a provider without a rate is left out; a price exactly at the percent limit is kept', async () => {
    const r = await route.route({ user: 'caller', number: '37051234567', at });
    // No location rule (11 digits, no 00). T1 370 = 0.10 (P1, P4), T3 370 = 0.11 (P3), T2 has no 370.
    // Ceiling 0.10 × 1.10 = 0.11: P3 is kept (not "more than" 10%).
    expect([r.localized, r.locationRule]).toEqual(['37051234567', null]);
    expect(steps(r)).toEqual([
      ['P1', '37051234567', '0.10', false],
      ['P3', '0037051234567', '0.11', false],
      ['P4', '37051234567', '0.10', true],
    ]);
    expect(r.skipped).toEqual(expect.arrayContaining([{ providerId: Number(ids.P2), reason: 'no_rate' }, { providerId: Number(ids.P5), reason: 'provider_inactive' }]));
  });

  it('no_failover keeps only the first provider (priority LCR via the Global rule)', async () => {
    await t.call('lcr_update', { lcr_id: ids.PRI, no_failover: '1' });
    try {
      const r = await route.route({ user: 'caller', number: '0037061234567', at });
      expect(steps(r)).toEqual([['P2', '89765#37061234567', '0.12', false]]);
      expect(r.skipped).toEqual([{ providerId: Number(ids.P1), reason: 'no_failover' }, { providerId: Number(ids.P3), reason: 'no_failover' }]);
    } finally {
      await t.call('lcr_update', { lcr_id: ids.PRI, no_failover: '0' });
    }
  });

  it('caller id: localized by the device location src rule, then rewritten by each provider src rule', async () => {
    const r = await route.route({ user: 'caller', number: '861234567', callerId: '861111111', at });
    // LT cli: 861111111 → 37061111111; P2 "national cli": cut 370 add 0 → 061111111; P3, P4 have no src rule.
    expect(r.routes.map((s) => [s.providerName, s.callerId])).toEqual([
      ['P3', '37061111111'],
      ['P2', '061111111'],
      ['P4', '37061111111'],
    ]);
  });

  it('no LCR: nothing to dial; unknown user refused; text rendering for the CLI', async () => {
    const r = await route.route({ user: 'nolcr', number: '37061234567', at });
    expect([r.lcr, r.routes, r.localized]).toEqual([null, [], '37061234567']);
    await expect(route.route({ user: 'ghost', number: '1' })).rejects.toBeInstanceOf(RouteError);
    const text = formatRoute(await route.route({ user: 'caller', number: '861234567', at }));
    expect(text).toContain('dialled 861234567 → localized 37061234567 by rule "LT mobile"');
    expect(text).toContain('1. P3 (#' + ids.P3 + '): send 0037061234567, 0.110000/min on tariff ' + ids.T3 + ', rule "intl"');
  });
});
