import { createProvider } from '../support/device-fixtures';
import { TestApp, errorOf } from '../support/test-app';

/** Requests racing for the same unique row: one wins, the others get MOR's text, never a 500. */
describe('concurrent writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('six did_create of one number: one DID, the rest "DID already exists"', async () => {
    const provider = await createProvider(t, 'race-provider');
    const replies = await Promise.all(Array.from({ length: 6 }, () => t.call('did_create', { provider_id: provider, did: '37060000123' })));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    const errors = replies.map((r) => errorOf(r.xml)).filter(Boolean);
    expect(errors).toEqual(Array(5).fill('DID already exists'));
    const [{ n }] = await t.db.query("SELECT COUNT(*) AS n FROM dids WHERE did = '37060000123'");
    expect(Number(n)).toBe(1);
  });

  it('six user_register of one username: one user, the rest "Such username is already taken"', async () => {
    await t.settings.set('api_allow_registration', '1');
    const form = (i: number) => ({ id: 'none', username: 'racer', first_name: 'R', last_name: 'Acer', email: `racer${i}@example.com`, device_type: 'SIP', country_id: '1', password: 'racer-pass-1', password2: 'racer-pass-1' });
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => t.call('user_register', form(i), { u: '' })));
    const statuses = replies.map((r) => r.xml?.page?.status?.success);
    expect(statuses.filter((s) => s === 'Registration successful')).toHaveLength(1);
    expect(replies.map((r) => errorOf(r.xml)).filter(Boolean)).toEqual(Array(5).fill('Such username is already taken'));
  });

  it('conflines_update of one setting from many requests at once: all succeed, one row', async () => {
    const replies = await Promise.all(['3', '4', '5', '6', '7', '8'].map((v) => t.call('conflines_update', { default_user_call_limit: v })));
    expect(replies.map((r) => r.xml.page.status.success)).toEqual(Array(6).fill('Conflines successfully updated'));
    const [{ n }] = await t.db.query("SELECT COUNT(*) AS n FROM conflines WHERE name = 'default_user_call_limit' AND owner_id = 0");
    expect(Number(n)).toBe(1);
  });
});
