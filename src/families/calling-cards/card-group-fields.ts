import type { EntityManager } from 'typeorm';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { isStorableDecimal } from '../../api/dto';
import { toStorage } from '../../billing/money';
import type { CardGroup } from './calling-card.entity';
import { paramTitle, parseTimestamp } from './card-access';

const FLAGS = ['use_external_function', 'allow_loss_calls', 'tell_cents', 'solo_pinless', 'disable_voucher', 'callerid_leave'] as const;
const TAX_FLAGS = [['tax2_enabled', 'TAX 2'], ['tax3_enabled', 'TAX 3'], ['tax4_enabled', 'TAX 4'], ['compound_tax', 'Compound TAX']] as const;
/** Param → column, money. `price_with_vat` is the group's price (tax included). */
const AMOUNTS = [
  ['price_with_vat', 'price'], ['setup_fee', 'setup_fee'], ['daily_charge', 'daily_charge'], ['ghost_min_perc', 'ghost_min_perc'],
  ['ghost_balance_perc', 'ghost_balance_perc'], ['tax1_value', 'tax1_value'], ['tax2_value', 'tax2_value'], ['tax3_value', 'tax3_value'], ['tax4_value', 'tax4_value'],
] as const;
const TEXTS = ['name', 'tax1_name', 'tax2_name', 'tax3_name', 'tax4_name', 'total_tax_name'] as const;
/** Referenced rows the caller must own (a reseller may not pick the admin's). */
const REFS = [['tariff_id', 'tariffs', 'Tariff was not found'], ['lcr_id', 'lcrs', 'LCR was not found'], ['location_id', 'locations', 'Location was not found']] as const;

/**
 * The card-group columns a cc_group_create / cc_group_update request sets, checked in MOR's order
 * (06 B1); the first bad param answers its text. Params not sent are left out.
 */
export async function cardGroupFields(m: EntityManager, ownerId: number, p: Params, current: CardGroup | null): Promise<Partial<CardGroup>> {
  const out: Partial<CardGroup> = {};
  const set = out as Record<string, unknown>;
  for (const flag of FLAGS) {
    if (p[flag] === undefined) continue;
    if (p[flag] !== '0' && p[flag] !== '1') throw new MorError(`${paramTitle(flag)} is incorrect format`);
    set[flag] = Number(p[flag]);
  }
  dates(p, current, out);
  for (const [param, table, text] of REFS) {
    if (p[param] === undefined) continue;
    const id = parseId(p[param]);
    const rows = id === null ? [] : await m.query(`SELECT id FROM ${table} WHERE id = ? AND owner_id = ?`, [id, ownerId]);
    if (rows.length === 0) throw new MorError(text);
    set[param] = id;
  }
  if (p.tell_balance_in_currency !== undefined && p.tell_balance_in_currency !== '') {
    const rows = await m.query('SELECT name FROM currencies WHERE name = ?', [p.tell_balance_in_currency]);
    if (rows.length === 0) throw new MorError('Currency was not found');
    out.tell_balance_in_currency = p.tell_balance_in_currency;
  }
  if (p.valid_after_first_use !== undefined) {
    if (!/^\d{1,4}$/.test(p.valid_after_first_use)) throw new MorError('Valid after is incorrect format');
    out.valid_after_first_use = Number(p.valid_after_first_use);
  }
  for (const [flag, title] of TAX_FLAGS) {
    if (p[flag] === undefined) continue;
    if (p[flag] !== '0' && p[flag] !== '1') throw new MorError(`${title} enabling value is incorrect format`);
    set[flag] = Number(p[flag]);
  }
  for (const [param, column] of AMOUNTS) {
    if (p[param] === undefined) continue;
    if (!isStorableDecimal(p[param]) || p[param].trim().startsWith('-')) throw new MorError(`${paramTitle(param)} is incorrect format`);
    set[column] = toStorage(p[param].trim());
  }
  for (const text of TEXTS) {
    if (p[text] === undefined) continue;
    if (p[text].length > 255) throw new MorError(`${paramTitle(text)} is incorrect format`);
    set[text] = p[text];
  }
  if (p.description !== undefined) out.description = p.description;
  if (current === null) lengths(p, out);
  if ((current === null || out.name !== undefined) && !(out.name ?? '').trim()) throw new MorError('Name cannot be blank');
  return out;
}

/** date_from / date_till: unix timestamps, from ≤ till (with the stored one when only one is sent). */
function dates(p: Params, current: CardGroup | null, out: Partial<CardGroup>): void {
  if (p.date_from !== undefined) {
    const from = parseTimestamp(p.date_from);
    if (!from) throw new MorError('Date from is incorrect format');
    out.valid_from = from;
  }
  if (p.date_till !== undefined) {
    const till = parseTimestamp(p.date_till);
    if (!till) throw new MorError('Time till is incorrect format');
    out.valid_till = till;
  }
  const from = out.valid_from ?? current?.valid_from ?? null;
  const till = out.valid_till ?? current?.valid_till ?? null;
  if (from && till && new Date(from).getTime() > new Date(till).getTime()) throw new MorError('Date from is greater than date till');
}

/** number_length / pin_length, only when a group is created (its cards are cut to them). */
function lengths(p: Params, out: Partial<CardGroup>): void {
  for (const [param, title] of [['number_length', 'Number length'], ['pin_length', 'PIN length']] as const) {
    if (p[param] === undefined || p[param] === '') continue;
    if (!/^\d{1,2}$/.test(p[param]) || Number(p[param]) < 1 || Number(p[param]) > 30) throw new MorError(`${title} is incorrect format`);
    out[param] = Number(p[param]);
  }
}
