import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../../api/caller';
import { parseId } from '../../api/input';
import { canAccessUser } from '../../api/ownership';
import { SettingName } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';

/** The device fields the switch-side methods use. */
export interface DeviceRow {
  id: number;
  user_id: number;
  owner_id: number;
  device_type: string;
  name: string;
  extension: string;
  callerid: string;
  accountcode: string;
  record: number;
}

/** Numbers put into a dial string: digits and + * #, so no value can reach another context or channel. */
export const DIALABLE = /^[0-9+*#]{1,50}$/;

/** Shared reads of the telephony methods: addon switches and devices within the caller's reach. */
@Injectable()
export class TelephonyAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  /** An addon is on unless its setting is '0' (an upgraded database has no row yet). */
  async addonOn(name: SettingName): Promise<boolean> {
    return (await this.settings.get(name)) !== '0';
  }

  async device(rawId: string | number | undefined | null, m: EntityManager = this.db.manager): Promise<DeviceRow | null> {
    const id = typeof rawId === 'number' ? rawId : parseId(rawId ?? undefined);
    if (id === null) return null;
    const rows: Record<string, unknown>[] = await m.query(
      'SELECT d.id, d.user_id, u.owner_id, d.device_type, d.name, d.extension, d.callerid, d.accountcode, d.record FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?',
      [id],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: Number(r.id), user_id: Number(r.user_id), owner_id: Number(r.owner_id), device_type: String(r.device_type), name: String(r.name),
      extension: String(r.extension), callerid: String(r.callerid), accountcode: String(r.accountcode), record: Number(r.record),
    };
  }

  /** The device when its user is within the caller's reach; null otherwise (missing, malformed, foreign). */
  async reachableDevice(caller: Caller, rawId: string | undefined, m?: EntityManager): Promise<DeviceRow | null> {
    const device = await this.device(rawId, m);
    return device && canAccessUser(caller, { id: device.user_id, owner_id: device.owner_id }) ? device : null;
  }

  /** The Asterisk channel of a device, e.g. SIP/name. */
  static channelOf(device: Pick<DeviceRow, 'device_type' | 'name'>): string {
    return `${device.device_type}/${device.name}`;
  }
}
