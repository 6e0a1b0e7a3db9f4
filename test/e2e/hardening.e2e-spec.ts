import { MAX_FAILURES, LOGIN_WAIT_TEXT } from '../../src/api/access/login-throttle';
import { createDevice } from '../support/device-fixtures';
import { ADMIN_PASSWORD, TestApp, errorOf } from '../support/test-app';

/** Issue 18: the pipeline's rules hold for every verb and every account state. */
describe('Hardening: verbs, blocked accounts, password checks', () => {
  let t: TestApp;
  const RKEY = 'reseller-key-h';

  beforeAll(async () => {
    t = await TestApp.start();
  }, 120_000);
  afterAll(async () => t.close(), 120_000);

  describe('HEAD follows the GET rules', () => {
    it('with GET API off, a HEAD to user_details_update changes nothing', async () => {
      await t.settings.set('allow_get_api', '0');
      const user = await t.createUser({ username: 'headless', first_name: 'Before' });
      const r = await t.call('user_details_update', { user_id: String(user.id), u23: 'After' }, { verb: 'HEAD' });
      expect(r.status).toBe(200);
      const [row] = await t.db.query('SELECT first_name FROM users WHERE id = ?', [user.id]);
      expect(row.first_name).toBe('Before');
    });

    it('a HEAD to the POST-only tariff_wholesale_update creates no tariff, even with GET API on', async () => {
      await t.settings.set('allow_get_api', '1');
      await t.call('tariff_wholesale_update', { name: 'Head tariff', currency: 'USD' }, { verb: 'HEAD' });
      const [{ n }] = await t.db.query("SELECT COUNT(*) AS n FROM tariffs WHERE name = 'Head tariff'");
      expect(Number(n)).toBe(0);
      await t.settings.set('allow_get_api', '0');
    });
  });

  describe('a blocked account is refused by the caller guard', () => {
    it.each([
      ['user', 'user_details_get', (id: number) => ({ user_id: String(id) })],
      ['reseller', 'user_details_get', (id: number) => ({ user_id: String(id) })],
      ['accountant', 'user_details_get', (id: number) => ({ user_id: String(id) })],
      ['user', 'phonebook_record_create', (id: number) => ({ user_id: String(id), number: '1', name: 'n' })],
      ['user', 'user_details_update', (id: number) => ({ user_id: String(id), u23: 'Changed' })],
    ] as const)('a blocked %s calling %s: Access Denied, nothing written', async (usertype, method, params) => {
      const name = `blk${usertype}${method.length}`;
      const key = usertype === 'reseller' ? RKEY : undefined;
      const account = usertype === 'reseller' ? await t.createReseller(name, RKEY, { blocked: 1 }) : await t.createUser({ username: name, usertype, blocked: 1, first_name: 'Kept' });
      const r = await t.call(method, params(account.id), { u: name, key });
      expect(errorOf(r.xml)).toBe('Access Denied');
      const [row] = await t.db.query('SELECT first_name FROM users WHERE id = ?', [account.id]);
      expect(row.first_name).not.toBe('Changed');
      expect(await t.db.query('SELECT id FROM phonebooks WHERE user_id = ?', [account.id])).toEqual([]);
      // Unblocked, the same account is served again.
      await t.db.query('UPDATE users SET blocked = 0 WHERE id = ?', [account.id]);
      expect(errorOf((await t.call('user_details_get', { user_id: String(account.id) }, { u: name, key })).xml)).not.toBe('Access Denied');
    });

    it('a blocked reseller cannot list users with its password either', async () => {
      await t.createReseller('blkres2', RKEY, { blocked: 1, password: 'reseller-pass-1' } as never);
      const r = await t.call('users_get', { p: 'reseller-pass-1' }, { u: 'blkres2', key: RKEY });
      expect(errorOf(r.xml)).toBe('Access Denied');
    });
  });

  describe('users_get checks the hash before the password', () => {
    it('without the key, a right and a wrong password answer the same (no password oracle)', async () => {
      const wrong = await t.call('users_get', { p: 'not-the-password' }, { key: 'not-the-key' });
      const right = await t.call('users_get', { p: ADMIN_PASSWORD }, { key: 'not-the-key' });
      expect(errorOf(wrong.xml)).toBe('Incorrect hash');
      expect(right.body).toBe(wrong.body);
    });

    it('with the key: a wrong password is Access Denied, an unknown name too, the right one lists', async () => {
      expect(errorOf((await t.call('users_get', { p: 'not-the-password' }, { ip: '10.0.0.1' })).xml)).toBe('Access Denied');
      expect(errorOf((await t.call('users_get', { p: 'whatever-1' }, { u: 'nobody-here', ip: '10.0.0.1' })).xml)).toBe('Access Denied');
      expect((await t.call('users_get', { p: ADMIN_PASSWORD }, { ip: '10.0.0.1' })).xml.page.status.users).toBeDefined();
    });
  });

  it.each([['ADMIN'], ['admin '], ['Admin']])('u=%p is not the admin on either database (exact match)', async (u) => {
    expect(errorOf((await t.call('user_details_get', { user_id: '0' }, { u })).xml)).toBe('Access Denied');
  });

  it.each([
    ['multipart without a boundary', { 'content-type': 'multipart/form-data' }, 'x'],
    ['JSON nested 1,000,000 deep', { 'content-type': 'application/json' }, '['.repeat(1_000_000)],
  ])('%s: answered in XML before authentication, not a 500', async (_name, headers, rawBody) => {
    const r = await t.send('user_details_get?u=admin', {}, { headers, rawBody });
    expect(r.status).toBe(200);
    expect(errorOf(r.xml)).toBe('Request body could not be parsed');
  });

  it("user_register under reseller R1 refuses R2's location exactly as a missing one", async () => {
    const r1 = await t.createReseller('reg-r1', 'reg-key-1');
    const r2 = await t.createReseller('reg-r2', 'reg-key-2');
    await t.settings.set('api_allow_registration', '1');
    await t.settings.set('api_allow_registration', '1', r1.id);
    await t.db.query('INSERT INTO locations (name, owner_id) VALUES (?, ?)', ['R2 place', r2.id]);
    const [{ id: foreign }] = await t.db.query("SELECT id FROM locations WHERE name = 'R2 place'");
    const form = (username: string, location: string) => ({
      id: r1.uniquehash, username, first_name: 'R', last_name: 'A', email: `${username}@example.com`, device_type: 'SIP', country_id: '1',
      password: 'racer-pass-1', password2: 'racer-pass-1', device_location_id: location,
    });
    const foreignReply = await t.call('user_register', form('regx1', String(foreign)), { u: '', key: 'reg-key-1' });
    const missingReply = await t.call('user_register', form('regx1', '999999'), { u: '', key: 'reg-key-1' });
    expect(errorOf(foreignReply.xml)).toBe('Location was not found');
    expect(foreignReply.body).toBe(missingReply.body);
    expect(await t.db.query("SELECT id FROM users WHERE username = 'regx1'")).toEqual([]);
  });

  describe('login throttle per address', () => {
    it(`after ${MAX_FAILURES} wrong user_login passwords the right one waits too`, async () => {
      const ip = '10.0.0.2';
      for (let i = 0; i < MAX_FAILURES; i++) {
        const r = await t.call('user_login', { u: 'admin', p: `wrong-${i}` }, { ip });
        expect(r.xml.action.status_message).toBe('Login failed');
      }
      expect((await t.call('user_login', { u: 'admin', p: ADMIN_PASSWORD }, { ip })).xml.action).toMatchObject({ status: 'failed', status_message: LOGIN_WAIT_TEXT });
      // Another address is not held back.
      expect((await t.call('user_login', { u: 'admin', p: ADMIN_PASSWORD }, { ip: '10.0.0.3' })).xml.action.status).toBe('ok');
    });

    it('users_get with p is throttled the same way', async () => {
      const ip = '10.0.0.4';
      for (let i = 0; i < MAX_FAILURES; i++) expect(errorOf((await t.call('users_get', { p: `wrong-${i}` }, { ip })).xml)).toBe('Access Denied');
      expect(errorOf((await t.call('users_get', { p: ADMIN_PASSWORD }, { ip })).xml)).toBe(LOGIN_WAIT_TEXT);
    });
  });

  describe('Finding 13: device credentials and CLIs across tenants', () => {
    const K1 = 'cred-key-1';
    const K2 = 'cred-key-2';
    let mine: { id: number; pin: string; extension: string };
    let theirs: { id: number; pin: string; extension: string };

    beforeAll(async () => {
      const r1 = await t.createReseller('cred-r1', K1);
      const r2 = await t.createReseller('cred-r2', K2);
      const u1 = await t.createUser({ username: 'cred-u1', owner_id: r1.id, first_name: 'Mine' });
      const u2 = await t.createUser({ username: 'cred-u2', owner_id: r2.id, first_name: 'Secret', last_name: 'Tenant' });
      mine = await createDevice(t, u1.id, { pin: '4101', extension: '4101' });
      theirs = await createDevice(t, u2.id, { pin: '4202', extension: '4202' });
      await t.db.query('INSERT INTO device_clis (device_id, cli) VALUES (?, ?)', [theirs.id, '37060004202']);
    });

    const stored = async (id: number) => (await t.db.query('SELECT pin, extension FROM devices WHERE id = ?', [id]))[0];

    it("device_update refuses another tenant's PIN with device_create's text, and changes nothing", async () => {
      const r = await t.call('device_update', { device: String(mine.id), pin: theirs.pin }, { u: 'cred-r1', key: K1 });
      expect(errorOf(r.xml)).toBe('PIN is already used');
      expect(await stored(mine.id)).toEqual({ pin: '4101', extension: '4101' });
      // device_create answers the same PIN with the same text (one check).
      const c = await t.call('device_create', { user_id: String((await t.db.query("SELECT id FROM users WHERE username = 'cred-u1'"))[0].id), type: 'SIP', pin: theirs.pin }, { u: 'cred-r1', key: K1 });
      expect(errorOf(c.xml)).toBe('PIN is already used');
    });

    it("device_update refuses another tenant's extension, and changes nothing", async () => {
      const r = await t.call('device_update', { device: String(mine.id), extension: theirs.extension }, { u: 'cred-r1', key: K1 });
      expect(errorOf(r.xml)).toBe("Extension already exists in User's PBX Pool");
      expect(await stored(mine.id)).toEqual({ pin: '4101', extension: '4101' });
    });

    it('device_update keeps its own PIN and extension and takes free ones', async () => {
      expect((await t.call('device_update', { device: String(mine.id), pin: '4101', extension: '4101' }, { u: 'cred-r1', key: K1 })).xml.page.status.success).toBe('Device successfully updated');
      expect((await t.call('device_update', { device: String(mine.id), pin: '4103', extension: '4103' }, { u: 'cred-r1', key: K1 })).xml.page.status.success).toBe('Device successfully updated');
      expect(await stored(mine.id)).toEqual({ pin: '4103', extension: '4103' });
    });

    it('20 devices given one free PIN at once: exactly one gets it', async () => {
      const owner = await t.createUser({ username: 'cred-race', owner_id: 0 });
      const devices = await Promise.all(Array.from({ length: 20 }, (_, i) => createDevice(t, owner.id, { pin: '', extension: `43${i}` })));
      const replies = await Promise.all(devices.map((d) => t.call('device_update', { device: String(d.id), pin: '4999' })));
      const texts = replies.map((r) => r.xml.page.status?.success ?? errorOf(r.xml));
      expect(texts.filter((x) => x === 'Device successfully updated')).toHaveLength(1);
      expect(texts.filter((x) => x === 'PIN is already used')).toHaveLength(19);
      expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM devices WHERE pin = '4999'"))[0].n)).toBe(1);
    });

    it("cli_add names no user of another tenant when the number is taken there", async () => {
      const r = await t.call('cli_add', { device_id: String(mine.id), cli_number: '37060004202' }, { u: 'cred-r1', key: K1 });
      expect(errorOf(r.xml) ?? r.xml.page.status).toBe('CLI already exists. It is assigned to user_name device');
      expect(r.body).not.toContain('Secret');
      expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM device_clis WHERE cli = '37060004202'"))[0].n)).toBe(1);
    });
  });
});
