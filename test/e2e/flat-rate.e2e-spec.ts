import { Decimal } from '../../src/billing/money';
import { RerateService } from '../../src/families/calls/rerate.service';
import { FlatRateService } from '../../src/families/services/flat-rate.service';
import { CallWorld, createCallWorld, createDirectUser } from '../support/call-fixtures';
import { TestApp, errorOf } from '../support/test-app';

jest.setTimeout(180_000);

/** Flat-rate minutes: covered calls take their seconds from the subscription's monthly quantity first; subscription_flat_rate_number_status_get. */
describe('Flat-rate subscriptions', () => {
  let t: TestApp;
  let w: CallWorld;
  let seq = 0;
  const uid = () => `flat-${process.pid}-${++seq}`;
  const used = async (userId: number) => Number((await t.db.query('SELECT COALESCE(SUM(seconds), 0) AS s FROM flatrate_usage WHERE user_id = ?', [userId]))[0].s);

  /** A user of the admin on the 0.05/min tariff with a 10-minute flat rate covering 370 except 3706. */
  async function flatUser(name: string) {
    const { user, device } = await createDirectUser(t, w, name, { balance: '200' });
    const r = await t.call('service_create', { new_service_name: `Flat ${name}`, new_service_type: 'flat_rate', service_sell_price: '5', service_minutes_per_month: '10' });
    const serviceId = Number(r.xml.page.status.service.id);
    const flat = t.app.get(FlatRateService);
    await flat.setDestination(serviceId, '370', true);
    await flat.setDestination(serviceId, '3706', false);
    const sub = await t.call('subscription_create', { user_id: String(user.id), service_id: String(serviceId) });
    expect(sub.xml.page.status.success).toBe('Subscription was successfully created');
    return { user, device, serviceId };
  }

  const call = async (deviceId: number, dst: string, billsec: number, u = uid()) => {
    expect((await t.call('call_authorize', { uniqueid: u, device_id: String(deviceId), dst })).xml.page.call.status).toBe('allowed');
    return { u, end: () => t.call('call_end', { uniqueid: u, billsec: String(billsec) }) };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createCallWorld(t, 'fr');
  });
  afterAll(async () => t.close());

  it('a covered call takes the monthly minutes first, then the normal rate applies; excluded prefixes and retries take nothing', async () => {
    const { user, device } = await flatUser('flat1');
    const first = await call(device.id, '37051234', 540);
    expect((await first.end()).xml.page.call.user_price).toBe('0.000000');
    const second = await call(device.id, '37051234', 120);
    const end = (await second.end()).xml.page.call;
    // 60 s left of 600: the other 60 s at 0.05/min.
    expect(end.user_price).toBe('0.050000');
    expect((await t.call('call_end', { uniqueid: second.u, billsec: '120' })).xml.page.call).toEqual(end);
    expect(await used(user.id)).toBe(600);
    const excluded = await call(device.id, '3706123', 60);
    expect((await excluded.end()).xml.page.call.user_price).toBe('0.050000');
    const spent = await call(device.id, '37051234', 60);
    expect((await spent.end()).xml.page.call.user_price).toBe('0.050000');
    expect(await used(user.id)).toBe(600);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM flatrate_usage WHERE user_id = ?', [user.id]))[0].n)).toBe(2);
    // Rated again on unchanged tariffs, the seconds flat-rate minutes paid for stay free: nothing changes.
    const rerated = await t.app.get(RerateService).rerate(new Date(Date.now() - 86_400_000), new Date(Date.now() + 86_400_000), user.id);
    expect([rerated.checked, rerated.changed]).toEqual([4, 0]);
  });

  it('12 parallel covered call ends (each sent twice) take exactly the monthly quantity', async () => {
    const { user, device } = await flatUser('flat2');
    const calls = [];
    for (let i = 0; i < 12; i++) calls.push(await call(device.id, '37051234', 120));
    const replies = await Promise.all(calls.flatMap((c) => [c.end(), c.end()]));
    expect(replies.every((r) => r.xml.page.status === 'ok')).toBe(true);
    expect(await used(user.id)).toBe(600);
    const rows: { user_billsec: number; user_price: string }[] = await t.db.query(`SELECT user_billsec, user_price FROM calls WHERE uniqueid IN (${calls.map(() => '?').join(', ')})`, calls.map((c) => c.u));
    // 12 × 120 s = 1440 s, 600 free: 840 s billed at 0.05/min = 0.70.
    expect(rows.reduce((s, r) => s + Number(r.user_billsec), 0)).toBe(840);
    expect(rows.reduce((s, r) => s.plus(String(r.user_price)), new Decimal(0)).toFixed(6)).toBe('0.700000');
  });

  it('subscription_flat_rate_number_status_get: included with the prefix, excluded, and its errors', async () => {
    const { user } = await flatUser('flat3');
    const status = async (params: Record<string, string>) => t.call('subscription_flat_rate_number_status_get', params);
    expect((await status({ user_id: String(user.id), number: '37051234' })).xml.page.status).toEqual({ number: '37051234', status: 'included', prefix: '370' });
    expect((await status({ user_id: String(user.id), number: '3706999' })).xml.page.status).toEqual({ number: '3706999', status: 'excluded' });
    expect((await status({ user_id: String(user.id), number: '4412345' })).xml.page.status).toEqual({ number: '4412345', status: 'excluded' });
    const plain = await t.createUser({ username: 'noflat' });
    expect(errorOf((await status({ user_id: String(plain.id), number: '370' })).xml)).toBe('User does not have any Flat-Rate subscriptions');
    expect(errorOf((await status({ number: '370' })).xml)).toBe('user_id must be provided');
    expect(errorOf((await status({ user_id: '-1', number: '370' })).xml)).toBe('user_id must be non negative integer');
    expect(errorOf((await status({ user_id: String(user.id) })).xml)).toBe('Number must be provided');
    expect(errorOf((await status({ user_id: '999999', number: '370' })).xml)).toBe('User was not found');
    const r = await status({ user_id: '1.5', number: '370' });
    expect(r.xml.page.status.error).toBe('user_id must be non negative integer');
  });
});
