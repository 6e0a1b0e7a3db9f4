import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import { isStorableDecimal } from '../../api/dto';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { canAccessUser } from '../../api/ownership';
import { fromDefaultCurrency } from '../../billing/currency';
import { type Decimal, formatAmount, money } from '../../billing/money';
import { changeBalance } from '../../ledger/ledger';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { BalanceTexts } from './dto/balance.dto';

/** A user's balance as the balance methods read it. */
interface BalanceRow {
  id: number;
  username: string;
  owner_id: number;
  balance: string;
  currency_id: number | null;
}

export interface ShownBalance {
  amount: string;
  currency: string;
}

const COLUMNS = 'u.id, u.username, u.owner_id, u.balance, u.currency_id';
const rowOf = (r: Record<string, unknown>): BalanceRow => ({
  id: Number(r.id), username: String(r.username), owner_id: Number(r.owner_id), balance: String(r.balance), currency_id: r.currency_id === null ? null : Number(r.currency_id),
});

/**
 * The balance methods: by username (user_balance_get), by device username / password or user
 * uniquehash (the device checks), and the delta change (user_balance_update) through the ledger.
 */
@Injectable()
export class BalanceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async requireSetting(name: typeof Setting.balanceViaApi | typeof Setting.allowDevicesCheckBalance): Promise<void> {
    if (!(await this.settings.flag(name))) throw new MorError(BalanceTexts.featureDisabled);
  }

  /** user_balance_get: a user the caller may see, by username. */
  async byUsername(caller: Caller, username: string): Promise<BalanceRow> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM users u WHERE u.username = ?`, [username]);
    const user = row ? rowOf(row) : null;
    if (!user || !canAccessUser(caller, user)) throw new MorError(Errors.userNotFound);
    return user;
  }

  /** The user of a device found by its SIP username, its password, or a user by uniquehash. */
  async byDevice(by: 'name' | 'secret' | 'uniquehash', key: string): Promise<BalanceRow> {
    const sql = by === 'uniquehash'
      ? `SELECT ${COLUMNS} FROM users u WHERE u.uniquehash = ? AND u.uniquehash <> '' LIMIT 1`
      : `SELECT ${COLUMNS} FROM devices d JOIN users u ON u.id = d.user_id WHERE d.${by} = ? AND d.${by} <> '' ORDER BY d.id LIMIT 1`;
    const [row] = await this.db.query(sql, [key]);
    if (!row) throw new MorError(Errors.userNotFound);
    return rowOf(row);
  }

  /**
   * The balance in the system currency, in `currency` (a code, or USER = the user's own), or with
   * `userCurrency` in the user's currency. An unknown code falls back to the system currency.
   */
  async shown(user: BalanceRow, currency?: string, userCurrency = false): Promise<ShownBalance> {
    const system = (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    const own = userCurrency || currency === 'USER';
    const [found] = own
      ? user.currency_id === null ? [] : await this.db.query('SELECT name, exchange_rate FROM currencies WHERE id = ?', [user.currency_id])
      : currency ? await this.db.query('SELECT name, exchange_rate FROM currencies WHERE name = ?', [currency]) : [];
    if (!found) return { amount: formatAmount(user.balance), currency: system };
    return { amount: formatAmount(fromDefaultCurrency(user.balance, String(found.exchange_rate))), currency: String(found.name) };
  }

  /**
   * user_balance_update: balance += delta for a user the caller owns directly (MOR X8: owner_id =
   * caller id), one ledger row ('manual'). Returns the user with its new balance.
   */
  async change(caller: Caller, rawId: string, rawDelta: string): Promise<{ id: number; username: string; balance: Decimal }> {
    const id = parseId(rawId);
    const [row] = id === null ? [] : await this.db.query(`SELECT ${COLUMNS} FROM users u WHERE u.id = ?`, [id]);
    if (!row || Number(row.owner_id) !== caller.id || Number(row.id) === caller.id) throw new MorError(Errors.userNotFound);
    if (!isStorableDecimal(rawDelta)) throw new MorError(BalanceTexts.notUpdated);
    const delta = money(rawDelta.trim());
    const applied = await this.db.transaction((m) =>
      changeBalance(m, { account: 'user', accountId: Number(row.id), kind: 'manual', causeId: `api:${randomUUID()}`, amount: delta, description: `user_balance_update by ${caller.username}` }),
    );
    return { id: Number(row.id), username: String(row.username), balance: money(applied.balanceAfter) };
  }
}
