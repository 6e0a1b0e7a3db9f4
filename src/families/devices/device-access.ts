import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { accessibleUser, canAccessUser } from '../../api/ownership';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { User } from '../users/user.entity';
import { DevicesService, OwnedDevice } from './devices.service';

/** Device lookups scoped by owner: a device is the caller's when its user is (src/api/ownership.ts). */
@Injectable()
export class DeviceAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly devices: DevicesService,
  ) {}

  /**
   * The device when the caller may manage its user; otherwise `refusal` (MOR's text for that method),
   * the same for a missing device and another owner's (src/api/visible-ref.ts: foreign is missing).
   */
  async device(caller: Caller, rawId: string | undefined, refusal: string, m: EntityManager = this.db.manager): Promise<OwnedDevice> {
    const id = parseId(rawId);
    const owned = id === null ? null : await this.devices.findOwned(m, id);
    if (!owned || !canAccessUser(caller, owned.user)) throw new MorError(refusal);
    return owned;
  }

  async user(caller: Caller, rawId: string | undefined, refusal: string, m: EntityManager = this.db.manager): Promise<User> {
    const user = await accessibleUser(m, caller, rawId);
    if (!user) throw new MorError(refusal);
    return user;
  }
}

/** How MOR names a device in replies: `SIP/101`. */
export const deviceLabel = (d: { device_type: string; name: string }) => `${d.device_type}/${d.name}`;

/** A user's display name as MOR prints it (`Test User #1`), else its username. */
export const userDisplayName = (u: User) => [u.first_name, u.last_name].filter((s) => s).join(' ') || u.username;
