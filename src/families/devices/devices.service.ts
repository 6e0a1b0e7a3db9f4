import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { randomSecret } from '../../api/access/passwords';
import { Device } from './device.entity';

export interface NewDevice {
  userId: number;
  deviceType: string;
  name: string;
  callerId?: string;
  locationId: number;
  secret?: string;
}

/** Device creation shared by the families that make devices (registration, device_create). */
@Injectable()
export class DevicesService {
  async create(m: EntityManager, spec: NewDevice): Promise<Device & { secret: string }> {
    const secret = spec.secret ?? randomSecret(16);
    const repo = m.getRepository(Device);
    const device = repo.create({
      user_id: spec.userId,
      device_type: spec.deviceType,
      name: spec.name,
      secret,
      extension: await this.freeExtension(m),
      callerid: spec.callerId ?? '',
      pin: String(randomInt(100000, 1000000)),
      location_id: spec.locationId,
      description: '',
      created_at: new Date(),
    });
    await repo.insert(device);
    return { ...device, secret };
  }

  /** MOR gives each device a unique numeric extension; the next after the highest in use. */
  private async freeExtension(m: EntityManager): Promise<string> {
    const rows: { ext: string | number | null }[] = await m.query("SELECT MAX(CAST(extension AS UNSIGNED)) AS ext FROM devices WHERE extension <> ''".replace('UNSIGNED', m.connection.options.type === 'mysql' ? 'UNSIGNED' : 'INTEGER'));
    return String(Math.max(Number(rows[0]?.ext ?? 0) + 1, 1001));
  }
}
