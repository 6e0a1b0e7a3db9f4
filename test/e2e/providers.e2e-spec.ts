import { TestApp, errorOf } from '../support/test-app';

/** Providers and provider rules: providers_get, provider_create/update/delete, provider_rule*. */
describe('Providers and provider rules', () => {
  let t: TestApp;
  const RKEY = 'reseller-key-p';
  let tariffId: string;
  let resellerTariffId: string;
  let resellerId: number;

  const providerByName = async (name: string) => {
    const rows: { id: number }[] = await t.db.query('SELECT id FROM providers WHERE name = ?', [name]);
    return String(rows[0].id);
  };
  const create = (params: Record<string, string>) => t.call('provider_create', { tech: 'SIP', tariff_id: tariffId, ...params });

  beforeAll(async () => {
    t = await TestApp.start();
    resellerId = (await t.createReseller('resp', RKEY)).id;
    await t.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES ('Prov', 'provider', 0), ('Retail', 'user', 0)");
    await t.db.query("INSERT INTO tariffs (name, purpose, owner_id) VALUES ('RProv', 'provider', ?)", [resellerId]);
    const rows: { id: number; name: string }[] = await t.db.query('SELECT id, name FROM tariffs ORDER BY id');
    tariffId = String(rows.find((r) => r.name === 'Prov')!.id);
    resellerTariffId = String(rows.find((r) => r.name === 'RProv')!.id);
  });
  afterAll(async () => {
    await t.close();
  });

  describe('provider_create', () => {
    it('creates with the settings and returns the id', async () => {
      const r = await create({ name: 'Telia', login: 'trunk1', password: 'pw-1', server_ip: 'sip.example.com', port: '5070', call_limit: '30', timeout: '45', balance_limit: '100.5' });
      expect(r.xml.page.status.success).toBe('Provider successfully created');
      expect(r.xml.page.status.provider_id).toBe(await providerByName('Telia'));
    });

    it('accepts the client hash (name, tech, tariff_id) as well as the wiki one (none)', async () => {
      const r = await t.call('provider_create', { name: 'Bite', tech: 'IAX2', tariff_id: tariffId }, { hashOrder: ['name', 'tech', 'tariff_id'] });
      expect(r.xml.page.status.success).toBe('Provider successfully created');
    });

    it('makes a dynamic provider addressless and non-registering', async () => {
      await create({ name: 'Dyn', network_type: 'dynamic', server_ip: 'x.example', port: '5060', register: '1' });
      const p = (await t.call('providers_get', { provider_id: await providerByName('Dyn') })).xml.page.status.providers.provider;
      expect([p.server_ip, p.port, p.register, p.network_type]).toEqual(['dynamic', '0', '0', 'dynamic']);
    });

    it.each([
      [{ name: '' }, 'Provider name cannot be empty'],
      [{ name: 'Telia' }, 'Provider name must be unique'],
      [{ name: 'N1', tariff_id: '' }, 'Invalid tariff'],
      [{ name: 'N1', tariff_id: '9999' }, 'Invalid tariff'],
      [{ name: 'N1', tech: 'SKYPE' }, 'Invalid tech'],
      [{ name: 'N1', timeout: '29' }, 'Invalid timeout'],
      [{ name: 'N1', port: '0' }, 'Invalid port'],
      [{ name: 'N1', login: 'anonymous' }, 'Invalid login'],
      [{ name: 'N1', dtmfmode: 'x' }, 'Invalid dtmfmode'],
      [{ name: 'N1', location_id: '77' }, 'Invalid location_id'],
    ])('%j → %s', async (params, text) => {
      expect(errorOf((await create(params)).xml)).toBe(text);
    });

    it('refuses a retail tariff and callers other than admin', async () => {
      const retail = String((await t.db.query("SELECT id FROM tariffs WHERE name = 'Retail'"))[0].id);
      expect(errorOf((await create({ name: 'N2', tariff_id: retail })).xml)).toBe('Invalid tariff');
      const r = await t.call('provider_create', { name: 'N3', tech: 'SIP', tariff_id: resellerTariffId }, { u: 'resp', key: RKEY });
      expect(r.xml.page.error).toBe('Access Denied');
      expect(await t.db.query("SELECT id FROM providers WHERE name = 'N3'")).toHaveLength(0);
    });
  });

  it.each([
    [{ name: 'x'.repeat(10240) }, 'Invalid name'],
    [{ name: 'N4', balance_limit: '9'.repeat(10240) }, 'Invalid balance_limit'],
    [{ name: 'N4', server_ids: '1'.repeat(10240) }, 'Invalid server_ids'],
    [{ name: 'N4', login: 'x'.repeat(10240) }, 'Invalid login'],
    [{ name: 'N4', call_limit: '9999999999' }, 'Invalid call_limit'],
    [{ name: 'N4', tariff_id: 'abc' }, 'Invalid tariff'],
  ])('provider_create bad input %#: %s, nothing written', async (params, text) => {
    expect((await create(params)).xml.page.error).toBe(text);
    expect(await t.db.query("SELECT id FROM providers WHERE name = 'N4'")).toHaveLength(0);
  });

  it('a simple user is refused every provider and provider-rule method with Access Denied', async () => {
    await t.createUser({ username: 'plainp' });
    const id = await providerByName('Telia');
    for (const [m, params] of [
      ['providers_get', {}], ['provider_update', { provider_id: id }], ['provider_delete', { provider_id: id }], ['provider_rules_get', { provider_id: id }],
      ['provider_rule_create', { provider_id: id, name: 'n', cut: '1', add: '2' }], ['provider_rule_delete', { provider_rule_id: '1' }],
    ] as const) {
      expect([m, (await t.call(m, params, { u: 'plainp' })).xml.page.error]).toEqual([m, 'Access Denied']);
    }
  });

  describe('providers_get', () => {
    it('lists the owner providers with settings (password included, as MOR does)', async () => {
      const list = (await t.call('providers_get')).xml.page.status.providers.provider;
      expect(list.map((p: { name: string }) => p.name)).toEqual(['Telia', 'Bite', 'Dyn']);
      expect(list[0]).toMatchObject({ name: 'Telia', tech: 'SIP', login: 'trunk1', password: 'pw-1', server_ip: 'sip.example.com', port: '5070', tariff_id: tariffId, timeout: '45', call_limit: '30', active: '1', user_id: '0', balance_limit: '100.500000' });
    });

    /** The reference's `<provider>` elements in order (02 "Providers": wiki sample, then the client's list), then ours. */
    const ELEMENTS = [
      'id', 'name', 'tech', 'channel', 'login', 'password', 'server_ip', 'port', 'priority', 'quality', 'tariff_id',
      'cut_a', 'cut_b', 'add_a', 'add_b', 'device_id', 'ani', 'timeout', 'call_limit',
      'interpret_noanswer_as_failed', 'interpret_busy_as_failed', 'register', 'reg_extension', 'terminator_id', 'reg_line',
      'hidden', 'use_p_asserted_identity', 'user_id', 'common_use', 'balance', 'balance_limit', 'cps_call_limit',
      'cps_period', 'alive', 'periodic_check', 'active', 'contact_info_id', 'contact_info_partners_id',
      'contact_info_noc_id', 'contact_info_rates_provisioning_id', 'contact_info_billing_provisioning_id',
      'tech_details_info', 'privacy_from_domain', 'privacy_callerid', 'playback_before_dial', 'playback_before_dial_mode',
      'prov_enable_static_source_list', 'prov_static_source_list_id', 'enable_mnp_tags', 'responsible_accountant_id',
      'sip_request_uri', 'sip_to_uri', 'prov_enable_static_destination_list', 'prov_static_destination_list_id',
      'use_tariffs_by_clis', 'use_default_tariff_if_by_cli_not_found',
      'ipaddr', 'network_type', 'dtmfmode', 'max_timeout', 'cid_name', 'cid_number', 'fromdomain', 'location_id', 'server_ids',
    ];
    /** Child element names of each `<provider>`, read from the raw reply (order and repeats kept). */
    const elementsOf = (body: string): string[][] => {
      expect(body).toMatch(/<page>\s*<status>\s*<providers>\s*<provider>/);
      return [...body.matchAll(/<provider>([\s\S]*?)<\/provider>/g)].map(([, inner]) => [...inner.matchAll(/<([a-z_]+)(?:\/>|>[^<]*<\/\1>)/g)].map((m) => m[1]));
    };

    it('every <provider> carries the documented elements, in the documented order, each once', async () => {
      const r = await t.call('providers_get');
      const rows = elementsOf(r.body);
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const names of rows) expect(names).toEqual(ELEMENTS);
      expect(Object.keys(r.xml.page.status.providers.provider[0])).toEqual(ELEMENTS);
      expect(elementsOf((await t.call('providers_get', { provider_id: await providerByName('Telia') })).body)).toEqual([ELEMENTS]);
    });

    it("settings nothing stores answer MOR's defaults; undocumented params are not taken", async () => {
      await create({ name: 'Defaults', priority: '7', quality: '3', cut_a: '2', add_a: '9', ani: '1', balance: '50', common_use: '1', alive: '0', reg_extension: '77' });
      const p = (await t.call('providers_get', { provider_id: await providerByName('Defaults') })).xml.page.status.providers.provider;
      expect(p).toMatchObject({
        priority: '1', quality: '1', cut_a: '0', cut_b: '0', add_a: '', add_b: '', device_id: '', ani: '0', terminator_id: '0',
        common_use: '0', alive: '1', periodic_check: '0', contact_info_id: '', contact_info_partners_id: '', contact_info_noc_id: '',
        contact_info_rates_provisioning_id: '', contact_info_billing_provisioning_id: '', playback_before_dial: '0',
        playback_before_dial_mode: '0', prov_enable_static_source_list: 'no', prov_static_source_list_id: '', enable_mnp_tags: '0',
        responsible_accountant_id: '', prov_enable_static_destination_list: 'no', prov_static_destination_list_id: '',
        use_tariffs_by_clis: '0', use_default_tariff_if_by_cli_not_found: '0',
        interpret_noanswer_as_failed: '0', interpret_busy_as_failed: '0', reg_extension: '', reg_line: '', use_p_asserted_identity: '0',
        balance: '0.000000', cps_call_limit: '0', cps_period: '0', tech_details_info: '', privacy_from_domain: '', privacy_callerid: '',
        sip_request_uri: '', sip_to_uri: '',
      });
      await t.call('provider_delete', { provider_id: await providerByName('Defaults') });
    });

    it('stored settings are reported as stored', async () => {
      const id = await providerByName('Dyn');
      await t.db.query(
        "UPDATE providers SET interpret_noanswer_as_failed = 1, interpret_busy_as_failed = 1, reg_extension = '100', reg_line = 'u:p@h/100', use_p_asserted_identity = 1, balance = 12.5, cps_call_limit = 10, cps_period = 2, tech_details_info = 'NOC +1', privacy_from_domain = 'anon.example', privacy_callerid = 'Anonymous', sip_request_uri = 'sip:x@y', sip_to_uri = 'sip:z@y' WHERE id = ?",
        [Number(id)],
      );
      const p = (await t.call('providers_get', { provider_id: id })).xml.page.status.providers.provider;
      expect(p).toMatchObject({
        interpret_noanswer_as_failed: '1', interpret_busy_as_failed: '1', reg_extension: '100', reg_line: 'u:p@h/100', use_p_asserted_identity: '1',
        balance: '12.500000', cps_call_limit: '10', cps_period: '2', tech_details_info: 'NOC +1', privacy_from_domain: 'anon.example',
        privacy_callerid: 'Anonymous', sip_request_uri: 'sip:x@y', sip_to_uri: 'sip:z@y',
      });
      await t.call('provider_update', { provider_id: id, name: 'Dyn' });
      expect((await t.call('providers_get', { provider_id: id })).xml.page.status.providers.provider).toMatchObject({ balance: '12.500000', reg_extension: '100', tech_details_info: 'NOC +1' });
    });

    it('one by id; unknown id; the documented hash covers nothing, MOR\'s own order hashes provider_id', async () => {
      const id = await providerByName('Bite');
      expect((await t.call('providers_get', { provider_id: id })).xml.page.status.providers.provider.name).toBe('Bite');
      expect(errorOf((await t.call('providers_get', { provider_id: '9999' })).xml)).toBe('Provider was not found');
      expect((await t.call('providers_get', { provider_id: id }, { hashOrder: ['provider_id'] })).xml.page.status.providers.provider.name).toBe('Bite');
      expect(errorOf((await t.call('providers_get', { provider_id: id }, { hashOrder: ['provider_id', 'u'] })).xml)).toBe('Incorrect hash');
    });

    it("a reseller sees its own providers only and is denied the admin's", async () => {
      await t.db.query("INSERT INTO providers (name, tech, tariff_id, user_id) VALUES ('ResProv', 'SIP', ?, ?)", [Number(resellerTariffId), resellerId]);
      const mine = (await t.call('providers_get', {}, { u: 'resp', key: RKEY })).xml.page.status.providers.provider;
      expect(mine.name).toBe('ResProv');
      const adminId = await providerByName('Telia');
      expect(errorOf((await t.call('providers_get', { provider_id: adminId }, { u: 'resp', key: RKEY })).xml)).toBe('Provider was not found');
      expect(errorOf((await t.call('provider_update', { provider_id: adminId, name: 'Hijack' }, { u: 'resp', key: RKEY })).xml)).toBe('Provider was not found');
      expect(errorOf((await t.call('provider_delete', { provider_id: adminId }, { u: 'resp', key: RKEY })).xml)).toBe('Provider was not found');
      expect(errorOf((await t.call('provider_rules_get', { provider_id: adminId }, { u: 'resp', key: RKEY })).xml)).toBe('Provider was not found');
    });
  });

  describe('provider_update', () => {
    it('changes only what is sent', async () => {
      const id = await providerByName('Bite');
      const r = await t.call('provider_update', { provider_id: id, name: 'Bite2', call_limit: '5', active: '0' });
      expect(r.xml.page.status.success).toBe('Provider updated');
      const p = (await t.call('providers_get', { provider_id: id })).xml.page.status.providers.provider;
      expect([p.name, p.call_limit, p.active, p.tech]).toEqual(['Bite2', '5', '0', 'IAX2']);
    });

    it('accepts the client hash (provider_id); errors', async () => {
      const id = await providerByName('Bite2');
      expect((await t.call('provider_update', { provider_id: id, timeout: '60' }, { hashOrder: ['provider_id'] })).xml.page.status.success).toBe('Provider updated');
      expect(errorOf((await t.call('provider_update', { provider_id: id, name: 'Telia' })).xml)).toBe('Provider name must be unique');
      expect(errorOf((await t.call('provider_update', { provider_id: id, tariff_id: '9999' })).xml)).toBe('Invalid tariff');
      expect(errorOf((await t.call('provider_update', { provider_id: id, max_timeout: '-1' })).xml)).toBe('Invalid max_timeout');
      expect(errorOf((await t.call('provider_update', { provider_id: '9999', name: 'x' })).xml)).toBe('Provider was not found');
      expect(errorOf((await t.call('provider_update', { provider_id: 'abc', name: 'x' })).xml)).toBe('Provider was not found');
      expect(errorOf((await t.call('provider_update', { provider_id: id, balance_limit: '9'.repeat(15) })).xml)).toBe('Invalid balance_limit');
      expect(errorOf((await t.call('provider_update', { provider_id: id, server_ids: '1,'.repeat(200) + '1' })).xml)).toBe('Invalid server_ids');
    });
  });

  describe('provider rules', () => {
    it('provider_rules_get: no rules; unknown provider', async () => {
      const id = await providerByName('Telia');
      expect(errorOf((await t.call('provider_rules_get', { provider_id: id })).xml)).toBe('Provider has no rules');
      expect(errorOf((await t.call('provider_rules_get', { provider_id: '9999' })).xml)).toBe('Provider was not found');
    });

    it('provider_rule_create with defaults, then provider_rules_get', async () => {
      const id = await providerByName('Telia');
      const r = await t.call('provider_rule_create', { provider_id: id, name: 'tech', cut: '', add: '89765#' });
      expect(r.xml.page.status.success).toBe('Rule added');
      await t.call('provider_rule_create', { provider_id: id, name: 'src', cut: '370', add: '0', pr_type: 'src', suffix: 'x', minlen: '5', maxlen: '12', set_pai: '1' });
      const rules = (await t.call('provider_rules_get', { provider_id: id })).xml.page.status.provider_rules.provider_rule;
      expect(rules[0]).toEqual({ id: expect.any(String), provider_id: id, name: 'tech', enabled: '1', cut: '', add: '89765#', minlen: '1', maxlen: '100', pr_type: 'dst', change_callerid_name: '0', tariff_id: '', set_pai: '0', suffix: '' });
      expect(rules[1]).toMatchObject({ pr_type: 'src', suffix: '', minlen: '5', maxlen: '12', set_pai: '1' });
    });

    it.each([
      [{ name: '', cut: '1', add: '2' }, 'name cannot be blank'],
      [{ name: 'n', cut: '', add: '' }, 'both add and cut cannot be blank'],
      [{ name: 'n', cut: '1', add: '2', pr_type: 'both' }, 'Add failed'],
      [{ name: 'n', cut: '1', add: '2', minlen: '9', maxlen: '3' }, 'Add failed'],
      [{ name: 'n', cut: '1', add: '2', tariff_id: '9999' }, 'Add failed'],
      [{ name: 'n', cut: '1', add: '2', maxlen: '2147483648' }, 'Add failed'],
      [{ name: 'n', cut: '1', add: '2', minlen: 'abc' }, 'Add failed'],
      [{ name: 'x'.repeat(10240), cut: '1', add: '2' }, 'Add failed'],
      [{ name: 'n', cut: 'x'.repeat(10240), add: '2' }, 'Add failed'],
    ])('provider_rule_create %j → %s', async (params, text) => {
      expect(errorOf((await t.call('provider_rule_create', { provider_id: await providerByName('Telia'), ...params })).xml)).toBe(text);
    });

    it('provider_rule_create on an unknown provider; hash covers provider_id,name,cut,add', async () => {
      expect(errorOf((await t.call('provider_rule_create', { provider_id: '9999', name: 'n', cut: '1', add: '2' })).xml)).toBe('Provider was not found');
      const r = await t.call('provider_rule_create', { provider_id: await providerByName('Telia'), name: 'n', cut: '1', add: '2' }, { hashOrder: ['provider_id'] });
      expect(errorOf(r.xml)).toBe('Incorrect hash');
    });

    it('provider_rule_delete: own rule deleted; unknown and foreign rules not found', async () => {
      const [rule] = await t.db.query("SELECT id FROM provider_rules WHERE name = 'tech'");
      expect(errorOf((await t.call('provider_rule_delete', { provider_rule_id: String(rule.id) }, { u: 'resp', key: RKEY })).xml)).toBe('Provider rule was not found');
      const r = await t.call('provider_rule_delete', { provider_rule_id: String(rule.id) });
      expect(r.xml.page.status.success).toBe('Provider rule was successfully deleted');
      expect(errorOf((await t.call('provider_rule_delete', { provider_rule_id: String(rule.id) })).xml)).toBe('Provider rule was not found');
    });
  });

  describe('provider_delete', () => {
    it('refuses a provider an LCR uses (link or failover), then deletes it with its rules', async () => {
      const id = await providerByName('Telia');
      await t.call('lcr_create', { name: 'L' });
      const lcr = (await t.call('lcrs_get', { s_name: 'L' })).xml.page.lcrs.lcr.id;
      await t.call('lcr_add_provider', { lcr_id: lcr, provider_id: id });
      expect(errorOf((await t.call('provider_delete', { provider_id: id })).xml)).toBe('Cannot delete provider');
      await t.call('lcr_delete_provider', { lcr_id: lcr, provider_id: id });
      await t.call('lcr_add_provider', { lcr_id: lcr, provider_id: id, failover: '1' });
      expect(errorOf((await t.call('provider_delete', { provider_id: id })).xml)).toBe('Cannot delete provider');
      await t.call('lcr_delete_provider', { lcr_id: lcr, provider_id: id, failover: '1' });
      expect((await t.call('provider_delete', { provider_id: id })).xml.page.status.success).toBe('Provider deleted');
      expect(await t.db.query('SELECT id FROM provider_rules WHERE provider_id = ?', [Number(id)])).toHaveLength(0);
      expect(errorOf((await t.call('provider_delete', { provider_id: id })).xml)).toBe('Provider was not found');
    });
  });
});
