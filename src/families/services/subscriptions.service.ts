import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { accessibleUser, canAccessUser } from '../../api/ownership';
import { isDecimalText, money, toStorage } from '../../billing/money';
import { insertReturningId } from '../../database/insert';
import { lockRow } from '../../database/transaction';
import { changeBalance, sqlDateTime } from '../../ledger/ledger';
import type { User } from '../users/user.entity';
import { ServiceRow, ServicesService } from './services.service';
import { CHARGEABLE_COLUMNS, ChargeableSubscription, chargeSubscription, dayOf } from './subscription-charging';

export interface SubscriptionListRow {
  id: number;
  user_id: number;
  username: string;
  first_name: string;
  last_name: string;
  service_name: string;
  servicetype: string;
  price: string;
  memo: string;
  activation_start: string | Date;
  activation_end: string | Date | null;
}

/** The subscription_* params that set a subscription's terms, parsed; undefined when not sent. */
interface Terms {
  start?: Date;
  end?: Date | null;
  memo?: string;
  startDay?: number;
  startMonth?: number;
  chargeOn?: number;
  untilCanceled?: number;
  noExpiration?: number;
  ignoreBalance?: number;
  discount?: string;
  chargeForPast?: number;
}

const sent = (v: string | undefined) => v !== undefined && v !== '';

function timestamp(raw: string | undefined, error: string): Date | undefined {
  if (!sent(raw)) return undefined;
  if (!/^\d{1,11}$/.test(raw!.trim())) throw new MorError(error);
  return new Date(Number(raw!.trim()) * 1000);
}

function flag(raw: string | undefined): number | undefined {
  return raw === '1' ? 1 : raw === '0' ? 0 : undefined;
}

function intIn(raw: string | undefined, min: number, max: number): number | undefined {
  if (!sent(raw) || !/^\d{1,2}$/.test(raw!.trim())) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

function parseTerms(p: Params): Terms {
  const start = timestamp(p.subscription_activation_start, 'Subscription activation start date must be valid timestamp');
  const end = timestamp(p.subscription_activation_end, 'Subscription activation end date must be valid timestamp');
  const discount = p.subscription_discount_percent;
  if (sent(discount) && (!isDecimalText(discount!) || money(discount!).lessThan(0) || money(discount!).greaterThan(100))) throw new MorError('Discount must be between 0 and 100');
  return {
    start, end, memo: p.subscription_memo?.slice(0, 255), startDay: intIn(p.subscription_start_period_day, 1, 31), startMonth: intIn(p.subscription_start_period_month, 1, 12),
    chargeOn: intIn(p.subscription_charge_balance_on, 1, 3), untilCanceled: flag(p.subscription_until_canceled), noExpiration: flag(p.subscription_no_expiration_at_the_end_of_a_month),
    ignoreBalance: flag(p.ignore_balance), discount: sent(discount) ? toStorage(discount!) : undefined, chargeForPast: flag(p.subscription_charge_for_past),
  };
}

/** Flat rates are bought by whole months: from the first to the last day of the start's month, unless they never expire. */
function flatRateMonth(start: Date): Date {
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0, 23, 59, 59));
}

@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly services: ServicesService,
  ) {}

  private async user(m: EntityManager, caller: Caller, raw: string | undefined): Promise<User> {
    const user = await accessibleUser(m, caller, raw);
    if (!user || user.usertype !== 'user') throw new MorError(Errors.userNotFound);
    return user;
  }

  /** The caller's service that the user may subscribe to (the user's owner sells it). */
  private async service(m: EntityManager, caller: Caller, raw: string | undefined, user: User, error = 'Service was not found'): Promise<ServiceRow> {
    const service = await this.services.managed(m, caller, raw);
    if (!service || service.owner_id !== user.owner_id) throw new MorError(error);
    return service;
  }

  async create(caller: Caller, p: Params, serviceIds: string[], missingService = 'Service was not found'): Promise<number[]> {
    const terms = parseTerms(p);
    return this.db.transaction(async (m) => {
      const user = await this.user(m, caller, p.user_id);
      const services: ServiceRow[] = [];
      for (const raw of serviceIds) services.push(await this.service(m, caller, raw.trim(), user, missingService));
      const ids: number[] = [];
      for (const service of services) ids.push(await this.insert(m, user, service, terms));
      return ids;
    });
  }

  private async insert(m: EntityManager, user: User, service: ServiceRow, terms: Terms): Promise<number> {
    const now = new Date();
    const start = terms.start ?? now;
    const flat = service.servicetype === 'flat_rate' || service.servicetype === 'dynamic_flat_rate';
    const end = terms.end !== undefined ? terms.end : flat && terms.noExpiration !== 1 ? flatRateMonth(start) : null;
    if (end && end.getTime() <= start.getTime()) throw new MorError('Activation start date must be earlier than end date');
    // Daily and one-time fees are charged as they fall due, day by day (MOR stores them as 3).
    const daily = service.servicetype === 'one_time_fee' || service.period === 'day';
    const id = await insertReturningId(m,
      `INSERT INTO subscriptions (service_id, user_id, memo, activation_start, activation_end, added, charge_balance_on, start_period_day, start_period_month,
         until_canceled, no_expiration, ignore_balance, discount_percent, charge_for_past, disabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
      [service.id, user.id, terms.memo ?? '', sqlDateTime(start), end ? sqlDateTime(end) : null, sqlDateTime(now), daily ? 3 : terms.chargeOn ?? 1, terms.startDay ?? 1,
        terms.startMonth ?? 1, terms.untilCanceled ?? 0, terms.noExpiration ?? 0, terms.ignoreBalance ?? 0, terms.discount ?? '0', terms.chargeForPast ?? 0]);
    if (user.postpaid !== 1) {
      const outcome = await chargeSubscription(m, await this.chargeable(m, id), dayOf(now), now);
      if (outcome.unpaid > 0) throw new MorError('User has insufficient balance');
    }
    return id;
  }

  async chargeable(m: EntityManager, id: number): Promise<ChargeableSubscription> {
    const [row] = await m.query(`SELECT ${CHARGEABLE_COLUMNS} FROM subscriptions s JOIN services v ON v.id = s.service_id WHERE s.id = ?`, [id]);
    return { ...row, discount_percent: toStorage(row.discount_percent), price: toStorage(row.price), charge_for_past: Number(row.charge_for_past), ignore_balance: Number(row.ignore_balance), charge_balance_on: Number(row.charge_balance_on) };
  }

  /**
   * The subscription, when the caller may manage its user; missing, malformed and foreign ids alike
   * are not found. Locked until the transaction ends: changes of one subscription take turns (a
   * second delete finds it gone instead of refunding again).
   */
  private async managed(m: EntityManager, caller: Caller, raw: string | undefined): Promise<{ id: number; user_id: number; activation_end: string | Date | null }> {
    const id = parseId(raw);
    if (id !== null) await lockRow(m, 'subscriptions', id);
    const rows = id === null ? [] : await m.query('SELECT s.id, s.user_id, s.activation_end, u.owner_id FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE s.id = ?', [id]);
    if (rows.length === 0 || caller.role === 'user' || !canAccessUser(caller, { id: Number(rows[0].user_id), owner_id: Number(rows[0].owner_id) })) throw new MorError('Subscription was not found');
    return rows[0];
  }

  async update(caller: Caller, p: Params): Promise<void> {
    const terms = parseTerms(p);
    await this.db.transaction(async (m) => {
      const sub = await this.managed(m, caller, p.subscription_id);
      const sets: [string, unknown][] = [];
      if (terms.start) sets.push(['activation_start', sqlDateTime(terms.start)]);
      if (terms.end) sets.push(['activation_end', sqlDateTime(terms.end)]);
      if (terms.memo !== undefined) sets.push(['memo', terms.memo]);
      if (terms.discount !== undefined) sets.push(['discount_percent', terms.discount]);
      if (terms.startDay !== undefined) sets.push(['start_period_day', terms.startDay]);
      if (terms.startMonth !== undefined) sets.push(['start_period_month', terms.startMonth]);
      if (terms.chargeOn !== undefined) sets.push(['charge_balance_on', terms.chargeOn]);
      if (terms.untilCanceled !== undefined) sets.push(['until_canceled', terms.untilCanceled]);
      if (terms.noExpiration !== undefined) sets.push(['no_expiration', terms.noExpiration]);
      if (sets.length === 0) return;
      await m.query(`UPDATE subscriptions SET ${sets.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`, [...sets.map(([, v]) => v), sub.id]);
      const [row] = await m.query('SELECT activation_start, activation_end FROM subscriptions WHERE id = ?', [sub.id]);
      if (row.activation_end && dayOf(row.activation_end) < dayOf(row.activation_start)) throw new MorError('Activation start date must be earlier than end date');
    });
  }

  /** Action 1 deletes, 2 disables, 3 deletes and returns what was charged for periods not yet over. */
  async delete(caller: Caller, p: Params): Promise<string> {
    const action = p.subscription_delete_action;
    return this.db.transaction(async (m) => {
      const sub = await this.managed(m, caller, p.subscription_id);
      if (action !== '1' && action !== '2' && action !== '3') throw new MorError('Subscription delete action was not found');
      if (action === '2') {
        await m.query('UPDATE subscriptions SET disabled = 1 WHERE id = ?', [sub.id]);
        return 'Subscription disabled';
      }
      if (action === '3') await this.refund(m, sub.id, sub.user_id);
      await m.query('DELETE FROM subscriptions WHERE id = ?', [sub.id]);
      return action === '3' ? 'Subscription deleted and money returned' : 'Subscription deleted';
    });
  }

  private async refund(m: EntityManager, subscriptionId: number, userId: number): Promise<void> {
    const today = dayOf(new Date());
    const charges: { id: number; amount: string; period_end: string | Date }[] = await m.query('SELECT id, amount, period_end FROM subscription_charges WHERE subscription_id = ?', [subscriptionId]);
    for (const charge of charges.filter((c) => dayOf(c.period_end) >= today)) {
      await changeBalance(m, { account: 'user', accountId: userId, kind: 'refund', causeId: `subscription_charge:${charge.id}`, amount: toStorage(charge.amount), description: 'Subscription deleted' });
    }
  }

  /** A user's own subscriptions (user_subscriptions), in id order. */
  async own(userId: number): Promise<{ service_name: string; added: string | Date; activation_start: string | Date; activation_end: string | Date | null; price: string }[]> {
    return this.db.query(
      'SELECT v.name AS service_name, s.added, s.activation_start, s.activation_end, v.price FROM subscriptions s JOIN services v ON v.id = s.service_id WHERE s.user_id = ? ORDER BY s.id',
      [userId],
    );
  }

  async list(caller: Caller, p: Params): Promise<SubscriptionListRow[]> {
    const where: string[] = [];
    const values: (string | number)[] = [];
    if (caller.role === 'user') where.push('s.user_id = ?'), values.push(caller.id);
    if (caller.role === 'reseller') where.push('(u.owner_id = ? OR u.id = ?)'), values.push(caller.id, caller.id);
    const id = (raw: string | undefined) => (sent(raw) ? parseId(raw) ?? -1 : null);
    if (id(p.user_id) !== null) where.push('s.user_id = ?'), values.push(id(p.user_id)!);
    if (id(p.service_id) !== null) where.push('s.service_id = ?'), values.push(id(p.service_id)!);
    const from = timestamp(p.subscription_activation_start, 'Subscription activation start date must be valid timestamp');
    const till = timestamp(p.subscription_activation_end, 'Subscription activation end date must be valid timestamp');
    if (from) where.push('s.activation_start >= ?'), values.push(sqlDateTime(from));
    if (till) where.push('s.activation_end <= ?'), values.push(sqlDateTime(till));
    if (sent(p.subscription_memo)) where.push('s.memo = ?'), values.push(p.subscription_memo!);
    if (p.subscription_until_canceled === '1') where.push('s.until_canceled = 1');
    const rows: SubscriptionListRow[] = await this.db.query(
      `SELECT s.id, s.user_id, u.username, u.first_name, u.last_name, v.name AS service_name, v.servicetype, v.price, s.memo, s.activation_start, s.activation_end
         FROM subscriptions s JOIN users u ON u.id = s.user_id JOIN services v ON v.id = s.service_id${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY s.id`,
      values,
    );
    if (rows.length === 0) throw new MorError('No Subscriptions found');
    return rows;
  }
}
