import { openingBalance } from '../../ledger/ledger';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword, randomSecret } from '../../api/access/passwords';
import { Caller } from '../../api/caller';
import { managedOwnerId } from '../../api/ownership';
import { MorError } from '../../api/mor-error';
import { toStorage } from '../../billing/money';
import { UNIQUE, uniqueOr } from '../../database/unique';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { DevicesService } from '../devices/devices.service';
import { ownedLcr } from '../lcr/lcr.service';
import { Location } from '../locations/location.entity';
import { UserRegisterDto } from './dto/user-register.dto';
import { User } from './user.entity';

export interface Registration {
  userId: number;
  deviceId: number;
  callerId: string;
  deviceType: string;
  deviceName: string;
  deviceSecret: string;
  pin: string;
}

/** user_register: a simple user and its first device, under the owner the uniquehash names. */
@Injectable()
export class RegistrationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly devices: DevicesService,
  ) {}

  async register(owner: Caller, input: UserRegisterDto): Promise<Registration> {
    if (!(await this.settings.flag(Setting.allowRegistration))) throw new MorError('Registration over API is disabled');
    await this.checkPassword(input);
    // The username's unique index settles two registrations racing for one name.
    return uniqueOr(() => this.db.transaction(async (m) => {
      await this.checkUnique(m, input);
      const lcrId = await this.lcrFor(m, owner, input.lcr_id);
      const tariffId = await this.tariffFor(m, owner, input.tariff);
      const locationId = await this.locationFor(m, owner, input.device_location_id);
      const user = await this.createUser(m, owner, input, lcrId, tariffId);
      const name = await this.freeDeviceName(m, input.username);
      const device = await this.devices.create(m, { userId: user.id, deviceType: input.device_type, name, callerId: input.caller_id, locationId });
      return { userId: user.id, deviceId: device.id, callerId: device.callerid, deviceType: device.device_type, deviceName: device.name, deviceSecret: device.secret, pin: device.pin };
    }), [[UNIQUE.username, 'Such username is already taken']]);
  }

  private async checkPassword(input: UserRegisterDto): Promise<void> {
    if (input.password !== input.password2) throw new MorError('Passwords do not match');
    const min = Number((await this.settings.get('default_user_password_length')) ?? 8);
    if (input.password.length < min) throw new MorError(`Password must be longer than ${min - 1} characters`);
  }

  private async checkUnique(m: EntityManager, input: UserRegisterDto): Promise<void> {
    const users = m.getRepository(User);
    if (await users.exists({ where: { username: input.username } })) throw new MorError('Such username is already taken');
    if (await users.exists({ where: { email: input.email } })) throw new MorError('This email address is already in use');
    if (input.mob_phone && (await users.exists({ where: { mob_phone: input.mob_phone } }))) throw new MorError('User with mobile phone already exists');
    if (input.phone && (await users.exists({ where: { phone: input.phone } }))) throw new MorError('User with phone already exists');
    if (input.fax && (await users.exists({ where: { fax: input.fax } }))) throw new MorError('User with fax already exists');
  }

  private async lcrFor(m: EntityManager, owner: Caller, lcrId?: string): Promise<number | null> {
    if (!lcrId) return null;
    return (await ownedLcr(m, owner, lcrId)).id;
  }

  /**
   * X8's optional `tariff` (06 §2.2): a sell tariff of the owner, or for a reseller also one of the
   * admin's when "Allow Resellers to use Admin Tariffs" is on. Absent: the Default User tariff.
   */
  private async tariffFor(m: EntityManager, owner: Caller, raw?: string): Promise<number | null> {
    if (!raw) return null;
    const [tariff]: { owner_id: number; purpose: string }[] = await m.query('SELECT owner_id, purpose FROM tariffs WHERE id = ?', [Number(raw)]);
    const shared = owner.role === 'reseller' && Number(tariff?.owner_id) === 0 && (await this.settings.flag(Setting.allowResellersAdminTariffs));
    if (!tariff || tariff.purpose === 'provider' || (Number(tariff.owner_id) !== owner.id && !shared)) throw new MorError('Tariff was not found');
    return Number(raw);
  }

  /** The owner's own location, or the Global one (1): another tenant's answers as a missing one. */
  private async locationFor(m: EntityManager, owner: Caller, locationId?: string): Promise<number> {
    const id = Number(locationId || (await this.settings.get('default_device_location_id')) || 1);
    const location = await m.getRepository(Location).findOneBy({ id });
    if (!location || (location.id !== 1 && location.owner_id !== managedOwnerId(owner))) throw new MorError('Location was not found');
    return id;
  }

  /** The new account takes the admin's Default User settings for what the form does not say. */
  private async createUser(m: EntityManager, owner: Caller, input: UserRegisterDto, lcrId: number | null, tariff: number | null): Promise<User> {
    const dflt = async (name: string, fallback: string) => (await this.settings.get(`default_user_${name}`)) ?? fallback;
    const tariffId = tariff ?? (await dflt('tariff_id', ''));
    const repo = m.getRepository(User);
    const user = repo.create({
      username: input.username,
      password: await hashPassword(input.password),
      usertype: 'user',
      owner_id: owner.id,
      first_name: input.first_name,
      last_name: input.last_name,
      email: input.email,
      balance: toStorage(await dflt('balance', '0')),
      credit: toStorage(await dflt('credit', '0')),
      postpaid: Number(await dflt('postpaid', '0')),
      allow_loss_calls: Number(await dflt('allow_loss_calls', '0')),
      call_limit: Number(await dflt('call_limit', '0')),
      tariff_id: tariffId ? Number(tariffId) : null,
      lcr_id: lcrId,
      uniquehash: randomSecret(10).toLowerCase(),
      country_id: Number(input.country_id),
      state: input.state ?? '',
      mob_phone: input.mob_phone ?? '',
      phone: input.phone ?? '',
      fax: input.fax ?? '',
      clientid: input.client_id ?? '',
      vat_number: input.vat_number ?? '',
      county: input.county ?? '',
      city: input.city ?? '',
      postcode: input.postcode ?? '',
      address: input.address ?? '',
      created_at: new Date(),
    });
    await repo.insert(user);
    await openingBalance(m, 'user', user.id, user.balance);
    return user;
  }

  /** The device takes the username when it is free as a device name. */
  private async freeDeviceName(m: EntityManager, username: string): Promise<string> {
    const taken = async (name: string) => (await m.query('SELECT 1 FROM devices WHERE name = ?', [name])).length > 0;
    if (!(await taken(username))) return username;
    let n = 1;
    while (await taken(`${username}${n}`)) n++;
    return `${username}${n}`;
  }
}
