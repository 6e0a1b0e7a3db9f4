import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const ts = (day: string) => String(Date.parse(`${day}T00:00:00Z`) / 1000);

/** 06 §1-C page-style actions of the money and services families: u only, no hash, Bad login as a whole document. */
describe('Page-style user_subscriptions, personal_payments, user_invoices', () => {
  let t: TestApp;
  let user: { id: number };
  const page = (method: string, u = 'page_subs', params: Record<string, string> = {}) => t.send(method, { u, ...params });
  const logged = async (id: number) => Number((await t.db.query('SELECT logged FROM users WHERE id = ?', [id]))[0].logged);

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'page_subs', balance: '100' });
    await t.createUser({ username: 'page_other', balance: '100' });
  });
  afterAll(() => t.close());

  it("user_subscriptions lists the caller's own subscriptions in 06's shape, without a hash", async () => {
    expect((await page('user_subscriptions')).xml).toEqual({ page: { pagename: 'User subscriptions', language: 'en', userid: String(user.id), subscriptions: '' } });
    const service = (await t.call('service_create', { new_service_name: 'Line rent', new_service_type: 'periodic_fee', service_sell_price: '2.5', service_period: 'month' })).xml.page.status.service.id;
    for (const u of ['page_subs', 'page_other']) {
      const id = (await t.db.query('SELECT id FROM users WHERE username = ?', [u]))[0].id;
      const r = await t.call('subscription_create', { user_id: String(id), service_id: service, subscription_activation_start: ts('2027-01-01'), subscription_activation_end: ts('2027-06-30') });
      expect(r.xml.page.status.success).toBe('Subscription was successfully created');
    }
    await t.db.query('UPDATE users SET logged = 0 WHERE id = ?', [user.id]);
    const r = await page('user_subscriptions', 'page_subs', { p: 'ignored', hash: 'not checked' });
    const { added } = (await t.db.query('SELECT added FROM subscriptions WHERE user_id = ?', [user.id]))[0];
    expect(r.xml.page).toEqual({
      pagename: 'User subscriptions', language: 'en', userid: String(user.id),
      subscriptions: { subscription: { service: 'Line rent', date_added: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), activation_start: '2027-01-01 00:00:00', activation_end: '2027-06-30 00:00:00', price: '2.5000' } },
    });
    expect(added).toBeTruthy();
    expect(Object.keys(r.xml.page.subscriptions.subscription)).toEqual(['service', 'date_added', 'activation_start', 'activation_end', 'price']);
    expect(await logged(user.id)).toBe(1);
  });

  it('personal_payments and user_invoices are page-style too: no hash needed, empty lists, Bad login for an unknown u', async () => {
    expect((await page('personal_payments')).xml).toEqual({ page: { pagename: 'Payments', language: 'en', userid: String(user.id), payments: '' } });
    expect((await page('user_invoices')).xml).toEqual({ page: { pagename: 'Invoices', language: 'en', userid: String(user.id), invoices: '' } });
    for (const method of ['user_subscriptions', 'personal_payments', 'user_invoices']) {
      const r = await page(method, 'nobody');
      expect([method, r.status, r.xml]).toEqual([method, 200, { status: { error: 'Bad login' } }]);
    }
  });
});
