import { Device } from '../../src/families/devices/device.entity';
import { TestApp } from './test-app';

let seq = 0;

/** Fixture: a device straight in the database for `userId`. */
export async function createDevice(t: TestApp, userId: number, extra: Partial<Device> = {}): Promise<Device> {
  const repo = t.db.getRepository(Device);
  seq += 1;
  const device = repo.create({ user_id: userId, device_type: 'SIP', name: `dev${process.pid}x${seq}`, secret: 'fixture-secret-1', extension: String(2000 + seq), pin: '', ...extra });
  await repo.insert(device);
  return repo.findOneByOrFail({ id: device.id });
}

/** Fixture: a provider row (LCR family's table), owned by `userId` (0: admin). */
export async function createProvider(t: TestApp, name: string, userId = 0): Promise<string> {
  await t.db.query('INSERT INTO providers (name, user_id) VALUES (?, ?)', [name, userId]);
  const rows: { id: number | string }[] = await t.db.query('SELECT id FROM providers WHERE name = ?', [name]);
  return String(rows[0].id);
}
