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
