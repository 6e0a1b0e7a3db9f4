import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { generateDeviceSecret, generateUniquePin } from '../../billing/device-secret';
import { MorError } from '../../api/mor-error';
import { readRows } from '../../database/raw';
import { lockRow } from '../../database/transaction';
import { User } from '../users/user.entity';
import { Device } from './device.entity';

/** MOR's texts (device_create, 06 §2.2) for a PIN or extension another device already has. */
export const DeviceUniqueTexts = {
  pinUsed: 'PIN is already used',
  extensionUsed: "Extension already exists in User's PBX Pool",
} as const;

export interface NewDevice {
  userId: number;
  deviceType: string;
  name: string;
  callerId?: string;
  locationId: number;
  secret?: string;
  description?: string;
  devicegroupId?: number;
  /** undefined: generate a unique PIN; '' : no PIN; otherwise that PIN. */
  pin?: string;
}

/** device_create's `Device was not created`, answered with MOR's `<message>` detail. */
export class DeviceNotCreated extends MorError {
  constructor(readonly detail: string) {
    super('Device was not created');
  }
}

/** A device with its user, as ownership checks need it. */
export interface OwnedDevice {
  device: Device;
  user: User;
}

/** Device creation and lookups shared by the families that make or route to devices (registration, device_create, DIDs). */
@Injectable()
export class DevicesService {
  async create(m: EntityManager, spec: NewDevice): Promise<Device & { secret: string }> {
    const secret = spec.secret ?? generateDeviceSecret();
    const pin = spec.pin ?? (await generateUniquePin((p) => this.pinTaken(m, p)));
    if (pin === null) throw new DeviceNotCreated('No free PIN could be generated');
    const repo = m.getRepository(Device);
    const device = repo.create({
      user_id: spec.userId,
      device_type: spec.deviceType,
      name: spec.name,
      secret,
      extension: await this.freeExtension(m),
      callerid: spec.callerId ?? '',
      pin,
      location_id: spec.locationId,
      description: spec.description ?? '',
      devicegroup_id: spec.devicegroupId ?? 0,
      created_at: new Date(),
    });
    await repo.insert(device);
    await repo.update(device.id, { accountcode: String(device.id) });
    return { ...device, accountcode: String(device.id), secret };
  }

  async pinTaken(m: EntityManager, pin: string): Promise<boolean> {
    return this.taken(m, 'pin', pin, 0);
  }

  /**
   * PINs and extensions are unique among the devices of every tenant (the switch matches them
   * system-wide): device_create and device_update refuse one another device has with MOR's text,
   * naming nobody. Blank means none.
   */
  async assertUniqueCredentials(m: EntityManager, values: { pin?: string; extension?: string }, exceptId = 0): Promise<void> {
    if (!values.pin && !values.extension) return;
    // Global values: such checks take turns on the admin's row (as provider names do), so two
    // devices cannot take one PIN or extension at once.
    await lockRow(m, 'users', 0);
    if (values.pin && (await this.taken(m, 'pin', values.pin, exceptId))) throw new MorError(DeviceUniqueTexts.pinUsed);
    if (values.extension && (await this.taken(m, 'extension', values.extension, exceptId))) throw new MorError(DeviceUniqueTexts.extensionUsed);
  }

  private async taken(m: EntityManager, column: 'pin' | 'extension', value: string, exceptId: number): Promise<boolean> {
    return (await readRows(m, `SELECT id FROM devices WHERE ${column} = ? AND id <> ? LIMIT 1`, [value, exceptId])).length > 0;
  }

  /** The device and its user; null when either is missing. */
  async findOwned(m: EntityManager, id: number): Promise<OwnedDevice | null> {
    const device = await m.getRepository(Device).findOneBy({ id });
    if (!device) return null;
    const user = await m.getRepository(User).findOneBy({ id: device.user_id });
    return user ? { device, user } : null;
  }

  /** The device's secret, read on purpose only (the column is not selected by default). */
  async secretOf(m: EntityManager, id: number): Promise<string> {
    const row = await m.getRepository(Device).createQueryBuilder('d').addSelect('d.secret').where('d.id = :id', { id }).getOne();
    return row?.secret ?? '';
  }

  /** MOR gives each device a unique numeric extension; the next after the highest in use. */
  private async freeExtension(m: EntityManager): Promise<string> {
    const cast = m.connection.options.type === 'mysql' ? 'UNSIGNED' : 'INTEGER';
    const rows: { ext: string | number | null }[] = await m.query(`SELECT MAX(CAST(extension AS ${cast})) AS ext FROM devices WHERE extension <> ''`);
    return String(Math.max(Number(rows[0]?.ext ?? 0) + 1, 1001));
  }
}
