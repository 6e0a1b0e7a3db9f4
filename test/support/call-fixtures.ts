import { createDevice } from './device-fixtures';
import { TestApp } from './test-app';

/**
 * A priced world for calls (03 S1's reseller chain): provider tariff 0.02/min, the reseller's
 * tariff 0.05/min, the reseller's users' tariff 0.08/min, all for prefix 370; a provider on a
 * price LCR; reseller R with user U (prepaid) and a device.
 */
export interface CallWorld {
  providerId: number;
  lcrId: number;
  userTariffId: number;
  resellerTariffId: number;
  resellerId: number;
  userId: number;
  deviceId: number;
  deviceName: string;
}

const idOf = async (t: TestApp, sql: string, params: unknown[]) => Number((await t.db.query(sql, params))[0].id);

export async function createTariff(t: TestApp, name: string, purpose: string, ownerId: number, rates: [string, string][]): Promise<number> {
  await t.db.query('INSERT INTO tariffs (name, purpose, owner_id) VALUES (?, ?, ?)', [name, purpose, ownerId]);
  const id = await idOf(t, 'SELECT id FROM tariffs WHERE name = ?', [name]);
  for (const [prefix, rate] of rates) {
    await t.db.query('INSERT INTO rates (tariff_id, prefix) VALUES (?, ?)', [id, prefix]);
    const rateId = await idOf(t, 'SELECT id FROM rates WHERE tariff_id = ? AND prefix = ?', [id, prefix]);
    await t.db.query('INSERT INTO ratedetails (rate_id, rate) VALUES (?, ?)', [rateId, rate]);
  }
  return id;
}

/** A user with an opening balance (createUser records it in the ledger, so audits balance). */
export async function createPayer(t: TestApp, spec: Parameters<TestApp['createUser']>[0] & { balance?: string }) {
  return t.createUser(spec);
}

export async function createCallWorld(t: TestApp, tag = 'w', balances: { user?: string; reseller?: string } = {}): Promise<CallWorld> {
  const providerTariffId = await createTariff(t, `${tag}-prov`, 'provider', 0, [['370', '0.02']]);
  const resellerTariffId = await createTariff(t, `${tag}-res`, 'user_wholesale', 0, [['370', '0.05']]);
  await t.db.query('INSERT INTO providers (name, tech, tariff_id, ipaddr, port, active) VALUES (?, ?, ?, ?, ?, 1)', [`${tag}-P1`, 'SIP', providerTariffId, '10.0.0.1', 5060]);
  const providerId = await idOf(t, 'SELECT id FROM providers WHERE name = ?', [`${tag}-P1`]);
  await t.db.query("INSERT INTO lcrs (name, lcr_order, owner_id) VALUES (?, 'price', 0)", [`${tag}-LCR`]);
  const lcrId = await idOf(t, 'SELECT id FROM lcrs WHERE name = ?', [`${tag}-LCR`]);
  await t.db.query('INSERT INTO lcr_providers (lcr_id, provider_id, priority, percent, active) VALUES (?, ?, 1, 0, 1)', [lcrId, providerId]);
  const reseller = await createPayer(t, { username: `${tag}-res`, usertype: 'reseller', tariff_id: resellerTariffId, lcr_id: lcrId, balance: balances.reseller ?? '1000' });
  const userTariffId = await createTariff(t, `${tag}-user`, 'user_wholesale', reseller.id, [['370', '0.08']]);
  const user = await createPayer(t, { username: `${tag}-user`, owner_id: reseller.id, tariff_id: userTariffId, lcr_id: lcrId, balance: balances.user ?? '1000' });
  const device = await createDevice(t, user.id);
  return { providerId, lcrId, userTariffId, resellerTariffId, resellerId: reseller.id, userId: user.id, deviceId: device.id, deviceName: device.name };
}

/** A user of the admin (no reseller) on the world's LCR with its own 0.08 tariff. */
export async function createDirectUser(t: TestApp, w: CallWorld, username: string, extra: Record<string, unknown> = {}) {
  const tariffId = await idOf(t, "SELECT id FROM tariffs WHERE purpose = 'user_wholesale' AND owner_id = 0 ORDER BY id LIMIT 1", []);
  const user = await createPayer(t, { username, tariff_id: tariffId, lcr_id: w.lcrId, ...extra });
  const device = await createDevice(t, user.id);
  return { user, device };
}

export async function balanceOf(t: TestApp, table: 'users' | 'providers', id: number): Promise<string> {
  return String((await t.db.query(`SELECT balance FROM ${table} WHERE id = ?`, [id]))[0].balance);
}
