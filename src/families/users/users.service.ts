import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { fromRow, readRows } from '../../database/raw';
import { UNIQUE, uniqueOr } from '../../database/unique';
import { hashPassword } from '../../api/access/passwords';
import { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { Errors, MorError } from '../../api/mor-error';
import { canAccessUser, managedOwnerId } from '../../api/ownership';
import { parseDecimalParam } from '../../api/decimal-param';
import { fitsColumn } from '../../api/dto';
import { ownedLcr } from '../lcr/lcr.service';
import { ReferenceDataService } from '../tariffs/reference-data.service';
import { TariffAccessService } from '../tariffs/tariff-access.service';
import { DATE_PARAMS, INVOICE_BITS, UPDATE_FIELDS, UPDATE_HASH_ORDER, UpdateField } from './user-update-fields';
import { UserDeletionBlockers } from './user-deletion';
import { User, UserType } from './user.entity';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { USER_LIST_COLUMNS, UserDetailsContext, UserListRow } from './user-xml';

/** The admin's Global PBX pool, which every user may be in. */
const GLOBAL_PBX_POOL = 1;
const USER_TYPES: UserType[] = ['admin', 'reseller', 'accountant', 'user'];
const EDITABLE_PARAMS = new Set(UPDATE_HASH_ORDER.filter((p) => p !== 'user_id'));
/** What a reseller may change of itself: name, contact and language, password, warnings. */
const SELF_EDITABLE_PARAMS = new Set(['u0', 'u2', 'u6', 'u8', 'u17', 'u19', 'u22', 'u23', 'u26', 'u33', 'pswd', 'user_warning_email_hour', 'warning_email_active']);

/** findVisibleFields' column list per fields array (callers pass constants). */
const columnLists = new WeakMap<readonly string[], string>();

/** Reading, changing and deleting accounts, always within what the caller may see. */
@Injectable()
export class UsersService {
  /** findVisibleRow's statements by columns and target shape, each text built once (the statement cache then finds the same string). */
  private readonly visibleSql = new Map<string, Map<string, string>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly tariffs: TariffAccessService,
    private readonly blockers: UserDeletionBlockers,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** The user named by user_id and/or username, if the caller may see it; else "User was not found". */
  async findVisible(caller: Caller, target: { user_id?: string; username?: string }, manager = this.db.manager): Promise<User> {
    return this.findVisibleRow(caller, target, manager, '*') as Promise<User>;
  }

  /**
   * findVisible reading only some columns (and id and owner_id, which decide visibility): for hot
   * paths that need a few fields of a wide row (rate_get needs the user's id and tariff).
   */
  async findVisibleFields<K extends keyof User>(caller: Caller, target: { user_id?: string; username?: string }, fields: readonly K[]): Promise<Pick<User, K | 'id' | 'owner_id'>> {
    let columns = columnLists.get(fields);
    if (!columns) columnLists.set(fields, (columns = [...new Set(['id', 'owner_id', ...fields])].join(', ')));
    return this.findVisibleRow(caller, target, this.db.manager, columns);
  }

  private async findVisibleRow(caller: Caller, target: { user_id?: string; username?: string }, manager: EntityManager, columns: string): Promise<User> {
    const values: (string | number)[] = [];
    if (target.user_id) values.push(Number(target.user_id));
    if (target.username) values.push(target.username);
    if (values.length === 0) throw new MorError(Errors.userNotFound);
    const shape = target.user_id ? (target.username ? 'id = ? AND username = ?' : 'id = ?') : 'username = ?';
    let byShape = this.visibleSql.get(columns);
    if (!byShape) this.visibleSql.set(columns, (byShape = new Map()));
    let sql = byShape.get(shape);
    if (!sql) byShape.set(shape, (sql = `SELECT ${columns} FROM users WHERE ${shape} LIMIT 1`));
    const rows = await readRows(manager, sql, values);
    const user = rows[0] ? fromRow(this.db, User, rows[0]) : null;
    if (!user || !canAccessUser(caller, user)) throw new MorError(Errors.userNotFound);
    return user;
  }

  /** What user_details_get prints beside the stored row: the currency and country names. */
  async detailsContext(user: Pick<User, 'currency_id' | 'taxation_country' | 'country_id'>): Promise<UserDetailsContext> {
    const defaultCurrency = (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    const currency = user.currency_id === null ? null : await this.referenceData.currency(user.currency_id);
    const countryName = async (id: number | null) => (id === null ? '' : this.referenceData.directionName(id));
    return {
      currency: currency?.name ?? defaultCurrency,
      exchangeRate: currency ? currency.exchange_rate : '1',
      taxationCountry: await countryName(user.taxation_country),
      country: await countryName(user.country_id),
    };
  }

  /** users_get: everyone for the admin and accountants, its own users for a reseller. */
  async list(caller: Caller): Promise<UserListRow[]> {
    const scoped = caller.role === 'reseller';
    const rows = await readRows(this.db.manager, `SELECT ${USER_LIST_COLUMNS.join(', ')} FROM users ${scoped ? 'WHERE owner_id = ?' : ''} ORDER BY id`, scoped ? [caller.id] : []);
    return rows.map((row) => fromRow(this.db, User, row));
  }

  async update(caller: Caller, params: Params): Promise<void> {
    // A rename racing another to the same username is refused by the index, like a taken one.
    await uniqueOr(() => this.db.transaction(async (m) => {
      const user = await this.findVisible(caller, { user_id: params.user_id }, m);
      if (!this.mayEdit(caller, user, params)) throw new MorError('You have no editing permission');
      const changes = await this.changesFrom(caller, user, params, m);
      if (Object.keys(changes).length > 0) await m.getRepository(User).update(user.id, changes);
    }), [[UNIQUE.username, 'User was not updated']]);
  }

  /**
   * Only managers edit accounts; nobody but the admin edits the admin. A reseller edits its users,
   * and itself only in its personal details (its credit, tariff, LCR... are the admin's to set).
   */
  private mayEdit(caller: Caller, user: User, params: Params = {}): boolean {
    if (caller.role === 'user') return false;
    if (caller.role === 'reseller' && user.id === caller.id) return Object.keys(params).every((p) => !EDITABLE_PARAMS.has(p) || SELF_EDITABLE_PARAMS.has(p));
    if (caller.role === 'reseller') return user.owner_id === caller.id;
    return user.id !== 0 || caller.role === 'admin';
  }

  private async changesFrom(caller: Caller, user: User, params: Params, m: EntityManager): Promise<Partial<User>> {
    const changes: Record<string, unknown> = {};
    for (const field of UPDATE_FIELDS) {
      const raw = params[field.param];
      if (raw === undefined) continue;
      changes[field.column] = await this.fieldValue(field, raw);
    }
    for (const [column, [y, mo, d]] of Object.entries(DATE_PARAMS)) {
      if (params[y] === undefined && params[mo] === undefined && params[d] === undefined) continue;
      changes[column] = this.dateValue(params[y], params[mo], params[d]);
    }
    const bits = Object.keys(INVOICE_BITS).filter((p) => params[p] !== undefined);
    if (bits.length > 0) changes.send_invoice_types = this.invoiceTypes(user.send_invoice_types, params);
    await this.checkReferences(caller, user, changes, m);
    return changes as Partial<User>;
  }

  private async fieldValue(field: UpdateField, raw: string): Promise<unknown> {
    const bad = () => new MorError('User was not updated');
    switch (field.kind) {
      case 'flag':
        if (raw !== '0' && raw !== '1') throw bad();
        return Number(raw);
      case 'int':
        if (!/^-?\d{1,9}$/.test(raw)) throw bad();
        return Number(raw);
      case 'id':
        if (raw === '' || raw === '0') return null;
        if (!/^\d{1,9}$/.test(raw)) throw bad();
        return Number(raw);
      case 'decimal': {
        const stored = parseDecimalParam(raw);
        if (stored === null) throw bad();
        return stored;
      }
      case 'password':
        if (raw.length < 1 || raw.length > (field.max ?? 255)) throw bad();
        return hashPassword(raw);
      default:
        if (!fitsColumn(raw, field.max ?? 255)) throw bad();
        return raw;
    }
  }

  private dateValue(y?: string, mo?: string, d?: string): string {
    const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
    const valid = [y, mo, d].every((v) => v !== undefined && /^\d{1,4}$/.test(v)) && date.getUTCDate() === Number(d) && date.getUTCMonth() === Number(mo) - 1;
    if (!valid) throw new MorError('User was not updated');
    return date.toISOString().slice(0, 10);
  }

  /** i1/i2/i4 switch single bits of the invoice-type field: 0 clears it, the bit value sets it. */
  private invoiceTypes(current: number, params: Params): number {
    let value = current;
    for (const [param, bit] of Object.entries(INVOICE_BITS)) {
      const raw = params[param];
      if (raw === undefined) continue;
      if (raw !== '0' && raw !== String(bit)) throw new MorError('User was not updated');
      value = raw === '0' ? value & ~bit : value | bit;
    }
    return value;
  }

  private async checkReferences(caller: Caller, user: User, changes: Record<string, unknown>, m: EntityManager): Promise<void> {
    if (changes.tariff_id !== undefined && changes.tariff_id !== null && !(await this.tariffs.findAssignable(caller, Number(changes.tariff_id), m))) {
      throw new MorError('Tariff not found');
    }
    if (changes.lcr_id !== undefined && changes.lcr_id !== null) {
      await ownedLcr(m, caller, Number(changes.lcr_id)).catch(() => {
        throw new MorError('User was not updated');
      });
    }
    // A spy device and a PBX pool are someone's: only ones within the caller's reach may be set.
    if (changes.spy_device_id !== undefined && changes.spy_device_id !== null) {
      const [owner] = await m.query('SELECT u.id, u.owner_id FROM devices d JOIN users u ON u.id = d.user_id WHERE d.id = ?', [Number(changes.spy_device_id)]);
      if (!owner || !canAccessUser(caller, { id: Number(owner.id), owner_id: Number(owner.owner_id) })) throw new MorError('User was not updated');
    }
    if (changes.pbx_pool_id !== undefined && changes.pbx_pool_id !== null) {
      const [pool] = await m.query('SELECT id, owner_id FROM pbx_pools WHERE id = ?', [Number(changes.pbx_pool_id)]);
      if (!pool || (Number(pool.id) !== GLOBAL_PBX_POOL && Number(pool.owner_id) !== managedOwnerId(caller))) throw new MorError('User was not updated');
    }
    if (changes.responsible_accountant_id !== undefined) {
      const id = Number(changes.responsible_accountant_id);
      if (id === -1) changes.responsible_accountant_id = null;
      else {
        const acc = await m.getRepository(User).findOne({ where: { id, usertype: 'accountant' } });
        if (!acc) throw new MorError('Responsible accountant is not valid');
      }
    }
    if (changes.usertype !== undefined) {
      const type = changes.usertype as UserType;
      // Only the admin changes account types, and never to or from admin.
      if (caller.role !== 'admin' || !USER_TYPES.includes(type) || type === 'admin' || user.id === 0) throw new MorError('User was not updated');
    }
    if (changes.username !== undefined) {
      const taken = await m.getRepository(User).findOne({ where: { username: String(changes.username) } });
      if (changes.username === '' || (taken && taken.id !== user.id)) throw new MorError('User was not updated');
    }
  }

  async delete(caller: Caller, userId: number): Promise<void> {
    await this.db.transaction(async (m) => {
      const user = await this.findVisible(caller, { user_id: String(userId) }, m);
      if (user.id === 0 || user.id === caller.id || !this.mayEdit(caller, user)) throw new MorError(Errors.userNotFound);
      const owned = await m.getRepository(User).count({ where: { owner_id: user.id } });
      if (user.usertype === 'reseller' && owned > 0) throw new MorError('Cannot delete user - he has users');
      const reason = await this.blockers.firstReason(user.id, m);
      if (reason) throw new MorError(reason);
      await m.query('DELETE FROM devices WHERE user_id = ?', [user.id]);
      await m.query('DELETE FROM conflines WHERE owner_id = ?', [user.id]);
      await m.getRepository(User).delete(user.id);
    });
  }
}
