import { money } from '../../src/billing/money';
import { auditBalances, setBalance } from '../../src/ledger/ledger';
import { SmsGatewayPeer } from '../support/sms-gateway-peer';
import { TestApp, errorOf } from '../support/test-app';

describe('SMS over a real HTTP gateway', () => {
  let t: TestApp;
  let gateway: SmsGatewayPeer;
  let user: { id: number };
  let other: { id: number };
  let lcrId: string;
  let tariffId: string;
  // A simple user signs with its owner's (the admin's) key.
  const USER = { u: 'smsuser' };
  const RKEY = 'sms-reseller-key';
  const balance = async (id: number) => money((await t.db.query('SELECT balance FROM users WHERE id = ?', [id]))[0].balance).toFixed(6);
  const id = async (table: string) => String((await t.db.query(`SELECT MAX(id) AS id FROM ${table}`))[0].id);

  beforeAll(async () => {
    t = await TestApp.start();
    gateway = await SmsGatewayPeer.start();
    user = await t.createUser({ username: 'smsuser', balance: '1' });
    other = await t.createUser({ username: 'smsother', balance: '5' });
    await t.createReseller('smsres', RKEY);
    await t.db.query("INSERT INTO sms_tariffs (name, owner_id, currency) VALUES ('retail', 0, 'USD')");
    tariffId = await id('sms_tariffs');
    await t.db.query("INSERT INTO sms_rates (sms_tariff_id, prefix, price) VALUES (?, '370', '0.05'), (?, '3706', '0.4')", [tariffId, tariffId]);
    await t.db.query("INSERT INTO sms_tariffs (name, owner_id, currency) VALUES ('buy', 0, 'USD')");
    const buy = await id('sms_tariffs');
    await t.db.query("INSERT INTO sms_rates (sms_tariff_id, prefix, price) VALUES (?, '370', '0.01')", [buy]);
    await t.db.query("INSERT INTO sms_providers (name, provider_type, api_url, good_keywords, sms_tariff_id, owner_id, timeout) VALUES ('down', 'api', 'http://127.0.0.1:1/x', 'OK', 0, 0, 2)");
    const down = await id('sms_providers');
    await t.db.query("INSERT INTO sms_providers (name, provider_type, api_url, good_keywords, sms_tariff_id, owner_id, timeout) VALUES ('gw', 'api', ?, 'OK,ACCEPTED', ?, 0, 5)", [gateway.url(), buy]);
    const gw = await id('sms_providers');
    await t.db.query("INSERT INTO sms_lcrs (name, owner_id) VALUES ('main', 0)");
    lcrId = await id('sms_lcrs');
    await t.db.query('INSERT INTO sms_lcr_providers (sms_lcr_id, sms_provider_id, priority) VALUES (?, ?, 1), (?, ?, 2)', [lcrId, down, lcrId, gw]);
  });
  afterAll(async () => {
    await t.close();
    await gateway.close();
  });

  const send = (params: Record<string, string> = {}, signer = USER) => t.call('sms_send', { lcr_id: lcrId, dst: '37061234567', src: '37060000000', message: 'labas & viso', ...params }, signer);

  it('subscribes users: the admin names the SMS LCR; errors in MOR\'s words', async () => {
    expect(errorOf((await t.call('user_sms_service_subscribe', { user_id: String(user.id), sms_tariff_id: '999', sms_lcr_id: lcrId })).xml)).toBe('SMS Tariff was not found');
    expect(errorOf((await t.call('user_sms_service_subscribe', { user_id: String(user.id), sms_tariff_id: tariffId })).xml)).toBe('SMS LCR was not found');
    expect(errorOf((await t.call('user_sms_service_subscribe', { user_id: '99999', sms_tariff_id: tariffId, sms_lcr_id: lcrId })).xml)).toBe('User was not found');
    expect(errorOf((await t.call('user_sms_service_subscribe', { user_id: String(user.id), sms_tariff_id: tariffId }, { u: 'smsres', key: RKEY })).xml)).toBe('User was not found');
    const r = await t.call('user_sms_service_subscribe', { user_id: String(user.id), sms_tariff_id: tariffId, sms_lcr_id: lcrId });
    expect(r.xml.page.status.success).toBe('User successfully subscribed to SMS service');
    expect(errorOf((await t.call('user_sms_service_subscribe', { user_id: String(user.id), sms_tariff_id: tariffId, sms_lcr_id: lcrId })).xml)).toBe('User is already subscribed to SMS service');
  });

  it('refuses bad requests before anything is sent or charged', async () => {
    expect(errorOf((await send({ message: ' ' })).xml)).toBe('There is no message or it is empty');
    expect(errorOf((await send({ src: 'abc' })).xml)).toBe('Wrong source');
    expect(errorOf((await send({ dst: '' })).xml)).toBe('Wrong destination');
    expect(errorOf((await send({ lcr_id: '999' })).xml)).toBe('There is no such LCR');
    expect(errorOf((await send({ dst: '4412345' })).xml)).toBe('System owner does not have rate for this destination');
    expect(errorOf((await t.call('sms_send', { lcr_id: lcrId, dst: '370', src: '1', message: 'x' })).xml)).toBe('Access Denied');
    expect(errorOf((await t.call('sms_send', { lcr_id: lcrId, dst: '37061234567', src: '1', message: 'x' }, { u: 'smsother' })).xml)).toBe('User is not subscribed to sms service');
    expect(gateway.requests).toHaveLength(0);
    expect(await balance(user.id)).toBe('1.000000');
  });

  it('sends through the first provider that answers (failing over a dead one) and charges the user\'s rate once', async () => {
    const r = await send();
    expect(r.xml.page.response).toMatchObject({ status: 'ok', message: { sms_status_code_tip: 'SMS is sent', price: '0.4000', currency: 'USD' } });
    expect(gateway.requests).toHaveLength(1);
    expect(gateway.requests[0].get('text')).toBe('labas & viso');
    expect(gateway.requests[0].get('to')).toBe('37061234567');
    expect(await balance(user.id)).toBe('0.600000');
    const [row] = await t.db.query('SELECT status_code, provider_price, user_price, clickatell_message_id FROM sms_messages WHERE id = ?', [r.xml.page.response.message.message_id]);
    expect([Number(row.status_code), money(row.provider_price).toFixed(2), money(row.user_price).toFixed(2), row.clickatell_message_id]).toEqual([0, '0.01', '0.40', 'msg-1']);
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: user.id }))).findings).toEqual([]);
  });

  it('a reply without a good keyword is status 6 and not charged; a low balance is refused', async () => {
    gateway.reply = { status: 200, body: 'ERROR: throttled' };
    const r = await send();
    gateway.reply = { status: 200, body: 'OK id:msg-2' };
    expect(r.xml.page.response.status).toBe('failed');
    const [row] = await t.db.query('SELECT status_code FROM sms_messages WHERE id = ?', [r.xml.page.response.message.message_id]);
    expect(Number(row.status_code)).toBe(6);
    expect(await balance(user.id)).toBe('0.600000');
    await send();
    expect(errorOf((await send()).xml)).toBe('Insufficient balance');
    expect(await balance(user.id)).toBe('0.200000');
  });

  it('lists the messages of a period within the caller\'s reach', async () => {
    const all = await t.call('user_sms_get', { user_id: String(user.id) });
    const rows = [].concat(all.xml.page.sms_messages.sms_message);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ status_code: '0', user_id: String(user.id), user_price: '0.4', prefix: '3706', number: '37061234567', clickatell_message_id: 'msg-1' });
    expect([].concat((await t.call('user_sms_get', { status_code: '6' })).xml.page.sms_messages.sms_message)).toHaveLength(1);
    expect(errorOf((await t.call('user_sms_get', {}, { u: 'smsres', key: RKEY })).xml)).toBe('Sms Mesagges were not found');
    expect(errorOf((await t.call('user_sms_get', { from: '1', till: '2' })).xml)).toBe('Sms Mesagges were not found');
  });

  it('parallel messages on a balance for two send two and never overdraw; a refused or unconfirmed one costs nothing', async () => {
    const racer = await t.createUser({ username: 'smsracer', balance: '0.8' });
    await t.db.query('INSERT INTO sms_subscriptions (user_id, sms_tariff_id, sms_lcr_id, created_at) VALUES (?, ?, ?, ?)', [racer.id, tariffId, lcrId, '2026-01-01 00:00:00']);
    const before = gateway.requests.length;
    const replies = await Promise.all(Array.from({ length: 6 }, () => send({}, { u: 'smsracer' })));
    const sent = replies.filter((r) => r.xml.page.response?.status === 'ok');
    expect(sent).toHaveLength(2);
    expect(replies.filter((r) => errorOf(r.xml) === 'Insufficient balance')).toHaveLength(4);
    expect(gateway.requests.length - before).toBe(2);
    expect(await balance(racer.id)).toBe('0.000000');
    gateway.reply = { status: 200, body: 'ERROR: throttled' };
    await t.db.transaction((m) => setBalance(m, { account: 'user', accountId: racer.id, kind: 'manual', causeId: 'sms-test-topup', balance: '0.4' }));
    const unconfirmed = await send({}, { u: 'smsracer' });
    gateway.reply = { status: 200, body: 'OK id:msg-2' };
    expect(unconfirmed.xml.page.response.status).toBe('failed');
    expect(await balance(racer.id)).toBe('0.400000');
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: racer.id }))).findings).toEqual([]);
  });
});
