import { changeBalance } from '../../src/ledger/ledger';
import { CallWorld, createCallWorld } from '../support/call-fixtures';
import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

/** The calls family and the ledger record what only they know in GET /metrics. */
describe('Calls and money metrics', () => {
  let t: TestApp;
  let w: CallWorld;
  const metrics = async () => (await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).body;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await createCallWorld(t, 'mx');
  });
  afterAll(() => t.close());

  it('authorize/start/end move mor_active_calls and count rated calls once; committed balance changes count as money moved', async () => {
    const before = await metrics();
    expect(sample(before, 'mor_active_calls')).toBe(0);
    await t.call('call_authorize', { uniqueid: 'mx-1', device_id: String(w.deviceId), dst: '37069912345' });
    await t.call('call_authorize', { uniqueid: 'mx-2', device_id: String(w.deviceId), dst: '37069912345' });
    // A refused call (no rate) is not in progress.
    expect((await t.call('call_authorize', { uniqueid: 'mx-3', device_id: String(w.deviceId), dst: '4412345' })).xml.page.call.status).toBe('refused');
    expect(sample(await metrics(), 'mor_active_calls')).toBe(2);
    await t.call('call_start', { uniqueid: 'mx-1' });
    await t.call('call_end', { uniqueid: 'mx-1', billsec: '180' });
    await t.call('call_end', { uniqueid: 'mx-1', billsec: '180' });
    await t.call('call_end', { uniqueid: 'mx-2', billsec: '0', disposition: 'BUSY' });
    const after = await metrics();
    expect(sample(after, 'mor_active_calls')).toBe(0);
    expect(sample(after, 'mor_rated_calls_total{kind="answered"}')).toBe(1);
    expect(sample(after, 'mor_rated_calls_total{kind="busy"}')).toBe(1);
    // 180 s: the user pays 0.24, the reseller 0.15, the provider's balance takes 0.06.
    expect(sample(after, 'mor_money_moved_total{kind="user_call_debit",currency="default"}')).toBeCloseTo(0.39, 9);
    expect(sample(after, 'mor_money_moved_total{kind="provider_call_debit",currency="default"}')).toBeCloseTo(0.06, 9);
  });

  it('a balance change rolled back is not counted; a committed one is', async () => {
    const series = 'mor_money_moved_total{kind="user_manual_credit",currency="default"}';
    const before = sample(await metrics(), series);
    await expect(t.db.transaction(async (m) => {
      await changeBalance(m, { account: 'user', accountId: w.userId, kind: 'manual', causeId: 'mx-rolled-back', amount: '5' });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    expect(sample(await metrics(), series)).toBe(before);
    await t.db.transaction((m) => changeBalance(m, { account: 'user', accountId: w.userId, kind: 'manual', causeId: 'mx-committed', amount: '2.5' }));
    expect(sample(await metrics(), series)).toBeCloseTo(before + 2.5, 9);
  });
});
