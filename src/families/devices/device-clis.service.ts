import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../../api/caller';
import { canAccessUser } from '../../api/ownership';
import { Params } from '../../api/hash';
import { Errors, MorError } from '../../api/mor-error';
import { visibleOrMissing } from '../../api/visible-ref';
import { User } from '../users/user.entity';
import { DeviceAccess, userDisplayName } from './device-access';
import { DeviceCli } from './device-parts.entity';
import { Device } from './device.entity';
import { DevicesService } from './devices.service';

/** Caller IDs (CLIs) of devices: device_clis_get, cli_add, cli_delete, cli_info_get. */
@Injectable()
export class DeviceClisService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: DeviceAccess,
    private readonly devices: DevicesService,
  ) {}

  /** CLIs of the caller's devices, narrowed by `devices_id` / `users_id`. */
  async list(caller: Caller, p: Params): Promise<Array<{ cli: DeviceCli; device: Device }>> {
    const deviceIds = await this.scopeDevices(caller, p);
    const clis = deviceIds.length ? await this.db.getRepository(DeviceCli).find({ where: { device_id: In(deviceIds) }, order: { id: 'ASC' } }) : [];
    if (clis.length === 0) throw new MorError('CLIs were not found');
    const devices = new Map((await this.db.getRepository(Device).findBy({ id: In(deviceIds) })).map((d) => [d.id, d]));
    return clis.map((cli) => ({ cli, device: devices.get(cli.device_id)! }));
  }

  private async scopeDevices(caller: Caller, p: Params): Promise<number[]> {
    if (p.devices_id) return [(await this.access.device(caller, p.devices_id, 'Device was not found')).device.id];
    if (p.users_id) {
      const user = await this.access.user(caller, p.users_id, Errors.userNotFound);
      return (await this.db.getRepository(Device).findBy({ user_id: user.id })).map((d) => d.id);
    }
    const users = (await this.db.getRepository(User).find()).filter((u) => canAccessUser(caller, u)).map((u) => u.id);
    return users.length ? (await this.db.getRepository(Device).findBy({ user_id: In(users) })).map((d) => d.id) : [];
  }

  async add(caller: Caller, p: Params): Promise<void> {
    if (!p.device_id) throw new MorError('Device ID cannot be empty');
    if (!p.cli_number && !p.cli_domain) throw new MorError('CLI Number cannot be empty');
    if (p.cli_number && !/^\d{1,100}$/.test(p.cli_number)) throw new MorError('CLI must be numeric');
    if (p.ivr_id && p.ivr_id !== '0') throw new MorError('IVR was not found');
    // Ours (decisions: Devices and DIDs): a domain or description longer than its column (255).
    if ((p.cli_domain ?? '').length > 255 || (p.cli_description ?? '').length > 255) throw new MorError('CLI was not created');
    await this.db.transaction(async (m) => {
      const { device } = await this.access.device(caller, p.device_id, Errors.accessDenied, m);
      const repo = m.getRepository(DeviceCli);
      const clash = (p.cli_number && (await repo.findOneBy({ cli: p.cli_number }))) || (p.cli_domain && (await repo.findOneBy({ domain: p.cli_domain })));
      if (clash) throw new MorError(`CLI already exists. It is assigned to ${await this.ownerName(m, caller, clash.device_id)} device`);
      const now = new Date();
      await repo.insert({
        device_id: device.id, cli: p.cli_number ?? '', domain: p.cli_domain || null, description: p.cli_description ?? '', comment: p.comment ?? null,
        banned: p.banned === '1' ? 1 : 0, ivr_id: 0, added_at: now, updated_at: now,
      });
    });
  }

  /** The owner of a device the caller may see; for another tenant's, MOR's generic `user_name` (naming nobody). */
  private async ownerName(m: EntityManager, caller: Caller, deviceId: number): Promise<string> {
    const owned = await this.devices.findOwned(m, deviceId);
    return owned && canAccessUser(caller, owned.user) ? userDisplayName(owned.user) : 'user_name';
  }

  async delete(caller: Caller, number: string): Promise<void> {
    const cli = await visibleOrMissing(this.db.manager, caller, 'cli', number, 'CLI was not found');
    await this.db.getRepository(DeviceCli).delete(cli.id);
  }

  /** The device (and its user) a CLI or a SIP domain identifies. */
  async info(caller: Caller, p: Params): Promise<{ userId: number; deviceId: number }> {
    if (!p.cli && !p.domain) throw new MorError('CLI is empty');
    const cli = await this.db.getRepository(DeviceCli).findOneBy(p.cli ? { cli: p.cli } : { domain: p.domain });
    if (!cli) throw new MorError('CLI not found');
    const { device } = await this.access.device(caller, String(cli.device_id), 'CLI not found');
    return { userId: device.user_id, deviceId: device.id };
  }
}
