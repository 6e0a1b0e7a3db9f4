import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, Not } from 'typeorm';
import { Caller } from '../../api/caller';
import { fromRowAsFind, readRows } from '../../database/raw';
import { managedOwnerId } from '../../api/ownership';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { User } from '../users/user.entity';
import { Tariff } from './tariff.entity';

/** An admin tariff "Allow Resellers to use Admin Tariffs" shares: a sell (user) tariff, never a provider (buy) one. */
const isSharedAdminTariff = (tariff: Tariff): boolean => tariff.owner_id === 0 && tariff.purpose !== 'provider';

/**
 * Which tariffs a caller sees. Admin and accountant: every tariff. Reseller: its own, the one the
 * admin assigned to it, and the admin's sell tariffs when "Allow Resellers to use Admin Tariffs" is on.
 * Simple user: only the tariff assigned to it.
 */
@Injectable()
export class TariffAccessService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async canSee(caller: Caller, tariff: Tariff): Promise<boolean> {
    if (caller.role === 'admin' || caller.role === 'accountant') return true;
    if (tariff.id === (await this.assignedTariffId(caller))) return true;
    if (caller.role !== 'reseller') return false;
    return tariff.owner_id === managedOwnerId(caller) || (isSharedAdminTariff(tariff) && (await this.adminTariffsShared()));
  }

  /** The tariff if it exists and the caller may see it. */
  async findVisible(caller: Caller, tariffId: number, m: EntityManager = this.db.manager): Promise<Tariff | null> {
    const tariff = await this.byId(m, tariffId);
    return tariff && (await this.canSee(caller, tariff)) ? tariff : null;
  }

  /** The tariff if the caller manages (may change) it: only its own owner's tariffs. */
  async findManaged(caller: Caller, tariffId: number, m: EntityManager = this.db.manager): Promise<Tariff | null> {
    const tariff = await this.byId(m, tariffId);
    return tariff && tariff.owner_id === managedOwnerId(caller) ? tariff : null;
  }

  /**
   * A tariff the caller may assign to a user: its owner's own, and for a reseller also the
   * admin's when "Allow Resellers to use Admin Tariffs" is on.
   */
  async findAssignable(caller: Caller, tariffId: number, m: EntityManager = this.db.manager): Promise<Tariff | null> {
    const tariff = await this.byId(m, tariffId);
    if (!tariff) return null;
    if (tariff.owner_id === managedOwnerId(caller)) return tariff;
    return caller.role === 'reseller' && isSharedAdminTariff(tariff) && (await this.adminTariffsShared()) ? tariff : null;
  }

  /** tariffs_get: every tariff the caller sees, by id. */
  async list(caller: Caller): Promise<Tariff[]> {
    const repo = this.db.getRepository(Tariff);
    if (caller.role === 'admin' || caller.role === 'accountant') return repo.find({ order: { id: 'ASC' } });
    const where: FindOptionsWhere<Tariff>[] = [{ owner_id: caller.id }];
    if (await this.adminTariffsShared()) where.push({ owner_id: 0, purpose: Not('provider') });
    const assigned = await this.assignedTariffId(caller);
    if (assigned !== null) where.push({ id: assigned });
    return repo.find({ where, order: { id: 'ASC' } });
  }

  /** One tariff by id (plain SQL: rate_get and tariff_rates_get read it on every request). */
  private async byId(m: EntityManager, tariffId: number): Promise<Tariff | null> {
    const [row] = await readRows(m, 'SELECT * FROM tariffs WHERE id = ?', [tariffId]);
    return row ? fromRowAsFind(this.db, Tariff, row) : null;
  }

  private async adminTariffsShared(): Promise<boolean> {
    return this.settings.flag(Setting.allowResellersAdminTariffs);
  }

  private async assignedTariffId(caller: Caller): Promise<number | null> {
    const [user]: { tariff_id: number | null }[] = await this.db.query('SELECT tariff_id FROM users WHERE id = ?', [caller.id]);
    return user ? fromRowAsFind(this.db, User, user).tariff_id : null;
  }
}
