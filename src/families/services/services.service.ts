import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { isDecimalText, isMoneyText, toStorage } from '../../billing/money';
import { SERVICE_TYPES, ServiceType } from '../../billing/subscription-periods';
import { insertReturningId } from '../../database/insert';
import { lockRow } from '../../database/transaction';
import { sqlDateTime } from '../../ledger/ledger';

export interface ServiceRow {
  id: number;
  name: string;
  servicetype: ServiceType;
  memo: string | null;
  period: string;
  price: string;
  selfcost_price: string;
  quantity: number;
  owner_id: number;
}

const SERVICE_COLUMNS = 'id, name, servicetype, memo, period, price, selfcost_price, quantity, owner_id';

/** service_update writes `flat-rate` (with a hyphen) where service_create writes `flat_rate`. */
const UPDATE_TYPES: Record<string, ServiceType> = { ...Object.fromEntries(SERVICE_TYPES.map((t) => [t, t])), 'flat-rate': 'flat_rate', 'dynamic-flat-rate': 'dynamic_flat_rate' };
const isFlat = (type: ServiceType) => type === 'flat_rate' || type === 'dynamic_flat_rate';

function price(raw: string | undefined, fallback: string): string {
  if (raw === undefined || raw === '') return fallback;
  if (!isMoneyText(raw) || raw.trim().startsWith('-')) throw new MorError('Service Price must be numeric');
  return toStorage(raw);
}

function quantity(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!isDecimalText(raw) || !/^\s*\+?\d{1,9}(\.0*)?\s*$/.test(raw)) {
    if (/^\s*-\d/.test(raw) || /^\s*-?0*(\.0*)?\s*$/.test(raw)) throw new MorError('Quantity must be greater than zero');
    throw new MorError('Quantity must be numeric');
  }
  const n = Number(raw.trim().split('.')[0]);
  if (n <= 0) throw new MorError('Quantity must be greater than zero');
  return n;
}

const period = (raw: string | undefined, type: ServiceType, fallback: string) => (type === 'periodic_fee' ? (raw === 'day' || raw === 'month' ? raw : fallback || 'month') : '');

@Injectable()
export class ServicesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The service, when the caller manages its owner; null for missing, malformed or foreign ids alike. */
  async managed(m: EntityManager, caller: Caller, rawId: string | undefined): Promise<ServiceRow | null> {
    const id = parseId(rawId);
    if (id === null) return null;
    const rows: ServiceRow[] = await m.query(`SELECT ${SERVICE_COLUMNS} FROM services WHERE id = ? AND owner_id = ?`, [id, managedOwnerId(caller)]);
    return rows[0] ?? null;
  }

  async create(caller: Caller, p: Params): Promise<number> {
    const type = p.new_service_type as ServiceType;
    if (!SERVICE_TYPES.includes(type)) throw new MorError('Service must have service type');
    const name = (p.new_service_name ?? '').trim();
    if (!name || name.length > 255) throw new MorError('Service must have name');
    if (isFlat(type) && !p.service_minutes_per_month) throw new MorError('Flat Rate Service must have quantity');
    const minutes = isFlat(type) ? quantity(p.service_minutes_per_month, 0) : 0;
    const ownerId = await this.newOwner(caller, p.new_owner_id);
    const values = [name, type, period(p.service_period, type, 'month'), price(p.service_sell_price, '0'), price(p.service_self_cost, '0'), minutes, ownerId, sqlDateTime(new Date())];
    return insertReturningId(this.db.manager, 'INSERT INTO services (name, servicetype, period, price, selfcost_price, quantity, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', values);
  }

  /** `new_owner_id` is the admin's to give: another admin or a reseller. */
  private async newOwner(caller: Caller, raw: string | undefined): Promise<number> {
    if (raw === undefined || raw === '') return managedOwnerId(caller);
    if (caller.role !== 'admin') throw new MorError(Errors.notAuthorizedUse);
    const id = parseId(raw);
    if (id === 0) return 0;
    const rows = id === null ? [] : await this.db.query("SELECT id FROM users WHERE id = ? AND usertype IN ('admin', 'reseller')", [id]);
    if (rows.length === 0) throw new MorError(Errors.userNotFound);
    return id!;
  }

  async update(caller: Caller, p: Params): Promise<void> {
    if (!p.service_id) throw new MorError('Service was not selected');
    await this.db.transaction(async (m) => {
      const service = await this.managed(m, caller, p.service_id);
      if (!service) throw new MorError('Service was not found');
      let type = service.servicetype;
      if (p.service_type !== undefined && p.service_type !== '') {
        type = UPDATE_TYPES[p.service_type];
        if (!type) throw new MorError('Service Type is invalid');
      }
      const name = p.service_name === undefined || p.service_name === '' ? service.name : p.service_name.trim().slice(0, 255);
      const minutes = isFlat(type) ? quantity(p.service_minutes_per_month, service.quantity || 0) : 0;
      if (isFlat(type) && minutes <= 0) throw new MorError('Quantity must be greater than zero');
      await m.query('UPDATE services SET name = ?, servicetype = ?, period = ?, price = ?, selfcost_price = ?, quantity = ? WHERE id = ?', [
        name, type, period(p.service_period, type, service.period), price(p.service_sell_price, service.price), price(p.service_self_cost, service.selfcost_price), minutes, service.id,
      ]);
    });
  }

  async delete(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      // Deletions of one service take turns: the second one finds it gone.
      const id = parseId(p.service_id);
      if (id !== null) await lockRow(m, 'services', id);
      const service = await this.managed(m, caller, p.service_id);
      if (!service) throw new MorError('Service was not found');
      if ((await m.query('SELECT 1 FROM subscriptions WHERE service_id = ? LIMIT 1', [service.id])).length > 0) throw new MorError('Cannot delete - some subscriptions to this service exist');
      await m.query('DELETE FROM services WHERE id = ?', [service.id]);
    });
  }

  async list(caller: Caller): Promise<ServiceRow[]> {
    const where = caller.role === 'admin' || caller.role === 'accountant' ? '' : ' WHERE owner_id = ?';
    const rows: ServiceRow[] = await this.db.query(`SELECT ${SERVICE_COLUMNS} FROM services${where} ORDER BY id`, where ? [caller.id] : []);
    if (rows.length === 0) throw new MorError('No Services found');
    return rows;
  }
}
