import { MorRegistry } from '../../src/api/registry.service';
import { hashForUrl } from '../../src/cli/generate-hash';
import { methodsMarkdown } from '../../src/cli/methods-doc';
import { Operator } from '../../src/cli/operator';
import { TestApp, errorOf } from '../support/test-app';

/** The operator CLI's actions, checked through their effect on the API. */
describe('operator CLI', () => {
  let t: TestApp;
  let o: Operator;
  beforeAll(async () => {
    t = await TestApp.start();
    o = new Operator(t.app);
  });
  afterAll(() => t.close());

  it('creates a reseller whose own key and Allow API then work', async () => {
    const made = await o.createAccount({ username: 'cli_res', type: 'reseller' });
    expect(made.generated).toMatch(/^[A-Za-z0-9]{16}$/);
    const owner = await o.ownerOf('cli_res');
    await o.setSetting('api_secret_key', 'cli-res-key', owner);
    expect(errorOf((await t.call('user_details_get', { user_id: String(made.id) }, { u: 'cli_res', key: 'cli-res-key' })).xml)).toBe('API Requests are disabled');
    await o.setSetting('allow_api', '1', owner);
    expect((await t.call('user_details_get', { user_id: String(made.id) }, { u: 'cli_res', key: 'cli-res-key' })).xml.page.userid).toBe(String(made.id));
  });

  it('creates users under a reseller and refuses odd accounts', async () => {
    await o.createAccount({ username: 'cli_user', type: 'user', owner: 'cli_res', password: 'cli-user-pass' });
    expect((await t.call('user_login', { p: 'cli-user-pass' }, { u: 'cli_user', key: 'cli-res-key' })).xml.action.status).toBe('ok');
    await expect(o.createAccount({ username: 'cli_user', type: 'user' })).rejects.toThrow('taken');
    await expect(o.createAccount({ username: 'x', type: 'reseller', owner: 'cli_res' })).rejects.toThrow();
  });

  it('whitelists a range and restricts the API to it', async () => {
    expect(await o.addWhitelist('10.9.9.1-3', true, 'test')).toEqual(['10.9.9.1', '10.9.9.2', '10.9.9.3']);
    await o.setSetting('restrict_api_by_ip', '1', 0);
    expect((await t.call('user_details_get', { user_id: '0' }, { ip: '10.9.9.2' })).xml.page.userid).toBe('0');
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { ip: '10.9.9.4' })).xml)).toBe('Access Denied');
    await o.removeWhitelist('10.9.9.2');
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { ip: '10.9.9.2' })).xml)).toBe('Access Denied');
    await o.setSetting('restrict_api_by_ip', '0', 0);
  });

  it('permission groups restrict an assigned accountant', async () => {
    await o.createAccount({ username: 'cli_acc', type: 'accountant', password: 'cli-acc-pass' });
    await o.createGroup('cli_readers', '');
    await o.setGroupMethod('cli_readers', 'user_details', 'read');
    await expect(o.setGroupMethod('cli_readers', 'users_get', 'write')).rejects.toThrow('read method');
    await o.assignGroup('cli_acc', 'cli_readers');
    expect((await t.call('user_details_get', { user_id: '0' }, { u: 'cli_acc' })).xml.page.userid).toBe('0');
    expect(errorOf((await t.call('users_get', { p: 'cli-acc-pass' }, { u: 'cli_acc' })).xml)).toBe('Access Denied');
    await o.assignGroup('cli_acc', 'none');
    expect((await t.call('users_get', { p: 'cli-acc-pass' }, { u: 'cli_acc' })).xml.page.status.users).toBeDefined();
    await expect(o.assignGroup('cli_res', 'cli_readers')).rejects.toThrow();
  });

  it('generates the hash of a request URL', () => {
    const result = hashForUrl(t.app.get(MorRegistry), 'http://host/billing/api/user_details_get?u=admin&user_id=123&hash=old', '456789');
    expect(result).toEqual({ method: 'user_details_get', order: ['user_id'], values: '123', hash: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441' });
    expect(() => hashForUrl(t.app.get(MorRegistry), '/api/nope', 'k')).toThrow();
  });

  it('documents every registered method once', () => {
    const methods = t.app.get(MorRegistry).methods();
    const doc = methodsMarkdown(methods);
    for (const m of methods) expect(doc).toContain(`| \`${m.name}\` |`);
    expect(doc).toContain('`user_details`');
  });
});
