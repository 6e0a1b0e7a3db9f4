import { fromDefaultCurrency } from '../../billing/currency';
import { formatAmount, money } from '../../billing/money';
import { User } from './user.entity';

/** Names and the currency user_details_get prints; amounts are stored in the default currency. */
export interface UserDetailsContext {
  currency: string;
  exchangeRate: string;
  taxationCountry: string;
  country: string;
}

/** A stored float as Ruby prints it (MOR's GUI is Rails): at least one decimal, `18.0`, `18.25`. */
function rubyFloat(value: string): string {
  const d = money(value);
  return d.isInteger() ? d.toFixed(1) : d.toString();
}

/** The columns user_details_get prints or looks up (its reply reads nothing else of the wide users row). */
export const USER_DETAILS_COLUMNS = [
  'language', 'postpaid', 'balance', 'credit', 'username', 'first_name', 'last_name', 'clientid', 'agreement_number', 'agreement_date',
  'taxation_country', 'vat_number', 'vat_percent', 'address', 'postcode', 'city', 'country_id', 'state', 'county', 'phone', 'mob_phone',
  'fax', 'email', 'currency_id',
] as const;
export type UserDetailsRow = Pick<User, (typeof USER_DETAILS_COLUMNS)[number] | 'id'>;

/** user_details_get's <page>, with MOR's element names (note <surname>, not <last_name>). */
export function userDetailsDoc(user: UserDetailsRow, ctx: UserDetailsContext): Record<string, unknown> {
  const currency = ctx.currency;
  const balance = formatAmount(fromDefaultCurrency(user.balance, ctx.exchangeRate));
  const unlimited = money(user.credit).isNegative();
  return {
    page: {
      pagename: 'Personal_details',
      language: user.language || 'en',
      userid: String(user.id),
      details: {
        main_detail: {
          account: user.postpaid ? 'Postpaid' : 'Prepaid',
          balance: `${balance} ${currency}`,
          balance_number: balance,
          balance_currency: currency,
          credit: unlimited ? 'Unlimited' : formatAmount(fromDefaultCurrency(user.credit, ctx.exchangeRate)),
        },
        other_details: {
          username: user.username,
          first_name: user.first_name,
          surname: user.last_name,
          personalid: user.clientid,
          agreement_number: user.agreement_number,
          agreement_date: user.agreement_date ?? '',
          taxation_country: ctx.taxationCountry,
          vat_reg_number: user.vat_number,
          vat_percent: rubyFloat(user.vat_percent),
        },
        registration: {
          reg_address: user.address,
          reg_postcode: user.postcode,
          reg_city: user.city,
          reg_country: ctx.country,
          reg_state: user.state,
          reg_direction: user.county,
          reg_phone: user.phone,
          reg_mobile: user.mob_phone,
          reg_fax: user.fax,
          reg_email: user.email,
        },
      },
    },
  };
}

/** users_get's <user> fields, in MOR's order. */
export const USER_LIST_COLUMNS = ['id', 'username', 'first_name', 'last_name', 'balance', 'blocked', 'lcr_id', 'tariff_id', 'owner_id', 'usertype', 'hidden'] as const;
export type UserListRow = Pick<User, (typeof USER_LIST_COLUMNS)[number]>;

/** users_get's <user> row. */
export function userListRow(user: UserListRow): Record<string, string> {
  return {
    id: String(user.id),
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    balance: formatAmount(user.balance),
    blocked: String(user.blocked),
    lcr_id: user.lcr_id === null ? '' : String(user.lcr_id),
    tariff_id: user.tariff_id === null ? '' : String(user.tariff_id),
    owner_id: String(user.owner_id),
    usertype: user.usertype,
    hidden: String(user.hidden),
  };
}

/** user_details_raw_get: every stored column but the password hash, as stored. */
export function userRawDoc(user: User): Record<string, unknown> {
  const raw: Record<string, string> = {};
  for (const [key, value] of Object.entries(user)) {
    if (key === 'password') continue;
    raw[key] = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  }
  return { page: { user: raw } };
}
