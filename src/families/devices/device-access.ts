import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { canAccessUser } from '../../api/ownership';
import { MorError } from '../../api/mor-error';
import { User } from '../users/user.entity';
import { DevicesService, OwnedDevice } from './devices.service';

/** Device lookups scoped by owner: a device is the caller's when its user is (src/api/ownership.ts). */
@Injectable()
export class DeviceAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly devices: DevicesService,
  ) {}

  /** The device when the caller may manage its user; otherwise `refusal` (MOR's text for that method). */
  async device(caller: Caller, rawId: string | undefined, refusal: string, m: EntityManager = this.db.manager): Promise<OwnedDevice> {
    const owned = rawId && /^\d{1,10}$/.test(rawId) ? await this.devices.findOwned(m, Number(rawId)) : null;
    if (!owned || !canAccessUser(caller, owned.user)) throw new MorError(refusal);
    return owned;
  }

  /** Whether the caller may manage the device (a found but foreign device gets a different text in some methods). */
  owns(caller: Caller, owned: OwnedDevice): boolean {
    return canAccessUser(caller, owned.user);
  }

  async user(caller: Caller, rawId: string | undefined, refusal: string, m: EntityManager = this.db.manager): Promise<User> {
    const user = rawId && /^\d{1,10}$/.test(rawId) ? await m.getRepository(User).findOneBy({ id: Number(rawId) }) : null;
    if (!user || !canAccessUser(caller, user)) throw new MorError(refusal);
    return user;
  }
}

/** How MOR names a device in replies: `SIP/101`. */
export const deviceLabel = (d: { device_type: string; name: string }) => `${d.device_type}/${d.name}`;

/** A user's display name as MOR prints it (`Test User #1`), else its username. */
export const userDisplayName = (u: User) => [u.first_name, u.last_name].filter((s) => s).join(' ') || u.username;
