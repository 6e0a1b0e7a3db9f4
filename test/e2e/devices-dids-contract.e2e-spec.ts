import { createDevice, createProvider } from '../support/device-fixtures';
import { answerProblem, sweepMethod } from '../support/sweep';
import { TestApp, errorOf } from '../support/test-app';

/**
 * Bad input on every method of the devices/DIDs/phonebooks/quickforwards/number pools/PBX pool
 * families: each param missing, or any of the shared bad values (test/support/sweep.ts), gets a MOR-style XML answer
 * (HTTP 200, parsed XML), never a 500. MariaDB's strict mode makes over-long values fail there.
 */
describe('Devices and DIDs: envelopes, aliases, roles, and bad input never a 500', () => {
  let t: TestApp;
  let base: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await TestApp.start();
    const user = await t.createUser({ username: 'inp' });
    const device = await createDevice(t, user.id);
    const provider = await createProvider(t, 'inp-prov');
    await t.call('did_create', { provider_id: provider, did: '37061111111' });
    const [did] = await t.db.query("SELECT id FROM dids WHERE did = '37061111111'");
    const pool = (await t.call('number_pool_create', { name: 'inp' })).xml.page.status.number_pool_id;
    await t.call('phonebook_record_create', { user_id: String(user.id), number: '1', name: 'n', speeddial: '11' });
    const [book] = await t.db.query('SELECT id FROM phonebooks');
    const u = String(user.id);
    const d = String(device.id);
    const didId = String(did.id);
    base = {
      device_create: { user_id: u, description: 'd', pin: '', type: 'SIP', devicegroup_id: '0' },
      device_update: {
        device: d, authentication: '0', username: 'inpdev#', host: 'dynamic', port: '5060', new_location_id: '1', callerid_number: '1', callerid_name: 'n',
        trunk: '0', fax_email_add: 'a@b.c', fax_email_delete: 'a@b.c', call_limit: '1', inbound_call_limit: '1', password: 'Secret-pass-12', call_timeout: '60',
        extension: '7#', pin: '', hidden: '0', language: 'en', comment: 'c', hostname: 'h', balance: '1', ringing_timeout: '20', voicemail_email: 'v@b.c',
        description: 'd', emergency_callerid: '1', sendrpid: 'no', transport: 'udp', t38_support: 'no', progressinband: 'no',
      },
      device_delete: { device: '999999' },
      devices_get: { user_id: u, show_hidden_devices: '1' },
      device_details_get: { device_id: d, device_u: 'x' },
      device_callflow_get: { device_id: d },
      device_callflow_update: { device_id: d, state: 'busy', callflow_action: 'forward', external_number: '1', custom: 'c', forward_to_device: '', did_id: '', src_callerid: '' },
      device_clis_get: { devices_id: d, users_id: u },
      cli_add: { device_id: d, cli_number: '5#', cli_domain: 'dom#', cli_description: 'd', comment: 'c', banned: '0', ivr_id: '' },
      cli_delete: { cli_number: '404' },
      cli_info_get: { cli: '404', domain: 'dom' },
      device_rules_get: { device_id: d },
      device_rule_create: { device_id: d, name: 'r', cut: '1', add: '2', minlen: '1', maxlen: '10', pr_type: 'dst', change_callerid_name: '0' },
      device_rule_delete: { device_rule_id: '999999' },
      dids_get: {
        search_did_number: '3706', search_status: 'free', search_did_owner: 'x', search_dialplan: '1', search_user: '1', search_device: '1', search_provider: '1',
        search_language: 'all', search_hide_terminated_dids: '0', from: '1', max_results: '10',
      },
      did_create: { provider_id: provider, did: '37062#', custom_sip_header: 'h', comment: 'c', reseller_comment: 'r' },
      did_device_assign: { device_id: d, did: '404' },
      did_trunk_device_assign: { device_id: d, did: '404' },
      did_device_unassign: { did: '404' },
      did_details_update: {
        did_id: didId, call_limit: '1', active_from: '1700000000', active_till: '1800000000', grace_time: '1', language: 'en',
        did_provider_id: provider, custom_sip_header: 'h', comment: 'c', reseller_comment: 'r',
      },
      did_subscription_stop: { did_id: '999999' },
      did_close: { dids_id: '999999' },
      did_terminate: { dids_id: '999999' },
      did_make_free: { dids_id: '999999' },
      did_delete: { dids_id: '999999' },
      did_rates_get: { did: '37061111111' },
      did_rates_update: { did: '37061111111', s_rate_type: 'owner', rate: '1', connection_fee: '0', increment_s: '1', min_time: '0', s_start_time: '00:00:00', s_end_time: '23:59:59', s_daytype: 'WD' },
      did_rates_details_get: { did_id: didId },
      did_rates_details_update: { did_id: didId, provider_tariff_id: '0', allow_call_reject_provider: '0', owner_tariff_id: '0', allow_call_reject: '0' },
      phonebooks_get: { user_id: u },
      phonebook_edit: { phonebook_id: String(book.id), number: '1', name: 'n', speeddial: '11' },
      phonebook_record_create: { user_id: u, number: '2', name: 'm', speeddial: '2#' },
      quickforwards_dids_get: {},
      quickforwards_did_update: { did: '37061111111', forward_to: '1', description: 'd' },
      number_pools_get: { number_pool_id: pool, show_numbers: '1', number_limit_row_count: '1', number_limit_offset: '0', user_ids: 'all' },
      number_pool_create: { name: 'n', comment: 'c' },
      number_pool_update: { number_pool_id: pool, name: 'n', comment: 'c' },
      number_pool_delete: { number_pool_id: '999999' },
      number_pool_numbers_create: { number_pool_id: pool, numbers: '1' },
      number_pool_numbers_delete: { number_pool_id: pool, number_ids: '999999', numbers: '404' },
      pbx_pool_create: { name: 'inp#', comment: 'c' },
    };
  });
  afterAll(async () => t.close());

  /** `#` in a baseline value becomes a fresh number, so unique names do not mask the param under test. */
  let seq = 0;
  const fresh = (params: Record<string, string>) => Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.replace('#', String(++seq))]));


  it('covers every method of the families', () => {
    expect(Object.keys(base)).toHaveLength(41);
  });

  /** D-2: the DID family (except dids_get) and device_update answer <page><status><error>; the rest <page><error>. */
  const STATUS_ENVELOPE = new Set(['device_update', ...[
    'did_create', 'did_device_assign', 'did_trunk_device_assign', 'did_device_unassign', 'did_details_update', 'did_subscription_stop', 'did_close',
    'did_terminate', 'did_make_free', 'did_delete', 'did_rates_get', 'did_rates_update', 'did_rates_details_get', 'did_rates_details_update',
  ]]);

  it("refuses in each method's own envelope (a wrong hash)", async () => {
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [method, params] of Object.entries(base)) {
      seen[method] = (await t.call(method, fresh(params), { key: 'wrong-key' })).xml.page;
      expected[method] = STATUS_ENVELOPE.has(method) ? { status: { error: 'Incorrect hash' } } : { error: 'Incorrect hash' };
    }
    expect(seen).toEqual(expected);
  });

  it('aliases answer as their methods', async () => {
    const aliases: Array<[string, string]> = [
      ['device_destroy', 'device_delete'], ['device_list', 'devices_get'], ['cli_get_info', 'cli_info_get'],
      ['did_assign_device', 'did_device_assign'], ['did_unassign_device', 'did_device_unassign'], ['phonebooks', 'phonebooks_get'],
    ];
    for (const [alias, method] of aliases) {
      expect((await t.call(alias, base[method])).xml).toEqual((await t.call(method, base[method])).xml);
    }
  });

  it('a simple user is refused every DID method with Access Denied (dids_get shows its own)', async () => {
    await t.createUser({ username: 'simple-did' });
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const method of [...STATUS_ENVELOPE].filter((m) => m !== 'device_update')) {
      seen[method] = (await t.call(method, fresh(base[method]), { u: 'simple-did' })).xml.page;
      expected[method] = { status: { error: 'Access Denied' } };
    }
    expect(seen).toEqual(expected);
    expect(errorOf((await t.call('dids_get', {}, { u: 'simple-did' })).xml)).toBe('No DIDs found');
  });

  it('answers with no params at all', async () => {
    const failures: string[] = [];
    for (const method of Object.keys(base)) {
      const problem = answerProblem(await t.call(method, {}), { root: 'page' });
      if (problem) failures.push(`${method} none: ${problem}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers each param, from a working baseline, set to every bad value kind (empty, letters, 10 kB, negative, 20 digits, control characters)', async () => {
    const failures: string[] = [];
    for (const [method, params] of Object.entries(base)) {
      failures.push(...(await sweepMethod(t, method, Object.keys(params), { base: () => fresh(params), root: 'page' })));
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
