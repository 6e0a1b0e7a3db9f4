import type { Role } from '../../api/mor-method.decorator';
import { formatAmount, money } from '../../billing/money';

/**
 * user_calls_get's `<call>` elements per role (06 §2.2): children in alphabetical order, then
 * `<timezone>` right after `<calldate2>` and `<uniqueid>` last. Admin and accountant see every
 * party; a reseller sees its cost as self_cost_* and no prefix; a user its own price only.
 */
const ADMIN = [
  'calldate2', 'clid', 'destination', 'did', 'did_inc_price', 'did_price', 'did_prov_price', 'dispod', 'dst', 'nice_billsec', 'nice_reseller', 'prefix', 'profit',
  'provider_name', 'provider_price', 'provider_rate', 'reseller_price', 'reseller_rate', 'server_id', 'src', 'user', 'user_currency', 'user_exchange_rate', 'user_id',
  'user_price', 'user_rate',
];
const RESELLER = [
  'calldate2', 'clid', 'destination', 'did', 'dispod', 'dst', 'nice_billsec', 'profit', 'self_cost_price', 'self_cost_rate', 'server_id', 'src', 'user', 'user_currency',
  'user_exchange_rate', 'user_id', 'user_price', 'user_rate',
];
const USER = ['calldate2', 'clid', 'destination', 'dispod', 'dst', 'nice_billsec', 'prefix', 'src', 'user_currency', 'user_exchange_rate', 'user_id', 'user_price'];

export function callColumns(role: Role): string[] {
  const list = role === 'admin' || role === 'accountant' ? ADMIN : role === 'reseller' ? RESELLER : USER;
  return [...list];
}

/** A CDR row as the query reads it (calls.* plus joined names). */
export type CallRow = Record<string, unknown>;

const price = (v: unknown) => formatAmount(money(v as string), 6);

/** One `<call>` for a role. `currency`/`rate`: the user's currency and exchange rate. */
export function callElement(row: CallRow, role: Role, currency: { name: string; rate: string }): Record<string, string> {
  const value: Record<string, () => string> = {
    calldate2: () => String(row.calldate_text), clid: () => String(row.clid), destination: () => String(row.destination), did: () => String(row.did_number ?? ''),
    did_inc_price: () => price(row.did_inc_price), did_price: () => price(row.did_price), did_prov_price: () => price(row.did_prov_price),
    dispod: () => `${row.disposition}(${row.hangupcause})`, dst: () => String(row.dst), nice_billsec: () => String(row.billsec),
    nice_reseller: () => String(row.reseller_name ?? ''), prefix: () => String(row.prefix),
    profit: () => price(role === 'reseller' ? money(row.user_price as string).minus(money(row.reseller_price as string)) : money(row.user_price as string).plus(money(row.did_inc_price as string)).minus(money(row.provider_price as string))),
    provider_name: () => String(row.provider_name ?? ''), provider_price: () => price(row.provider_price), provider_rate: () => price(row.provider_rate),
    reseller_price: () => price(row.reseller_price), reseller_rate: () => price(row.reseller_rate), self_cost_price: () => price(row.reseller_price),
    self_cost_rate: () => price(row.reseller_rate), server_id: () => String(row.server_id), src: () => String(row.src), user: () => String(row.user_name ?? ''),
    user_currency: () => currency.name, user_exchange_rate: () => currency.rate, user_id: () => String(row.user_id), user_price: () => price(row.user_price),
    user_rate: () => price(row.user_rate),
  };
  const out: Record<string, string> = {};
  for (const column of callColumns(role)) {
    out[column] = value[column]();
    if (column === 'calldate2') out.timezone = 'GMT +00:00';
  }
  out.uniqueid = String(row.uniqueid);
  return out;
}

/** order_by values → SQL (money columns ordered as numbers; display order only, no arithmetic). */
export const ORDER_BY: Record<string, string> = {
  time: 'c.calldate', src: 'c.src', dst: 'c.dst', prefix: 'c.prefix', nice_billsec: 'c.billsec', hgc: 'c.hangupcause', server: 'c.server_id',
  p_name: 'provider_name', p_rate: 'N(c.provider_rate)', p_price: 'N(c.provider_price)', reseller: 'c.reseller_id', r_rate: 'N(c.reseller_rate)',
  r_price: 'N(c.reseller_price)', user: 'c.user_id', u_rate: 'N(c.user_rate)', u_price: 'N(c.user_price)', number: 'did_number', d_provider: 'c.did_provider_id',
  d_inc: 'N(c.did_inc_price)', d_owner: 'N(c.did_price)',
};

export const CALL_TYPES: Record<string, string> = { answered: 'ANSWERED', 'no answer': 'NO ANSWER', failed: 'FAILED', busy: 'BUSY' };
