import { money } from '../../src/billing/money';
import { ChargingService } from '../../src/families/services/charging.service';
import { auditBalances } from '../../src/ledger/ledger';
import { TestApp, errorOf } from '../support/test-app';

const RKEY = 'reseller-key-svc';
const R = { u: 'svcres', key: RKEY };
const ts = (day: string) => String(Date.parse(`${day}T00:00:00Z`) / 1000);

describe('Services and subscriptions', () => {
  let t: TestApp;
  let prepaid: { id: number };
  let poor: { id: number };
  let postpaid: { id: number };
  let reseller: { id: number };
  let resellersUser: { id: number };
  const err = (r: { xml: any }) => errorOf(r.xml);
  const balance = async (id: number) => money((await t.db.query('SELECT balance FROM users WHERE id = ?', [id]))[0].balance).toFixed(6);
  const newService = async (name: string, type: string, extra: Record<string, string> = {}, signer = {}) => {
    const r = await t.call('service_create', { new_service_name: name, new_service_type: type, ...extra }, signer);
    expect(r.xml.page.status.success).toBe('Service successfully created');
    return r.xml.page.status.service.id as string;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    prepaid = await t.createUser({ username: 'svc_pre', balance: '100' });
    poor = await t.createUser({ username: 'svc_poor', balance: '1' });
    postpaid = await t.createUser({ username: 'svc_post', postpaid: 1, credit: '-1' });
    reseller = await t.createReseller('svcres', RKEY);
    resellersUser = await t.createUser({ username: 'svc_ruser', owner_id: reseller.id, balance: '100' });
  });
  afterAll(() => t.close());

  it('creates services of each type and refuses bad ones with MOR texts', async () => {
    await newService('Line rent', 'periodic_fee', { service_sell_price: '31', service_self_cost: '3.5', service_period: 'month' });
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'weekly' }))).toBe('Service must have service type');
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'flat_rate' }))).toBe('Flat Rate Service must have quantity');
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'flat_rate', service_minutes_per_month: 'ten' }))).toBe('Quantity must be numeric');
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'flat_rate', service_minutes_per_month: '-5' }))).toBe('Quantity must be greater than zero');
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'periodic_fee', service_sell_price: '1e309' }))).toBe('Service Price must be numeric');
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'periodic_fee', new_owner_id: '1' }, R))).toBe('You are not authorized to use this functionality');
    expect(err(await t.call('service_create', { new_service_name: 'x', new_service_type: 'periodic_fee' }, { hashOrder: [] }))).toBe('Incorrect hash');
    expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM services WHERE name = 'x'"))[0].n)).toBe(0);
  });

  it('lists the caller\'s own services; a reseller sees only its own; a simple user is refused', async () => {
    expect(err(await t.call('services_get', {}, R))).toBe('No Services found');
    const own = await newService('Reseller fee', 'one_time_fee', { service_sell_price: '2.5' }, R);
    const mine = await t.call('services_get', {}, R);
    expect(mine.xml.page.services.service).toEqual({ id: own, name: 'Reseller fee', memo: '', type: 'one_time_fee', period: '', price: '2.5', self_cost: '0.0', currency: 'USD', quantity: '1' });
    const all = [].concat((await t.call('services_get')).xml.page.services.service);
    expect(all.map((s: any) => s.name)).toEqual(expect.arrayContaining(['Line rent', 'Reseller fee']));
    expect(all.find((s: any) => s.name === 'Line rent')).toMatchObject({ type: 'periodic_fee', period: 'month', price: '31.0', self_cost: '3.5' });
    expect(err(await t.call('service_update', { service_id: own }))).toBe('Service was not found');
    expect(err(await t.call('service_update', { service_id: '99999' }, R))).toBe('Service was not found');
  });

  it('updates a service, refusing invalid values', async () => {
    const id = await newService('Bundle', 'periodic_fee', { service_sell_price: '5' });
    expect((await t.call('service_update', { service_id: id, service_type: 'flat-rate', service_minutes_per_month: '100', service_name: 'Bundle 100' })).xml.page.status.success).toBe('Service successfully updated');
    expect((await t.db.query('SELECT name, servicetype, quantity FROM services WHERE id = ?', [id]))[0]).toEqual({ name: 'Bundle 100', servicetype: 'flat_rate', quantity: 100 });
    expect(err(await t.call('service_update', { service_id: id, service_type: 'yearly' }))).toBe('Service Type is invalid');
    expect(err(await t.call('service_update', { service_id: '' }))).toBe('Service was not selected');
    expect(err(await t.call('service_update', { service_id: id, service_sell_price: 'abc' }))).toBe('Service Price must be numeric');
  });

  it('a prepaid subscription pays the current month at once, with a Subscription payment and a ledger row', async () => {
    const id = await newService('Monthly 30', 'periodic_fee', { service_sell_price: '30', service_period: 'month' });
    const start = '2026-11-01';
    const r = await t.call('subscription_create', { user_id: String(prepaid.id), service_id: id, subscription_activation_start: ts(start), subscription_charge_for_past: '1' });
    expect(r.xml.page.status.success).toBe('Subscription was successfully created');
    expect(await balance(prepaid.id)).toBe('70.000000');
    const [payment] = await t.db.query("SELECT paymenttype, amount FROM payments WHERE user_id = ? AND paymenttype = 'Subscription'", [prepaid.id]);
    expect(money(payment.amount).toFixed(2)).toBe('-30.00');
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: prepaid.id }))).findings).toEqual([]);
  });

  it('refuses a prepaid subscription the balance cannot pay, and writes nothing', async () => {
    const id = await newService('Expensive', 'one_time_fee', { service_sell_price: '5' });
    expect(err(await t.call('subscription_create', { user_id: String(poor.id), service_id: id }))).toBe('User has insufficient balance');
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM subscriptions WHERE user_id = ?', [poor.id]))[0].n)).toBe(0);
    expect(await balance(poor.id)).toBe('1.000000');
    expect((await t.call('subscription_create', { user_id: String(poor.id), service_id: id, ignore_balance: '1' })).xml.page.status.success).toBe('Subscription was successfully created');
    expect(await balance(poor.id)).toBe('-4.000000');
  });

  it('checks ids and ownership: foreign users and services are not found', async () => {
    const adminService = await newService('Admin only', 'periodic_fee', { service_sell_price: '1' });
    expect(err(await t.call('subscription_create', { user_id: String(resellersUser.id), service_id: adminService }))).toBe('Service was not found');
    expect(err(await t.call('subscription_create', { user_id: String(prepaid.id), service_id: adminService }, R))).toBe('User was not found');
    expect(err(await t.call('subscription_create', { user_id: String(prepaid.id), service_id: '99999' }))).toBe('Service was not found');
    expect(err(await t.call('subscription_create', { user_id: String(prepaid.id), service_id: adminService, subscription_activation_start: 'yesterday' }))).toBe('Subscription activation start date must be valid timestamp');
    expect(err(await t.call('subscription_create', { user_id: String(prepaid.id), service_id: adminService, subscription_activation_start: ts('2027-02-01'), subscription_activation_end: ts('2027-01-01') }))).toBe('Activation start date must be earlier than end date');
    expect(err(await t.call('subscription_create_bulk', { user_id: String(prepaid.id), service_id: `${adminService},99999` }))).toBe('One or more Service was not found');
  });

  it('bulk-creates subscriptions (a repeated id repeats), lists and filters them', async () => {
    const a = await newService('Bulk A', 'periodic_fee', { service_sell_price: '1' });
    const later = ts('2027-06-01');
    const r = await t.call('subscription_create_bulk', { user_id: String(postpaid.id), service_id: `${a},${a}`, subscription_activation_start: later, subscription_memo: 'DID 123' });
    expect(r.xml.page.status.ids.split(',')).toHaveLength(2);
    const list = await t.call('subscriptions_get', { user_id: String(postpaid.id) });
    const rows = [].concat(list.xml.page.status.subscriptions.subscription);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ user: 'svc_post', service: 'Bulk A', from: '2027-06-01 00:00:00 +0000', memo: 'DID 123', type: 'periodic_fee', user_id: String(postpaid.id) });
    expect(err(await t.call('subscriptions_get', { user_id: String(postpaid.id) }, R))).toBe('No Subscriptions found');
    expect(err(await t.call('subscriptions_get', { service_id: '99999' }))).toBe('No Subscriptions found');
  });

  it('deletes a subscription: 1 keeps the money, 2 disables, 3 returns what the current period cost', async () => {
    const id = await newService('Refundable', 'periodic_fee', { service_sell_price: '30' }, R);
    const make = async () => (await t.call('subscription_create', { user_id: String(resellersUser.id), service_id: id, subscription_activation_start: ts('2026-11-01'), subscription_charge_for_past: '1' }, R)).xml.page.status.id as string;
    const before = money(await balance(resellersUser.id));
    const [one, two, three] = [await make(), await make(), await make()];
    expect(await balance(resellersUser.id)).toBe(before.minus(90).toFixed(6));
    expect(err(await t.call('subscription_delete', { subscription_id: one, subscription_delete_action: '4' }, R))).toBe('Subscription delete action was not found');
    expect(err(await t.call('subscription_delete', { subscription_id: '99999', subscription_delete_action: '1' }, R))).toBe('Subscription was not found');
    expect((await t.call('subscription_delete', { subscription_id: one, subscription_delete_action: '1' }, R)).xml.page.status.success).toBe('Subscription deleted');
    expect((await t.call('subscription_delete', { subscription_id: two, subscription_delete_action: '2' }, R)).xml.page.status.success).toBe('Subscription disabled');
    expect((await t.db.query('SELECT disabled FROM subscriptions WHERE id = ?', [two]))[0].disabled).toBe(1);
    expect((await t.call('subscription_delete', { subscription_id: three, subscription_delete_action: '3' }, R)).xml.page.status.success).toBe('Subscription deleted and money returned');
    expect(await balance(resellersUser.id)).toBe(before.minus(60).toFixed(6));
    expect(err(await t.call('subscription_delete', { subscription_id: three, subscription_delete_action: '3' }, R))).toBe('Subscription was not found');
    expect(err(await t.call('service_delete', { service_id: id }, R))).toBe('Cannot delete - some subscriptions to this service exist');
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: resellersUser.id }))).findings).toEqual([]);
  });

  it('updates a subscription\'s terms', async () => {
    const id = await newService('Updatable', 'periodic_fee', { service_sell_price: '0' });
    const sub = (await t.call('subscription_create', { user_id: String(postpaid.id), service_id: id })).xml.page.status.id;
    expect((await t.call('subscription_update', { subscription_id: sub, subscription_memo: 'changed', subscription_discount_percent: '10' })).xml.page.status.success).toBe('Subscription was successfully updated');
    expect((await t.db.query('SELECT memo FROM subscriptions WHERE id = ?', [sub]))[0].memo).toBe('changed');
    expect(err(await t.call('subscription_update', { subscription_id: sub, subscription_discount_percent: '150' }))).toBe('Discount must be between 0 and 100');
    expect(err(await t.call('subscription_update', { subscription_id: '99999' }))).toBe('Subscription was not found');
    expect(err(await t.call('subscription_update', { subscription_id: sub }, R))).toBe('Subscription was not found');
  });

  it('a simulated month: every fee charged once, on its day; a rerun and three processes at once charge nothing twice', async () => {
    const sim = await t.createUser({ username: 'svc_sim', balance: '1000' });
    const post = await t.createUser({ username: 'svc_sim_post', postpaid: 1, credit: '-1' });
    const start = ts('2027-01-01');
    const services = [
      await newService('Sim monthly', 'periodic_fee', { service_sell_price: '31', service_period: 'month' }),
      await newService('Sim daily', 'periodic_fee', { service_sell_price: '0.5', service_period: 'day' }),
      await newService('Sim once', 'one_time_fee', { service_sell_price: '9.99' }),
      await newService('Sim flat', 'flat_rate', { service_sell_price: '20', service_minutes_per_month: '100' }),
    ];
    for (const service_id of services) {
      const r = await t.call('subscription_create', { user_id: String(sim.id), service_id, subscription_activation_start: start, subscription_no_expiration_at_the_end_of_a_month: '1' });
      expect(r.xml.page.status.success).toBe('Subscription was successfully created');
      await t.call('subscription_create', { user_id: String(post.id), service_id, subscription_activation_start: start });
    }
    expect(await balance(sim.id)).toBe('1000.000000');
    const charging = t.app.get(ChargingService);
    // Day 1: 31 + 0.5 + 9.99 + 20; each day 0.5; each 1st 31 + 0.5 + 20.
    const expected: Record<string, string> = { '2027-01-01': '938.510000', '2027-01-02': '938.010000', '2027-01-31': '923.510000', '2027-02-01': '872.010000', '2027-02-28': '858.510000' };
    for (let day = Date.parse('2027-01-01T12:00:00Z'); day <= Date.parse('2027-02-28T12:00:00Z'); day += 86_400_000) {
      const at = new Date(day);
      await charging.run(at);
      const key = at.toISOString().slice(0, 10);
      if (expected[key]) expect([key, await balance(sim.id)]).toEqual([key, expected[key]]);
    }
    const again = await charging.run(new Date('2027-02-28T13:00:00Z'));
    expect(again.periods).toBe(0);
    expect(await balance(sim.id)).toBe('858.510000');
    expect(await balance(post.id)).toBe('0.000000');
    const count = async () => Number((await t.db.query("SELECT COUNT(*) AS n FROM payments WHERE user_id = ? AND paymenttype = 'Subscription'", [sim.id]))[0].n);
    expect(await count()).toBe(2 + 59 + 1 + 2);

    // Three processes charge 1 March at once: the monthly fee, one day and the flat rate, once each.
    const others = [await TestApp.startOn(t.databaseUrl), await TestApp.startOn(t.databaseUrl)];
    const march = new Date('2027-03-01T08:00:00Z');
    await Promise.all([charging, ...others.map((o) => o.app.get(ChargingService))].map((c) => c.run(march)));
    for (const o of others) await o.close();
    expect(await balance(sim.id)).toBe('807.010000');
    expect(await count()).toBe(64 + 3);
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: sim.id }))).findings).toEqual([]);
  });
});
