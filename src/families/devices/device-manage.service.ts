import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { managedOwnerId } from '../../api/ownership';
import { MorError } from '../../api/mor-error';
import { visibleRef } from '../../api/visible-ref';
import { parseId } from '../../api/input';
import { lockRow } from '../../database/transaction';
import { Params } from '../../api/hash';
import { isValidPin } from '../../billing/device-secret';
import { setBalance } from '../../ledger/ledger';
import { SettingsService } from '../../settings/settings.service';
import { DeviceAccess } from './device-access';
import { DeviceGroup } from './device-group.entity';
import { DeviceCallflow, DeviceCli, DeviceRule } from './device-parts.entity';
import { deviceChanges } from './device-update-fields';
import { Device } from './device.entity';
import { DeviceDeletionBlockers } from './device-deletion';
import { DeviceNotCreated, DevicesService } from './devices.service';

/** device_create's refusals as MOR's server renders them (06 §2.2: its translations turn `Device_type_invalid` into `Device type invalid`). */
export const DeviceCreateTexts = {
  typeInvalid: 'Device type invalid',
  groupInvalid: 'Device group invalid',
  pinNotNumeric: 'PIN must be numeric',
  callerIdNotNumeric: 'CallerID must be numeric',
} as const;

export const DEVICE_TYPES = ['SIP', 'IAX2', 'FAX', 'Virtual', 'H323', 'ZAP', 'Skype'];
const NOT_FOUND = 'Device was not found';

/** device_create, device_update, device_delete, devices_get, device_details_get. */
@Injectable()
export class DeviceManageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly devices: DevicesService,
    private readonly access: DeviceAccess,
    private readonly settings: SettingsService,
    private readonly blockers: DeviceDeletionBlockers,
  ) {}

  async create(caller: Caller, p: Params): Promise<Device & { secret: string }> {
    const user = await this.access.user(caller, p.user_id, 'User was not found');
    const type = await this.deviceType(p.type);
    const devicegroupId = await this.deviceGroup(user.id, p.devicegroup_id);
    if (p.caller_id && !/^\d{1,30}$/.test(p.caller_id)) throw new MorError(DeviceCreateTexts.callerIdNotNumeric);
    if ((p.description ?? '').length > 255) throw new DeviceNotCreated('Description is too long');
    return this.db.transaction(async (m) => {
      const pin = await this.checkPin(m, p.pin);
      const name = await this.freeName(m);
      return this.devices.create(m, { userId: user.id, deviceType: type, name, locationId: 1, description: p.description ?? '', devicegroupId, pin, callerId: p.caller_id });
    });
  }

  /** Absent, empty or 0: no group; otherwise one of the user's device groups. */
  private async deviceGroup(userId: number, raw: string | undefined): Promise<number> {
    if (!raw || raw === '0') return 0;
    const found = /^\d{1,9}$/.test(raw) && (await this.db.getRepository(DeviceGroup).exists({ where: { id: Number(raw), user_id: userId } }));
    if (!found) throw new MorError(DeviceCreateTexts.groupInvalid);
    return Number(raw);
  }

  /** Empty type: the system's default device type, else SIP. */
  private async deviceType(raw: string | undefined): Promise<string> {
    if (!raw) return (await this.settings.get('default_device_type')) || 'SIP';
    if (!DEVICE_TYPES.includes(raw)) throw new MorError(DeviceCreateTexts.typeInvalid);
    return raw;
  }

  /** Absent: generate; blank: no PIN; otherwise digits not used by another device. */
  private async checkPin(m: EntityManager, raw: string | undefined): Promise<string | undefined> {
    if (raw === undefined) return undefined;
    if (!isValidPin(raw) || raw.length > 20) throw new MorError(DeviceCreateTexts.pinNotNumeric);
    await this.devices.assertUniqueCredentials(m, { pin: raw });
    return raw;
  }

  /** A new device's username: an unused number, as MOR names new SIP accounts. */
  private async freeName(m: EntityManager): Promise<string> {
    const repo = m.getRepository(Device);
    for (let n = (await repo.count()) + 101; ; n++) {
      if (!(await repo.exists({ where: { name: String(n) } }))) return String(n);
    }
  }

  async update(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      // The fax e-mail list is read, changed and written back: one update of a device at a time.
      const id = parseId(p.device);
      if (id !== null) await lockRow(m, 'devices', id);
      const { device } = await this.access.device(caller, p.device, NOT_FOUND, m);
      const { changes, invalid } = deviceChanges(p);
      if (invalid) throw new MorError('Device was not updated');
      await this.devices.assertUniqueCredentials(m, { pin: changes.pin, extension: changes.extension }, device.id);
      await this.applyAuthentication(p, changes);
      await this.applyLocation(m, caller, p.new_location_id ?? p.location_id, changes);
      this.applyCallerId(device, p, changes);
      if (changes.name && (await m.getRepository(Device).exists({ where: { name: changes.name } })) && changes.name !== device.name) throw new MorError('Device was not updated');
      const { balance, ...rest } = changes;
      await m.getRepository(Device).update(device.id, { ...rest, fax_emails: faxEmails(device.fax_emails, p) });
      if (balance !== undefined) await setBalance(m, { account: 'device', accountId: device.id, kind: 'manual', causeId: `device_update:${randomUUID()}`, balance, description: 'device_update' });
    });
  }

  private async applyAuthentication(p: Params, changes: Partial<Device>): Promise<void> {
    if (p.authentication === undefined) return;
    if (p.authentication !== '0' && p.authentication !== '1') throw new MorError('Device was not updated');
    changes.dynamic = p.authentication === '0' ? 1 : 0;
    if (p.authentication === '0') changes.host = 'dynamic';
  }

  /** A reseller may use its own locations and the Global one; another owner's answers as a missing one. */
  private async applyLocation(m: EntityManager, caller: Caller, raw: string | undefined, changes: Partial<Device>): Promise<void> {
    if (!raw) return;
    const location = await visibleRef<{ id: number; owner_id: number }>(m, caller, 'location', raw, 't.id, t.owner_id');
    // The admin sees every owner's locations but gives its devices only its own (and the Global one).
    if (!location || (Number(location.id) !== 1 && Number(location.owner_id) !== managedOwnerId(caller))) throw new MorError('Location was not found');
    changes.location_id = Number(location.id);
  }

  /** `"name" <number>`, keeping the part not sent. */
  private applyCallerId(device: Device, p: Params, changes: Partial<Device>): void {
    if (p.callerid_number === undefined && p.callerid_name === undefined) return;
    const current = /^"(.*)" <(.*)>$/.exec(device.callerid) ?? ['', '', device.callerid];
    const name = p.callerid_name ?? current[1];
    const number = p.callerid_number ?? current[2];
    changes.callerid = name || number ? `"${name}" <${number}>` : '';
    if (changes.callerid.length > 255) throw new MorError('Device was not updated');
  }

  async delete(caller: Caller, rawId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { device } = await this.access.device(caller, rawId, NOT_FOUND, m);
      const reason = await this.blockers.firstReason(device.id, m);
      if (reason) throw new MorError(reason);
      for (const part of [DeviceCallflow, DeviceCli, DeviceRule]) await m.getRepository(part).delete({ device_id: device.id });
      await m.getRepository(Device).delete(device.id);
    });
  }

  async list(caller: Caller, p: Params): Promise<Array<Device & { secret: string }>> {
    if (!p.user_id) throw new MorError('user_id is empty');
    const user = await this.access.user(caller, p.user_id, 'User not found');
    const q = this.db.getRepository(Device).createQueryBuilder('d').addSelect('d.secret').where('d.user_id = :u', { u: user.id });
    if (p.show_hidden_devices === '0') q.andWhere('d.hidden = 0 AND d.blocked = 0');
    return (await q.orderBy('d.id', 'ASC').getMany()) as Array<Device & { secret: string }>;
  }

  /** The caller's own devices (user_devices). */
  async own(caller: Caller): Promise<Device[]> {
    return this.db.getRepository(Device).find({ where: { user_id: caller.id }, order: { id: 'ASC' } });
  }

  /** device_id, or the device's username `device_u` (device_id wins when both are sent). */
  async details(caller: Caller, p: Params): Promise<Device & { secret: string }> {
    let id = p.device_id;
    if (!id && p.device_u) id = String((await this.db.getRepository(Device).findOneBy({ name: p.device_u }))?.id ?? '');
    const { device } = await this.access.device(caller, id, NOT_FOUND);
    return { ...device, secret: await this.devices.secretOf(this.db.manager, device.id) };
  }
}

/** fax_email_add / fax_email_delete on the device's list of fax e-mails. */
function faxEmails(current: string | null, p: Params): string | null {
  const list = (current ?? '').split(',').filter((s) => s);
  if (p.fax_email_add && !list.includes(p.fax_email_add)) list.push(p.fax_email_add);
  const kept = p.fax_email_delete ? list.filter((e) => e !== p.fax_email_delete) : list;
  return kept.join(',') || null;
}
