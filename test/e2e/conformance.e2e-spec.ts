import { morHash } from '../../src/api/hash';
import { Device } from '../../src/families/devices/device.entity';
import { ADMIN_KEY, TestApp, errorOf } from '../support/test-app';

/** Issue 8: what MOR's own server (06-mor-source-facts.md) does, tried as a MOR client would. */
describe('Conformance with MOR’s own source', () => {
  let t: TestApp;
  let user: { id: number };
  const err = (r: { xml: any }) => errorOf(r.xml);

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'conf_user' });
  });
  afterAll(async () => t.close());

  describe("MOR's hash model (06 §2.1)", () => {
    it('accepts device_create hashed in MOR’s global order, caller_id included', async () => {
      const params = { u: 'admin', user_id: String(user.id), description: 'desk', pin: '4321', type: 'SIP', caller_id: '37060000001' };
      const hash = morHash(params, ['user_id', 'description', 'pin', 'type', 'devicegroup_id', 'caller_id'], ADMIN_KEY);
      const r = await t.send('device_create', { ...params, hash });
      expect(r.xml.page.status).toBe('Device created');
      expect(await t.db.getRepository(Device).findOneByOrFail({ id: Number(r.xml.page.id) })).toMatchObject({ callerid: '37060000001', pin: '4321' });
    });
    it('accepts MOR’s normalised values (a user_id of 007 hashes as 7) and still refuses a wrong hash', async () => {
      const params = { u: 'admin', user_id: `00${user.id}`, pin: '' };
      const r = await t.send('device_create', { ...params, hash: morHash({ user_id: String(user.id), pin: '' }, ['user_id', 'pin'], ADMIN_KEY) });
      expect(r.xml.page.status).toBe('Device created');
      expect(err(await t.send('device_create', { ...params, hash: morHash(params, ['pin', 'user_id'], 'other-key') }))).toBe('Incorrect hash');
    });
    it('still accepts the documented per-method order', async () => {
      const r = await t.call('device_create', { user_id: String(user.id), description: 'doc', pin: '' });
      expect(r.xml.page.status).toBe('Device created');
    });
  });
});
