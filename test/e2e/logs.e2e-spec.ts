import { ADMIN_KEY, ADMIN_PASSWORD, TestApp, errorOf } from '../support/test-app';
import { LogCapture, secretForms } from '../support/log-capture';

describe('request logs', () => {
  let t: TestApp;
  const log = new LogCapture();
  const id = (n: string) => ({ headers: { 'x-request-id': n } });

  beforeAll(async () => {
    t = await TestApp.start({}, log);
    await t.createUser({ username: 'logged', password: 'user-pass-4c1e' });
    await t.createReseller('logres', 'reseller-key-9d2f');
  });
  afterAll(() => t.close());

  it('writes one JSON line per request with its id, method, caller, outcome and duration', async () => {
    await t.call('user_details_get', { user_id: '0' }, id('req-ok-1'));
    const line = log.request('req-ok-1')!;
    expect(line).toMatchObject({ level: 'info', reqId: 'req-ok-1', method: 'user_details_get', callerId: 0, outcome: 'ok', status: 200, verb: 'POST' });
    expect(typeof line.durationMs).toBe('number');
    expect(line.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof line.time).toBe('string');
  });

  it('names the outcome class and MOR text of a refusal, and the alias called', async () => {
    await t.call('user_details', { user_id: '0' }, { key: 'wrong-key-1', ...id('req-bad-hash') });
    expect(log.request('req-bad-hash')).toMatchObject({ method: 'user_details_get', alias: 'user_details', outcome: 'incorrect_hash', error: 'Incorrect hash' });
    await t.call('no_such_method', {}, id('req-unknown'));
    expect(log.request('req-unknown')).toMatchObject({ method: '(unknown)', outcome: 'unknown_method' });
  });

  it('answers with the request id, and makes one when the client sends none or a bad one', async () => {
    const given = await t.app.inject({ method: 'POST', url: '/billing/api/system_version_get', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const bad = await t.app.inject({ method: 'POST', url: '/billing/api/system_version_get', headers: { 'x-request-id': 'a b\n{"x":1}' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.request(String(bad.headers['x-request-id']))).toBeDefined();
  });

  it('never logs a password, secret key, hash, device secret or PIN', async () => {
    const sent: string[] = [ADMIN_KEY, ADMIN_PASSWORD, 'user-pass-4c1e', 'reseller-key-9d2f'];
    // A password in the query string, a wrong one, and one in a form body.
    await t.call('user_login', { u: 'logged', p: 'user-pass-4c1e' }, { u: 'logged', noHash: true });
    await t.call('user_login', { u: 'logged', p: 'wrong-pass-77aa' }, { u: 'logged', noHash: true, via: 'form' });
    expect((await t.call('users_get', { p: ADMIN_PASSWORD }, { via: 'json' })).xml.page.status.users).toBeDefined();
    sent.push('wrong-pass-77aa');
    // Device secret and PIN.
    const user = await t.createUser({ username: 'devowner', password: 'owner-pass-3b7a' });
    sent.push('owner-pass-3b7a');
    const device = await t.call('device_create', { user_id: String(user.id), pin: '834521' });
    expect(device.xml.page.status).toBe('Device created');
    sent.push('834521', device.xml.page.password);
    expect(errorOf((await t.call('device_update', { device: device.xml.page.id, password: 'device-secret-5e8c' })).xml)).toBeUndefined();
    sent.push('device-secret-5e8c');
    // A new admin key, then back (both keys and every hash signed with them).
    await t.call('conflines_update', { api_secret_key: 'rotated-key-0f3b' });
    await t.call('conflines_update', { api_secret_key: ADMIN_KEY }, { key: 'rotated-key-0f3b' });
    sent.push('rotated-key-0f3b');
    // A reseller's key over GET (refused, the URL still holds the hash).
    const r = await t.call('user_details_get', { user_id: '0' }, { u: 'logres', key: 'reseller-key-9d2f', verb: 'GET' });
    expect(errorOf(r.xml)).toBeDefined();

    const hashes = [...log.text.matchAll(/[0-9a-f]{40}/g)];
    expect(hashes).toEqual([]);
    for (const secret of sent) for (const form of secretForms(secret)) expect({ secret, found: log.text.includes(form) }).toEqual({ secret, found: false });
    expect(log.records().filter((r) => r.msg === 'request').length).toBeGreaterThanOrEqual(9);
  });
});
