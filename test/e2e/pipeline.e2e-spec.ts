import { ADMIN_KEY, ADMIN_PASSWORD, TestApp, errorOf } from '../support/test-app';
import { morHash } from '../../src/api/hash';

/** Every guard of the request pipeline: its failure text and that it lets good requests through. */
describe('API pipeline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    for (const [name, value] of [['allow_api', '1'], ['allow_get_api', '0'], ['restrict_api_by_ip', '0'], ['disable_hash_checking', '0']]) {
      await t.settings.set(name as never, value);
    }
  });

  it('answers 200 with XML on both paths and every param source', async () => {
    for (const path of ['/billing/api/', '/api/'] as const) {
      for (const via of ['query', 'form', 'json'] as const) {
        const r = await t.call('user_details_get', { user_id: '0' }, { path, via });
        expect(r.status).toBe(200);
        expect(r.xml.page.details.other_details.username).toBe('admin');
      }
    }
  });

  it('accepts multipart bodies', async () => {
    const params = { u: 'admin', user_id: '0', hash: morHash({ user_id: '0' }, ['user_id'], ADMIN_KEY) };
    const boundary = 'XBOUNDARY';
    const body = Object.entries(params).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
    const r = await t.send('user_details_get', {}, { via: 'form', rawBody: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(r.xml.page.userid).toBe('0');
  });

  it('routes aliases to the same handler', async () => {
    const r = await t.call('user_details', { user_id: '0' });
    expect(r.xml.page.userid).toBe('0');
  });

  it('refuses an unknown method', async () => {
    const r = await t.call('no_such_method');
    expect(r.status).toBe(200);
    expect(errorOf(r.xml)).toBe('Unknown API method');
  });

  it('a method name longer than the router takes, or a URL that does not decode: XML, not JSON', async () => {
    const long = await t.send('x'.repeat(300), {});
    expect([long.status, long.body.startsWith('<?xml'), errorOf(long.xml)]).toEqual([200, true, 'Unknown API method']);
    const bad = await t.send('user_details_get%E0%A4%A', {});
    expect([bad.status, bad.body.startsWith('<?xml'), errorOf(bad.xml)]).toEqual([200, true, 'Request could not be parsed']);
  });

  it('Allow API globally off: API Requests are disabled', async () => {
    await t.settings.set('allow_api', '0');
    expect(errorOf((await t.call('user_details_get', { user_id: '0' })).xml)).toBe('API Requests are disabled');
  });

  it('GET off: GET Requests are disabled; on: served', async () => {
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { verb: 'GET' })).xml)).toBe('GET Requests are disabled');
    await t.settings.set('allow_get_api', '1');
    expect((await t.call('user_details_get', { user_id: '0' }, { verb: 'GET' })).xml.page.userid).toBe('0');
  });

  describe('Restrict API access by IP', () => {
    beforeEach(async () => {
      await t.db.query('DELETE FROM whitelisted_ips');
      await t.db.query("INSERT INTO whitelisted_ips (ip, api_access, reason) VALUES ('10.1.1.5', 1, 't'), ('10.2.0.0/16', 1, 't'), ('10.3.3.3', 0, 't')");
      t.app.get(require('../../src/api/access/access.service').AccessService).whitelistChanged();
      await t.settings.set('restrict_api_by_ip', '1');
    });

    it.each([
      ['10.1.1.5', true],
      ['10.2.44.1', true],
      ['::ffff:10.1.1.5', true],
      ['10.3.3.3', false],
      ['10.1.1.6', false],
    ])('%s allowed: %s', async (ip, allowed) => {
      const r = await t.call('user_details_get', { user_id: '0' }, { ip });
      if (allowed) expect(r.xml.page.userid).toBe('0');
      else expect(errorOf(r.xml)).toBe('Access Denied');
    });

    it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
      const r = await t.call('user_details_get', { user_id: '0' }, { ip: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.1.5' } });
      expect(errorOf(r.xml)).toBe('Access Denied');
    });
  });

  it('trusts X-Forwarded-For with TRUST_PROXY', async () => {
    const proxied = await TestApp.start({ TRUST_PROXY: 'true' });
    try {
      await proxied.db.query("INSERT INTO whitelisted_ips (ip, api_access, reason) VALUES ('10.1.1.5', 1, 't')");
      await proxied.settings.set('restrict_api_by_ip', '1');
      const r = await proxied.call('user_details_get', { user_id: '0' }, { ip: '127.0.0.1', headers: { 'x-forwarded-for': '10.1.1.5' } });
      expect(r.xml.page.userid).toBe('0');
    } finally {
      await proxied.close();
    }
  });

  it('unknown or missing u: Access Denied', async () => {
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { u: 'ghost' })).xml)).toBe('Access Denied');
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { u: '' })).xml)).toBe('Access Denied');
  });

  it('wrong, missing or differently ordered hash: Incorrect hash', async () => {
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { key: 'wrong' })).xml)).toBe('Incorrect hash');
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { noHash: true })).xml)).toBe('Incorrect hash');
    expect(errorOf((await t.call('user_details_get', { user_id: '0', username: 'admin' }, { hashOrder: ['username', 'user_id'] })).xml)).toBe('Incorrect hash');
  });

  it('accepts an upper-case hash', async () => {
    const hash = morHash({ user_id: '0' }, ['user_id'], ADMIN_KEY).toUpperCase();
    expect((await t.call('user_details_get', { user_id: '0', hash })).xml.page.userid).toBe('0');
  });

  it('Disable hash checking lets unsigned requests through', async () => {
    await t.settings.set('disable_hash_checking', '1');
    expect((await t.call('user_details_get', { user_id: '0' }, { noHash: true })).xml.page.userid).toBe('0');
  });

  it('a reseller signs with its own key, which needs its own Allow API', async () => {
    const reseller = await t.createReseller('pipe_res', 'reseller-key-1');
    expect((await t.call('user_details_get', { user_id: String(reseller.id) }, { u: 'pipe_res', key: 'reseller-key-1' })).xml.page.userid).toBe(String(reseller.id));
    expect(errorOf((await t.call('user_details_get', { user_id: String(reseller.id) }, { u: 'pipe_res' })).xml)).toBe('Incorrect hash');
    await t.settings.set('allow_api', '0', reseller.id);
    expect(errorOf((await t.call('user_details_get', { user_id: String(reseller.id) }, { u: 'pipe_res', key: 'reseller-key-1' })).xml)).toBe('API Requests are disabled');
  });

  it("a simple user signs with its owner's key; an accountant with the admin's", async () => {
    const reseller = await t.createReseller('pipe_res2', 'reseller-key-2');
    const own = await t.createUser({ username: 'pipe_user_r', owner_id: reseller.id });
    await t.createUser({ username: 'pipe_user_a' });
    await t.createUser({ username: 'pipe_acc', usertype: 'accountant' });
    expect((await t.call('user_details_get', { user_id: String(own.id) }, { u: 'pipe_user_r', key: 'reseller-key-2' })).xml.page.userid).toBe(String(own.id));
    expect(errorOf((await t.call('user_details_get', { user_id: String(own.id) }, { u: 'pipe_user_r' })).xml)).toBe('Incorrect hash');
    expect((await t.call('user_details_get', { username: 'pipe_user_a' }, { u: 'pipe_user_a' })).xml.page.details.other_details.username).toBe('pipe_user_a');
    expect((await t.call('user_details_get', { user_id: '0' }, { u: 'pipe_acc' })).xml.page.userid).toBe('0');
  });

  it('a role the method does not allow: its refusal text', async () => {
    await t.createUser({ username: 'pipe_plain', password: 'plain-pass-1' });
    const r = await t.call('users_get', { p: 'plain-pass-1' }, { u: 'pipe_plain' });
    expect(errorOf(r.xml)).toBe('You are not authorized to view this page');
  });

  describe('API permission groups', () => {
    let groupId: number;
    beforeAll(async () => {
      await t.db.query("INSERT INTO api_permission_groups (name, description) VALUES ('readers', '')");
      [{ id: groupId }] = await t.db.query("SELECT id FROM api_permission_groups WHERE name = 'readers'");
      await t.db.query("INSERT INTO api_permission_group_methods (group_id, method, level) VALUES (?, 'user_details_get', 1), (?, 'users_get', 0)", [groupId, groupId]);
      await t.createUser({ username: 'pg_acc', usertype: 'accountant', api_restricted: 1, api_permission_group_id: groupId, password: 'acc-pass-1' });
      await t.createUser({ username: 'pg_free_acc', usertype: 'accountant', password: 'acc-pass-1' });
    });

    it('Read grants a read method', async () => {
      expect((await t.call('user_details_get', { user_id: '0' }, { u: 'pg_acc' })).xml.page.userid).toBe('0');
    });

    it('Disabled (or absent) denies: Access Denied', async () => {
      expect(errorOf((await t.call('users_get', { p: 'acc-pass-1' }, { u: 'pg_acc' })).xml)).toBe('Access Denied');
      expect(errorOf((await t.call('user_details_update', { user_id: '0', u23: 'X' }, { u: 'pg_acc', hashOrder: ['user_id'] })).xml)).toBe('Access Denied');
    });

    it('Read does not grant a write method; Write does', async () => {
      const target = await t.createUser({ username: 'pg_target' });
      const update = () => t.call('user_details_update', { user_id: String(target.id), u23: 'Y' }, { u: 'pg_acc', hashOrder: ['user_id', 'u23'] });
      await t.db.query("INSERT INTO api_permission_group_methods (group_id, method, level) VALUES (?, 'user_details_update', 1)", [groupId]);
      expect(errorOf((await update()).xml)).toBe('Access Denied');
      await t.db.query("UPDATE api_permission_group_methods SET level = 2 WHERE group_id = ? AND method = 'user_details_update'", [groupId]);
      expect((await update()).xml.page.status).toBe('User was updated');
    });

    it('an account without API restricted keeps full access', async () => {
      expect((await t.call('users_get', { p: 'acc-pass-1' }, { u: 'pg_free_acc' })).xml.page.status.users).toBeDefined();
    });
  });

  describe('bad input never yields a 500, HTML or a stack trace', () => {
    it.each([
      ['broken JSON', { rawBody: '{"u": "admin",', headers: { 'content-type': 'application/json' } }, 'Request body could not be parsed'],
      ['unknown content type', { rawBody: 'u=admin', headers: { 'content-type': 'application/x-weird' } }, 'Incorrect hash'],
      ['text/plain body', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }, 'Access Denied'],
    ])('%s', async (_name, options, text) => {
      const r = await t.send('user_details_get', {}, options);
      expect(r.status).toBe(200);
      expect(errorOf(r.xml)).toBe(text);
    });

    it.each([
      ['missing ids', {}, 'User was not found'],
      ['empty id', { user_id: '' }, 'User was not found'],
      ['non-numeric id', { user_id: 'abc' }, 'User was not found'],
      ['negative id', { user_id: '-1' }, 'User was not found'],
      ['huge id', { user_id: '99999999999999999999' }, 'User was not found'],
      ['10 kB username', { username: 'x'.repeat(10_000) }, 'User was not found'],
    ])('%s', async (_name, params, text) => {
      const r = await t.call('user_details_get', params as Record<string, string>);
      expect(r.status).toBe(200);
      expect(r.body.startsWith('<?xml')).toBe(true);
      expect(errorOf(r.xml)).toBe(text);
    });

    it('a body over the limit', async () => {
      const r = await t.send('user_details_get', {}, { rawBody: 'x'.repeat(65 * 1024 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(r.status).toBe(200);
      expect(errorOf(r.xml)).toBe('Request body is too large');
    });

    it('a broken multipart body', async () => {
      const r = await t.send('user_details_get', {}, { rawBody: '--B\r\nbroken', headers: { 'content-type': 'multipart/form-data; boundary=B' } });
      expect(r.status).toBe(200);
      expect(r.body.startsWith('<?xml')).toBe(true);
    });

    it('ignores unknown params', async () => {
      expect((await t.call('user_details_get', { user_id: '0', foo: 'bar', test: '1' })).xml.page.userid).toBe('0');
    });

    it('a path outside the API is an XML 404', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/nothing/here' });
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('<error>Not found</error>');
    });
  });

  it('the first start created the admin with the configured password', async () => {
    const r = await t.call('user_login', { p: ADMIN_PASSWORD });
    expect(r.xml.action.status).toBe('ok');
  });
});
