import { TestApp, errorOf } from '../support/test-app';

/** LCR family: lcrs_get, lcr_create/update/delete, lcr_add_provider/lcr_delete_provider. */
describe('LCR methods', () => {
  let t: TestApp;
  const RKEY = 'reseller-key-1';
  let providerId: number;
  let resellerProviderId: number;

  const lcrId = async (name: string, u = 'admin', key?: string) => (await t.call('lcrs_get', { s_name: name }, { u, key })).xml.page.lcrs.lcr.id as string;

  beforeAll(async () => {
    t = await TestApp.start();
    const r = await t.createReseller('res1', RKEY);
    await t.db.query("INSERT INTO providers (name, tech, tariff_id, user_id) VALUES ('P-admin', 'SIP', 0, 0)");
    await t.db.query('INSERT INTO providers (name, tech, tariff_id, user_id) VALUES (?, ?, 0, ?)', ['P-res', 'SIP', r.id]);
    const rows: { id: number }[] = await t.db.query("SELECT id FROM providers ORDER BY id");
    [providerId, resellerProviderId] = rows.map((x) => Number(x.id));
  });
  afterAll(async () => {
    await t.close();
  });

  it('lcrs_get with nothing yet: No LCRs found', async () => {
    expect(errorOf((await t.call('lcrs_get')).xml)).toBe('No LCRs found');
  });

  it('lcr_create then lcrs_get returns the wiki record', async () => {
    const r = await t.call('lcr_create', { name: 'BLANK', order: 'priority' });
    expect(r.xml.page.status.success).toBe('LCR successfully created');
    const lcr = (await t.call('lcrs_get', { s_name: 'BLANK' })).xml.page.lcrs.lcr;
    expect(lcr).toEqual({
      id: expect.any(String), name: 'BLANK', order: 'priority', first_provider_percent_limit: '0.0', failover_provider_id: '',
      no_failover: '0', minimal_rate_margin_percent: '0.0', quality_routing_id: '-1', allow_loss_calls: '0',
    });
  });

  it('lcr_create defaults order to price; refuses a bad order and a blank name', async () => {
    await t.call('lcr_create', { name: 'DEF' });
    expect((await t.call('lcrs_get', { s_name: 'DEF' })).xml.page.lcrs.lcr.order).toBe('price');
    expect(errorOf((await t.call('lcr_create', { name: 'X', order: 'cheap' })).xml)).toBe('LCR order is not valid');
    expect(errorOf((await t.call('lcr_create', { order: 'price' })).xml)).toBe('LCR name cannot be blank');
  });

  it('a simple user may not use LCR methods', async () => {
    await t.createUser({ username: 'plain1' });
    const r = await t.call('lcrs_get', {}, { u: 'plain1' });
    expect(errorOf(r.xml)).toBe('You are not authorized to use this functionality');
  });

  it('lcr_update changes only the sent fields; validates; unknown LCR', async () => {
    const id = await lcrId('BLANK');
    const r = await t.call('lcr_update', { lcr_id: id, order: 'percent', no_failover: '1', first_provider_percent_limit: '12.5' });
    expect(r.xml.page.status.success).toBe('LCR successfully updated');
    const lcr = (await t.call('lcrs_get', { s_name: 'BLANK' })).xml.page.lcrs.lcr;
    expect([lcr.name, lcr.order, lcr.no_failover, lcr.first_provider_percent_limit]).toEqual(['BLANK', 'percent', '1', '12.5']);
    expect(errorOf((await t.call('lcr_update', { lcr_id: id, no_failover: '2' })).xml)).toBe('LCR parameters are not valid');
    expect(errorOf((await t.call('lcr_update', { lcr_id: '9999', name: 'n' })).xml)).toBe('LCR was not found');
    expect(errorOf((await t.call('lcr_update', { lcr_id: 'abc', name: 'n' })).xml)).toBe('LCR was not found');
    expect(errorOf((await t.call('lcr_update', { lcr_id: id, name: 'x'.repeat(10240) })).xml)).toBe('LCR parameters are not valid');
    expect(errorOf((await t.call('lcr_update', { lcr_id: id, quality_routing_id: '9999999999' })).xml)).toBe('LCR parameters are not valid');
    expect(errorOf((await t.call('lcr_update', { lcr_id: id, minimal_rate_margin_percent: '9'.repeat(10240) })).xml)).toBe('LCR parameters are not valid');
  });

  it('lcr_update with nothing to change succeeds and keeps the LCR as it was', async () => {
    const before = (await t.call('lcrs_get', { s_name: 'BLANK' })).xml.page.lcrs.lcr;
    const r = await t.call('lcr_update', { lcr_id: before.id });
    expect(r.xml.page.status.success).toBe('LCR successfully updated');
    expect((await t.call('lcrs_get', { s_name: 'BLANK' })).xml.page.lcrs.lcr).toEqual(before);
  });

  it('lcr_create refuses a 10 kB name without writing', async () => {
    expect(errorOf((await t.call('lcr_create', { name: 'y'.repeat(10240) })).xml)).toBe('LCR parameters are not valid');
    expect(await t.db.query("SELECT id FROM lcrs WHERE name LIKE 'yyy%'")).toHaveLength(0);
  });

  it('lcr_add_provider / lcr_delete_provider, also as failover', async () => {
    const id = await lcrId('BLANK');
    const add = await t.call('lcr_add_provider', { lcr_id: id, provider_id: String(providerId) });
    expect(add.xml.page.status.success).toBe(' Provider successfully added ');
    expect(errorOf((await t.call('lcr_add_provider', { lcr_id: id, provider_id: String(providerId) })).xml)).toBe('Provider already exists in LCR');
    expect(errorOf((await t.call('lcr_add_provider', { lcr_id: id, provider_id: '9999' })).xml)).toBe('Provider was not found');
    expect(errorOf((await t.call('lcr_add_provider', { lcr_id: '9999', provider_id: String(providerId) })).xml)).toBe('LCR was not found');
    expect(errorOf((await t.call('lcr_add_provider', { lcr_id: id, provider_id: 'abc' })).xml)).toBe('Provider was not found');
    expect(errorOf((await t.call('lcr_add_provider', { lcr_id: id, provider_id: String(providerId), percent: 'x' })).xml)).toBe('LCR parameters are not valid');
    await t.call('lcr_add_provider', { lcr_id: id, provider_id: String(providerId), failover: '1' });
    expect((await t.call('lcrs_get', { s_name: 'BLANK' })).xml.page.lcrs.lcr.failover_provider_id).toBe(String(providerId));

    const del = await t.call('lcr_delete_provider', { lcr_id: id, provider_id: String(providerId) });
    expect(del.xml.page.status.success).toBe(' Provider successfully deleted ');
    expect(errorOf((await t.call('lcr_delete_provider', { lcr_id: id, provider_id: String(providerId) })).xml)).toBe('Provider not found in LCR');
    await t.call('lcr_delete_provider', { lcr_id: id, provider_id: String(providerId), failover: '1' });
    expect((await t.call('lcrs_get', { s_name: 'BLANK' })).xml.page.lcrs.lcr.failover_provider_id).toBe('');
    expect(errorOf((await t.call('lcr_delete_provider', { lcr_id: id, provider_id: String(providerId), failover: '1' })).xml)).toBe('Provider not found in LCR');
  });

  it('links keep priority order; lcrs_get is hashed with u (documented) or nothing (MOR\'s own order)', async () => {
    const id = await lcrId('DEF');
    await t.call('lcr_add_provider', { lcr_id: id, provider_id: String(providerId), percent: '60' });
    const rows = await t.db.query('SELECT priority, percent FROM lcr_providers WHERE lcr_id = ?', [Number(id)]);
    expect(rows.map((x: { priority: number; percent: number }) => [Number(x.priority), Number(x.percent)])).toEqual([[1, 60]]);
    expect((await t.call('lcrs_get', {}, { hashOrder: [] })).xml.page.lcrs).toBeDefined();
    expect(errorOf((await t.call('lcrs_get', {}, { key: 'wrong-key' })).xml)).toBe('Incorrect hash');
  });

  it('a reseller sees only its LCRs and is denied the admin LCR and provider', async () => {
    const adminLcr = await lcrId('BLANK');
    expect(errorOf((await t.call('lcrs_get', {}, { u: 'res1', key: RKEY })).xml)).toBe('No LCRs found');
    await t.call('lcr_create', { name: 'R1' }, { u: 'res1', key: RKEY });
    const mine = await lcrId('R1', 'res1', RKEY);
    expect(errorOf((await t.call('lcrs_get', { s_name: 'R1' })).xml)).toBe('No LCRs found');
    for (const m of ['lcr_update', 'lcr_delete']) {
      expect(errorOf((await t.call(m, { lcr_id: adminLcr, name: 'x' }, { u: 'res1', key: RKEY })).xml)).toBe('LCR was not found');
    }
    expect(errorOf((await t.call('lcr_add_provider', { lcr_id: mine, provider_id: String(providerId) }, { u: 'res1', key: RKEY })).xml)).toBe('Provider was not found');
    const ok = await t.call('lcr_add_provider', { lcr_id: mine, provider_id: String(resellerProviderId) }, { u: 'res1', key: RKEY });
    expect(ok.xml.page.status.success).toBe(' Provider successfully added ');
  });

  it('lcr_delete refuses an LCR a user or a location rule uses, then deletes', async () => {
    await t.call('lcr_create', { name: 'USED' });
    const id = await lcrId('USED');
    await t.createUser({ username: 'lcruser', lcr_id: Number(id) });
    expect(errorOf((await t.call('lcr_delete', { lcr_id: id })).xml)).toBe('LCR is in use and cannot be deleted');
    await t.db.query('UPDATE users SET lcr_id = NULL WHERE username = ?', ['lcruser']);
    await t.db.query("INSERT INTO location_rules (location_id, name, cut, `add`, lcr_id) VALUES (1, 'r', '8', '370', ?)", [Number(id)]);
    expect(errorOf((await t.call('lcr_delete', { lcr_id: id })).xml)).toBe('LCR is in use and cannot be deleted');
    await t.db.query('DELETE FROM location_rules');
    expect((await t.call('lcr_delete', { lcr_id: id })).xml.page.status.success).toBe('LCR successfully deleted');
    expect(errorOf((await t.call('lcr_delete', { lcr_id: id })).xml)).toBe('LCR was not found');
  });
});
