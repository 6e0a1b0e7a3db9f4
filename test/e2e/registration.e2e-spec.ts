import { TestApp, errorOf } from '../support/test-app';
import { User } from '../../src/families/users/user.entity';

describe('user_register', () => {
  let t: TestApp;
  let resellerId: number;
  const form = (extra: Record<string, string> = {}) => ({
    id: 'uhreg_res', username: 'newbie', first_name: 'New', last_name: 'Bie', email: 'newbie@example.com',
    device_type: 'SIP', country_id: '123', password: 'newbie-pass-1', password2: 'newbie-pass-1', ...extra,
  });
  // Registration has no caller account; it signs with the owner's key.
  const register = (params: Record<string, string>, key = 'reg-res-key') => t.call('user_register', params, { u: '', key });

  beforeAll(async () => {
    t = await TestApp.start();
    resellerId = (await t.createReseller('reg_res', 'reg-res-key')).id;
    await t.settings.set('api_allow_registration', '1');
  });
  afterAll(() => t.close());

  it('creates a user under the uniquehash owner and its first device', async () => {
    const r = await register(form());
    expect(r.xml.page.status.success).toBe('Registration successful');
    const settings = r.xml.page.user_device_settings;
    expect(settings.device_type).toBe('SIP');
    expect(settings.username).toBe('newbie');
    expect(settings.password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(settings.pin).toMatch(/^\d{6}$/);
    const user = await t.db.getRepository(User).findOneByOrFail({ username: 'newbie' });
    expect([user.owner_id, user.usertype, user.country_id]).toEqual([resellerId, 'user', 123]);
    const devices = await t.db.query('SELECT name, device_type FROM devices WHERE user_id = ?', [user.id]);
    expect(devices).toEqual([{ name: 'newbie', device_type: 'SIP' }]);
  });

  it("an unknown uniquehash puts the user under the admin (admin's key)", async () => {
    const r = await register(form({ id: 'no-such-hash', username: 'orphan', email: 'orphan@example.com' }), 'test-admin-secret');
    expect(r.xml.page.status.success).toBe('Registration successful');
    expect((await t.db.getRepository(User).findOneByOrFail({ username: 'orphan' })).owner_id).toBe(0);
  });

  it('accepts the older six-param hash', async () => {
    const r = await t.call('user_register', form({ username: 'oldform', email: 'old@example.com' }), { u: '', key: 'reg-res-key', hashOrder: ['email', 'id', 'device_type', 'username', 'first_name', 'last_name'] });
    expect(r.xml.page.status.success).toBe('Registration successful');
  });

  it.each([
    ['no username', { username: '' }, 'Please enter username'],
    ['bad device type', { device_type: 'PSTN' }, 'Enter device type'],
    ['no first name', { first_name: '' }, 'Please enter first name'],
    ['no last name', { last_name: '' }, 'Please enter last name'],
    ['no country', { country_id: '' }, 'Please select country'],
    ['no email', { email: '' }, 'Please enter email'],
    ['passwords differ', { password2: 'other-pass-1' }, 'Passwords do not match'],
    ['short password', { password: 'short', password2: 'short' }, 'Password must be longer than 7 characters'],
    ['taken username', { username: 'newbie', email: 'x@example.com' }, 'Such username is already taken'],
    ['taken email', { username: 'other', email: 'newbie@example.com' }, 'This email address is already in use'],
    ['unknown LCR', { username: 'l1', email: 'l1@example.com', lcr_id: '999' }, 'LCR was not found'],
    ['unknown location', { username: 'l2', email: 'l2@example.com', device_location_id: '999' }, 'Location was not found'],
    ['10 kB caller id', { username: 'l3', email: 'l3@example.com', caller_id: 'x'.repeat(10_000) }, 'Access Denied'],
  ])('%s: %s', async (_name, extra, text) => {
    expect(errorOf((await register(form(extra))).xml)).toBe(text);
  });

  it('a refused registration creates nothing', async () => {
    await register(form({ username: 'ghost', email: 'ghost@example.com', device_location_id: '999' }));
    expect(await t.db.getRepository(User).findOneBy({ username: 'ghost' })).toBeNull();
  });

  it('wrong key: Incorrect hash; switch off: Registration over API is disabled', async () => {
    expect(errorOf((await register(form({ username: 'k1' }), 'test-admin-secret')).xml)).toBe('Incorrect hash');
    await t.settings.set('api_allow_registration', '0');
    expect(errorOf((await register(form({ username: 'k2', email: 'k2@example.com' }))).xml)).toBe('Registration over API is disabled');
    await t.settings.set('api_allow_registration', '1');
  });
});
