import { TestApp, errorOf } from '../support/test-app';

describe('Login family', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.createUser({ username: 'alice', password: 'alice-pass-1', email: 'alice@example.com' });
    await t.createUser({ username: 'blocked_bob', password: 'bob-pass-1', blocked: 1 });
    const reseller = await t.createReseller('login_res', 'login-res-key');
    await t.createUser({ username: 'carol', password: 'carol-pass-1', owner_id: reseller.id });
  });
  afterAll(() => t.close());

  it('user_login ok: <action> root with user_id and the standalone declaration', async () => {
    const r = await t.call('user_login', { p: 'alice-pass-1' }, { u: 'alice' });
    expect(r.body).toContain('<?xml version="1.0" encoding="utf-8" standalone="yes"?>');
    expect(r.xml.action).toEqual({ name: 'login', status: 'ok', user_id: expect.any(String), status_message: 'Successfully logged in' });
    const [{ logged }] = await t.db.query("SELECT logged FROM users WHERE username = 'alice'");
    expect(Number(logged)).toBe(1);
  });

  it('the alias login works; a reseller user signs with the reseller key', async () => {
    expect((await t.call('login', { p: 'alice-pass-1' }, { u: 'alice' })).xml.action.status).toBe('ok');
    expect((await t.call('user_login', { p: 'carol-pass-1' }, { u: 'carol', key: 'login-res-key' })).xml.action.status).toBe('ok');
  });

  it.each([
    ['wrong password', 'alice', 'nope'],
    ['unknown user', 'nobody', 'whatever'],
    ['blocked user', 'blocked_bob', 'bob-pass-1'],
  ])('%s: Login failed', async (_name, u, p) => {
    const r = await t.call('user_login', { p }, { u });
    expect(r.xml.action).toEqual({ name: 'login', status: 'failed', status_message: 'Login failed' });
  });

  it('login by e-mail only when allowed', async () => {
    expect((await t.call('user_login', { p: 'alice-pass-1' }, { u: 'alice@example.com' })).xml.action.status).toBe('failed');
    await t.settings.set('allow_login_by_email', '1');
    expect((await t.call('user_login', { p: 'alice-pass-1' }, { u: 'alice@example.com' })).xml.action.status).toBe('ok');
    await t.settings.set('allow_login_by_email', '0');
  });

  it('a bad hash fails in the <action> envelope', async () => {
    const r = await t.call('user_login', { p: 'alice-pass-1' }, { u: 'alice', key: 'wrong' });
    expect(r.xml.action).toEqual({ name: 'login', status: 'failed', status_message: 'Incorrect hash' });
  });

  it('user_logout: ok, and failed for an unknown user', async () => {
    const r = await t.call('user_logout', {}, { u: 'alice' });
    expect(r.xml.action).toEqual({ name: 'logout', status: 'ok' });
    const [{ logged }] = await t.db.query("SELECT logged FROM users WHERE username = 'alice'");
    expect(Number(logged)).toBe(0);
    expect((await t.call('logout', {}, { u: 'ghost' })).xml.action).toEqual({ name: 'logout', status: 'failed', status_message: 'Access Denied' });
  });
});

describe('Version, Resellers and Conflines families', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
    await t.createReseller('vr_res', 'vr-res-key');
    await t.createUser({ username: 'vr_user' });
    await t.settings.set('api_allow_registration', '1'); // reseller_group_create needs it
  });
  afterAll(() => t.close());

  describe('system_version_get', () => {
    it('answers <page><version> to any caller, via either name', async () => {
      expect((await t.call('system_version_get')).xml.page.version).toMatch(/^API Server /);
      expect((await t.call('get_version', {}, { u: 'vr_user' })).xml.page.version).toMatch(/^API Server /);
      expect((await t.call('system_version_get', {}, { hashOrder: ['u'] })).xml.page.version).toBeDefined();
    });

    it('every refusal is <page><status><error>Access Denied', async () => {
      expect((await t.call('system_version_get', {}, { key: 'bad' })).xml).toEqual({ page: { status: { error: 'Access Denied' } } });
      await t.settings.set('allow_api', '0');
      expect((await t.call('system_version_get')).xml).toEqual({ page: { status: { error: 'Access Denied' } } });
      await t.settings.set('allow_api', '1');
    });
  });

  describe('reseller groups', () => {
    it('an empty list is an error', async () => {
      expect(errorOf((await t.call('reseller_groups_get')).xml)).toBe('No Reseller Groups found');
    });

    it('creates and lists groups with their features', async () => {
      const r = await t.call('reseller_group_create', { name: 'Gold', rg_description: 'best', calling_cards: '1', pbx_functions: '1', sms_addon: '0' });
      expect(r.xml).toEqual({ page: { status: { success: 'Reseller Group successfully created' } } });
      const [row] = await t.db.query("SELECT * FROM reseller_groups WHERE name = 'Gold'");
      expect([row.calling_cards, row.pbx_functions, row.sms_addon].map(Number)).toEqual([1, 1, 0]);
      const list = await t.call('reseller_groups_get');
      expect(list.xml.page.reseller_groups.reseller_group).toEqual({ id: String(row.id), name: 'Gold', description: 'best' });
    });

    it.each([
      ['no name', {}, 'Reseller Group Name must be specified'],
      ['duplicate name', { name: 'Gold' }, 'Group name must be unique'],
    ])('%s: %s', async (_name, params, text) => {
      expect(errorOf((await t.call('reseller_group_create', params as Record<string, string>)).xml)).toBe(text);
    });

    it('a reseller may not use them', async () => {
      expect(errorOf((await t.call('reseller_groups_get', {}, { u: 'vr_res', key: 'vr-res-key' })).xml)).toBe('You are not authorized to use this functionality');
      expect(errorOf((await t.call('reseller_group_create', { name: 'X' }, { u: 'vr_res', key: 'vr-res-key' })).xml)).toBe('You are not authorized to use this functionality');
    });
  });

  describe('conflines_update', () => {
    it('writes settings and answers <status><success>', async () => {
      const r = await t.call('conflines_update', { default_user_credit: '-1', default_device_nat: 'comedia', default_device_audio_codecs: 'alaw, g729', default_user_time_zone: 'Europe/Vilnius' });
      expect(r.xml).toEqual({ page: { status: { success: 'Conflines successfully updated' } } });
      expect(await t.settings.get('default_user_credit')).toBe('-1');
      expect(await t.settings.get('default_device_audio_codecs')).toBe('alaw,g729');
    });

    it("takes MOR's (Rails) time zone names, case-sensitive, as the wiki's example does", async () => {
      expect((await t.call('conflines_update', { default_user_time_zone: 'Atlantic Time (Canada)' })).xml.page.status.success).toBe('Conflines successfully updated');
      expect(await t.settings.get('default_user_time_zone')).toBe('Atlantic Time (Canada)');
      expect((await t.call('conflines_update', { default_user_time_zone: 'atlantic time (canada)' })).xml.page.status.error).toBe('default_user_time_zone name was not correct');
    });

    it('a new api_secret_key signs the next request', async () => {
      await t.call('conflines_update', { api_secret_key: 'brand-new-key' });
      expect(errorOf((await t.call('user_details_get', { user_id: '0' })).xml)).toBe('Incorrect hash');
      expect((await t.call('user_details_get', { user_id: '0' }, { key: 'brand-new-key' })).xml.page.userid).toBe('0');
      await t.call('conflines_update', { api_secret_key: 'test-admin-secret' }, { key: 'brand-new-key' });
    });

    it.each([
      ['allow_api', 'x', 'allow_api must be 0 or 1'],
      ['api_secret_key', 'short', 'api_secret_key length must be higher than 5'],
      ['default_user_password_length', '5', 'default_user_password_length must be between 6 and 30'],
      ['default_user_credit', '-2', 'default_user_credit must be positive number or -1 for infinity'],
      ['default_user_balance', 'abc', 'default_user_balance must be number'],
      ['default_user_postpaid', '2', 'default_user_postpaid must be 0 or 1'],
      ['default_user_time_zone', 'Mars/Base', 'default_user_time_zone name was not correct'],
      ['default_user_currency', 'usd', 'default_user_currency name was not correct'],
      ['default_user_tariff_id', '999', 'default_user_tariff_id was not found'],
      ['default_device_canreinvite', 'maybe', "default_device_canreinvite can only be one of the following: 'yes', 'no', 'nonat', 'update', 'update,nonat'"],
      ['default_device_nat', 'never', "default_device_nat can only be one of the following: 'yes', 'no', 'force_rport', 'comedia'"],
      ['default_device_qualify', '999', "default_device_qualify can only be 'no' or >= 1000 integer"],
      ['default_device_grace_time', '-1', 'default_device_grace_time must be positive integer'],
      ['default_device_location_id', '42', 'default_device_location_id was not found'],
    ])('%s=%s: %s', async (param, value, text) => {
      const r = await t.call('conflines_update', { [param]: value, default_user_call_limit: '7' });
      expect(r.xml).toEqual({ page: { status: { error: text } } });
    });

    it('a refused update writes nothing', async () => {
      await t.call('conflines_update', { default_user_call_limit: '3' });
      await t.call('conflines_update', { default_user_call_limit: '9', default_device_nat: 'never' });
      expect(await t.settings.get('default_user_call_limit')).toBe('3');
    });

    it('allow_api=0 switches the API off; the API cannot switch itself on', async () => {
      await t.call('conflines_update', { allow_api: '1' });
      expect(await t.settings.get('allow_api')).toBe('1');
      await t.call('conflines_update', { allow_api: '0' });
      expect(errorOf((await t.call('system_version_get')).xml)).toBe('Access Denied');
      await t.settings.set('allow_api', '1');
    });

    it('only the admin may call it', async () => {
      expect(errorOf((await t.call('conflines_update', { default_user_call_limit: '1' }, { u: 'vr_res' })).xml)).toBe('Access Denied');
    });
  });
});
