import { TestApp, errorOf } from '../support/test-app';

/** Location rules: location_rules_get, location_rule_get/create/update/copy/delete. */
describe('Location rules', () => {
  let t: TestApp;
  const RKEY = 'reseller-key-l';
  let resellerId: number;
  let vilnius: string;
  let resLoc: string;

  const insertLocation = async (name: string, owner: number) => {
    await t.db.query('INSERT INTO locations (name, owner_id) VALUES (?, ?)', [name, owner]);
    return String((await t.db.query('SELECT id FROM locations WHERE name = ?', [name]))[0].id);
  };
  const ruleId = async (name: string) => String((await t.db.query('SELECT id FROM location_rules WHERE name = ? ORDER BY id', [name]))[0].id);
  const asReseller = { u: 'resl', key: RKEY };

  beforeAll(async () => {
    t = await TestApp.start();
    resellerId = (await t.createReseller('resl', RKEY)).id;
    vilnius = await insertLocation('Vilnius', 0);
    resLoc = await insertLocation('ResLoc', resellerId);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('location_rule_create', () => {
    it('creates with defaults and returns the rule id', async () => {
      const r = await t.call('location_rule_create', { location_id: '1', name: 'LT mobile', cut: '8', add: '370', minlen: '9', maxlen: '9' });
      expect(r.xml.page.status.success).toBe('Rule created');
      expect(r.xml.page.status.rule_id).toBe(await ruleId('LT mobile'));
      const rule = (await t.call('location_rule_get', { location_rule_id: r.xml.page.status.rule_id })).xml.page.status.location_rule;
      expect(rule).toEqual({
        id: r.xml.page.status.rule_id, location_id: '1', name: 'LT mobile', enabled: '1', cut: '8', add: '370', minlen: '9', maxlen: '9',
        lr_type: 'dst', lcr_id: '', tariff_id: '', did_id: '', device_id: '', change_callerid_name: '0', src_cut: '', src_add: '',
        src_minlen: '1', src_maxlen: '99', locationgroup_id: '',
      });
    });

    it('assigns an LCR and a tariff of the owner', async () => {
      await t.call('lcr_create', { name: 'LRLCR' });
      const lcr = (await t.call('lcrs_get', { s_name: 'LRLCR' })).xml.page.lcrs.lcr.id;
      await t.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES ('LRT', 'user', 0)");
      const tariff = String((await t.db.query("SELECT id FROM tariffs WHERE name = 'LRT'"))[0].id);
      const r = await t.call('location_rule_create', { location_id: vilnius, name: 'sw', cut: '00', add: '', lcr_id: lcr, tariff_id: tariff, lr_type: 'dst' });
      expect(r.xml.page.status.success).toBe('Rule created');
      expect((await t.call('location_rule_get', { location_rule_id: r.xml.page.status.rule_id })).xml.page.status.location_rule).toMatchObject({ lcr_id: lcr, tariff_id: tariff });
    });

    it.each([
      [{ location_id: '999', name: 'x', cut: '1' }, 'Location not found'],
      [{ location_id: '1', cut: '1' }, 'Rule must have name'],
      [{ location_id: '1', name: 'x' }, 'Cut and Add cannot be empty'],
      [{ location_id: '1', name: 'x', cut: '8', add: '370', minlen: '9', maxlen: '9' }, 'Rule must be unique'],
      [{ location_id: '1', name: 'x', cut: '1', lcr_id: '999' }, 'LCR was not found'],
      [{ location_id: '1', name: 'x', cut: '1', tariff_id: '999' }, 'Tariff was not found'],
      [{ location_id: '1', name: 'x', cut: '1', device_id: '999' }, 'Device not found'],
      [{ location_id: '1', name: 'x', cut: '1', did_id: '5' }, 'DID was not found'],
      [{ location_id: '1', name: 'x', cut: '1', location_group_id: '5' }, 'Location Group was not found'],
      [{ location_id: '1', name: 'x', cut: '1', lr_type: 'both' }, 'Rule parameters are not valid'],
      [{ location_id: '1', name: 'x', cut: '1', minlen: '9', maxlen: '2' }, 'Rule parameters are not valid'],
      [{ location_id: '1', name: 'x', cut: '1', maxlen: '9999999999' }, 'Rule parameters are not valid'],
      [{ location_id: '1', name: 'x'.repeat(10240), cut: '1' }, 'Rule parameters are not valid'],
      [{ location_id: '1', name: 'x', cut: '1'.repeat(10240) }, 'Rule parameters are not valid'],
      [{ location_id: 'abc', name: 'x', cut: '1' }, 'Location not found'],
      [{ location_id: '1', name: 'x', cut: '1', tariff_id: 'abc' }, 'Tariff was not found'],
    ])('%j → %s (inside <status>)', async (params, text) => {
      const r = await t.call('location_rule_create', params);
      expect(r.xml.page.status.error).toBe(text);
    });

    it('a reseller: Location error on the Global location, an admin LCR as a missing one, own location ok', async () => {
      expect((await t.call('location_rule_create', { location_id: '1', name: 'r', cut: '1' }, asReseller)).xml.page.status.error).toBe('Location error');
      expect((await t.call('location_rule_create', { location_id: vilnius, name: 'r', cut: '1' }, asReseller)).xml.page.status.error).toBe('Location not found');
      const adminLcr = (await t.call('lcrs_get', { s_name: 'LRLCR' })).xml.page.lcrs.lcr.id;
      expect((await t.call('location_rule_create', { location_id: resLoc, name: 'r', cut: '1', lcr_id: adminLcr }, asReseller)).xml.page.status.error).toBe('LCR was not found');
      expect((await t.call('location_rule_create', { location_id: resLoc, name: 'r', cut: '1', add: '2' }, asReseller)).xml.page.status.success).toBe('Rule created');
    });
  });

  describe('location_rules_get', () => {
    it('one location with id, name and its rules', async () => {
      const loc = (await t.call('location_rules_get', { location_id: '1' })).xml.page.status.location;
      expect([loc.id, loc.name, loc.location_rule.name]).toEqual(['1', 'Global', 'LT mobile']);
    });

    it('all: one <location> per visible location; from/max_results page the rules', async () => {
      const all = (await t.call('location_rules_get', { location_id: 'all' })).xml.page.status.location;
      expect(all.map((l: { name: string }) => l.name)).toEqual(['Global', 'Vilnius', 'ResLoc']);
      const mine = (await t.call('location_rules_get', { location_id: 'all' }, asReseller)).xml.page.status.location;
      expect(mine.name).toBe('ResLoc');
      const paged = (await t.call('location_rules_get', { location_id: 'all', from: '1', max_results: '1' })).xml.page.status.location;
      expect(paged.map((l: { location_rule?: { name: string } }) => l.location_rule?.name ?? null)).toEqual([null, 'sw', null]);
      const rest = (await t.call('location_rules_get', { location_id: 'all', from: '1' })).xml.page.status.location;
      expect(rest.map((l: { location_rule?: { name: string } }) => l.location_rule?.name ?? null)).toEqual([null, 'sw', 'r']);
    });

    it('errors: Location was not found; Access denied for a reseller on admin locations', async () => {
      expect(errorOf((await t.call('location_rules_get', { location_id: '999' })).xml)).toBe('Location was not found');
      expect(errorOf((await t.call('location_rules_get', { location_id: '1' }, asReseller)).xml)).toBe('Access denied');
    });
  });

  describe('location_rule_get', () => {
    it('errors: not found, also for a foreign rule', async () => {
      expect(errorOf((await t.call('location_rule_get', { location_rule_id: '999' })).xml)).toBe('Location rule was not found');
      expect(errorOf((await t.call('location_rule_get', { location_rule_id: await ruleId('LT mobile') }, asReseller)).xml)).toBe('Location rule was not found');
    });
  });

  describe('location_rule_update', () => {
    it('changes sent fields only; -1 unassigns a switch', async () => {
      const id = await ruleId('sw');
      const r = await t.call('location_rule_update', { location_rule_id: id, name: 'sw2', enabled: '0', lcr_id: '-1' });
      expect(r.xml.page.status.success).toBe('Rule updated');
      const rule = (await t.call('location_rule_get', { location_rule_id: id })).xml.page.status.location_rule;
      expect([rule.name, rule.enabled, rule.lcr_id, rule.cut]).toEqual(['sw2', '0', '', '00']);
    });

    it('errors in <status>: not found (also a foreign rule), uniqueness, bad LCR', async () => {
      const lt = await ruleId('LT mobile');
      expect((await t.call('location_rule_update', { location_rule_id: '999', name: 'x' })).xml.page.status.error).toBe('Location rule was not found');
      expect((await t.call('location_rule_update', { location_rule_id: lt, name: 'x' }, asReseller)).xml.page.status.error).toBe('Location rule was not found');
      await t.call('location_rule_create', { location_id: '1', name: 'other', cut: '9', add: '1' });
      expect((await t.call('location_rule_update', { location_rule_id: await ruleId('other'), cut: '8', add: '370', minlen: '9', maxlen: '9' })).xml.page.status.error).toBe('Rule must be unique');
      expect((await t.call('location_rule_update', { location_rule_id: lt, lcr_id: '999' })).xml.page.status.error).toBe('LCR was not found');
    });
  });

  describe('location_rule_copy', () => {
    it('copies into another location; an identical rule there is refused', async () => {
      const lt = await ruleId('LT mobile');
      const r = await t.call('location_rule_copy', { location_rule_id: lt, location_id: vilnius });
      expect(r.xml.page.status.success).toBe('Rule copied');
      expect((await t.db.query('SELECT id FROM location_rules WHERE location_id = ? AND cut = ?', [Number(vilnius), '8'])).length).toBe(1);
      expect((await t.call('location_rule_copy', { location_rule_id: lt, location_id: vilnius })).xml.page.status.error).toBe('Rule must be unique');
    });

    it("the copy's LCR must belong to the target owner (as on create); nothing is written", async () => {
      const sw = await ruleId('sw2');
      const lcr = (await t.call('lcrs_get', { s_name: 'LRLCR' })).xml.page.lcrs.lcr.id;
      await t.call('location_rule_update', { location_rule_id: sw, lcr_id: lcr, tariff_id: '-1' });
      const before = await t.db.query('SELECT COUNT(*) AS n FROM location_rules WHERE location_id = ?', [Number(resLoc)]);
      expect((await t.call('location_rule_copy', { location_rule_id: sw, location_id: resLoc })).xml.page.status.error).toBe('Cannot assign lcr');
      expect(await t.db.query('SELECT COUNT(*) AS n FROM location_rules WHERE location_id = ?', [Number(resLoc)])).toEqual(before);
    });

    it('errors in <status>: Location was not found, Location error, Location rule was not found', async () => {
      const lt = await ruleId('LT mobile');
      expect((await t.call('location_rule_copy', { location_rule_id: lt, location_id: '999' })).xml.page.status.error).toBe('Location was not found');
      expect((await t.call('location_rule_copy', { location_rule_id: '999', location_id: vilnius })).xml.page.status.error).toBe('Location rule was not found');
      expect((await t.call('location_rule_copy', { location_rule_id: lt, location_id: vilnius }, asReseller)).xml.page.status.error).toBe('Location was not found');
      expect((await t.call('location_rule_copy', { location_rule_id: lt, location_id: resLoc }, asReseller)).xml.page.status.error).toBe('Location rule was not found');
    });
  });

  it('a simple user is refused with Access Denied', async () => {
    await t.createUser({ username: 'plainl' });
    expect(errorOf((await t.call('location_rules_get', { location_id: '1' }, { u: 'plainl' })).xml)).toBe('Access Denied');
    expect((await t.call('location_rule_create', { location_id: '1', name: 'u', cut: '5' }, { u: 'plainl' })).xml.page.status.error).toBe('Access Denied');
  });

  describe('location_rule_delete', () => {
    it('deletes; Rule was not found, also for a reseller on a foreign rule', async () => {
      const lt = await ruleId('LT mobile');
      expect(errorOf((await t.call('location_rule_delete', { location_rule_id: lt }, asReseller)).xml)).toBe('Rule was not found');
      const r = await t.call('location_rule_delete', { location_rule_id: lt });
      expect(r.xml.page.status.success).toBe('Rule deleted');
      expect(errorOf((await t.call('location_rule_delete', { location_rule_id: lt })).xml)).toBe('Rule was not found');
      expect(errorOf((await t.call('location_rule_delete', { location_rule_id: lt }, { key: 'wrong-key' })).xml)).toBe('Incorrect hash');
    });
  });
});
