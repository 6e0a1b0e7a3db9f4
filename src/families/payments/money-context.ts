import type { EntityManager } from 'typeorm';
import { type Decimal, money } from '../../billing/money';
import { type TaxSet, taxSetOf } from '../../billing/taxes';
import { MorError } from '../../api/mor-error';
import { Setting } from '../../settings/setting-names';
import type { SettingsService } from '../../settings/settings.service';
import type { User } from '../users/user.entity';

export interface CurrencyRate {
  name: string;
  /** How many of this currency one unit of the default buys (03 §S3). */
  rate: Decimal;
}

/** An active currency by its code; refused with `error` when unknown or disabled. */
export async function activeCurrency(m: EntityManager, code: string | undefined, error: string): Promise<CurrencyRate> {
  const rows: { name: string; exchange_rate: string }[] = code ? await m.query('SELECT name, exchange_rate FROM currencies WHERE name = ? AND active = 1', [code]) : [];
  if (!rows[0] || !money(rows[0].exchange_rate).greaterThan(0)) throw new MorError(error);
  return { name: rows[0].name, rate: money(rows[0].exchange_rate) };
}

/** The system default currency's code. */
export async function defaultCurrency(settings: SettingsService): Promise<string> {
  return (await settings.get(Setting.defaultCurrency)) || 'USD';
}

/** The user's own currency and today's rate (the default currency, rate 1, when it has none). */
export async function userCurrency(m: EntityManager, settings: SettingsService, user: Pick<User, 'currency_id'>): Promise<CurrencyRate> {
  const rows: { name: string; exchange_rate: string }[] = user.currency_id === null ? [] : await m.query('SELECT name, exchange_rate FROM currencies WHERE id = ?', [user.currency_id]);
  if (rows[0] && money(rows[0].exchange_rate).greaterThan(0)) return { name: rows[0].name, rate: money(rows[0].exchange_rate) };
  return { name: await defaultCurrency(settings), rate: money(1) };
}

/** The user's taxes. */
export const userTaxes = (user: User): TaxSet => taxSetOf(user);
