import { getMetadataStorage } from 'class-validator';
import { MorMethodOptions } from '../../src/api/mor-method.decorator';
import { MorRegistry } from '../../src/api/registry.service';
import { Params } from '../../src/api/hash';
import { TestApp } from '../support/test-app';

/**
 * The tenant matrix (issue 18, finding 6): for every registered method, every param that names an
 * object (an id, a username, a DID or card number...), and every pair of caller and foreign owner,
 * the reply to another owner's object is byte-identical to the reply to a missing one. The other
 * id params of the request name the caller's own objects, so the request reaches the lookup.
 * A method taking an id-like param that ID_PARAMS does not classify fails the completeness test.
 */

/** Accounts: the admin (id 0), resellers R1 and R2, the admin's user UA, R1's users U1 and U2, R2's user UR2. */
type Account = 'admin' | 'R1' | 'R2' | 'UA' | 'U1' | 'U2' | 'UR2';
const MANAGER_OF: Record<Account, Account> = { admin: 'admin', R1: 'R1', R2: 'R2', UA: 'admin', U1: 'R1', U2: 'R1', UR2: 'R2' };
const RESELLERS: Account[] = ['R1', 'R2'];
const USERS: Account[] = ['UA', 'U1', 'U2', 'UR2'];

/**
 * Who owns objects of a kind. The admin's account itself (user id 0) is not probed as a foreign
 * account: MOR's filters read 0 as "no user"; the admin's user UA stands for its accounts.
 */
/** Who owns objects of a kind: managers (admin, resellers), users, or any account (the account itself). */
type Owners = 'managers' | 'users' | 'accounts';
const OWNERS: Record<Owners, Account[]> = { managers: ['admin', ...RESELLERS], users: USERS, accounts: ['admin', ...RESELLERS, ...USERS] };

/** The callers probed, the owners foreign to them, and whose objects fill a request's other id params. */
const CALLERS: { caller: 'R1' | 'U1'; role: string; foreign: Account[]; own: Record<Owners, Account> }[] = [
  { caller: 'R1', role: 'reseller', foreign: ['admin', 'R2', 'UA', 'UR2'], own: { managers: 'R1', users: 'U1', accounts: 'U1' } },
  { caller: 'U1', role: 'user', foreign: ['admin', 'R2', 'U2', 'UR2', 'R1'], own: { managers: 'R1', users: 'U1', accounts: 'U1' } },
];
/** A user's own reseller owns the tariffs, LCRs... the user works with: not foreign to it for manager-owned kinds. */
const foreignFor = (caller: (typeof CALLERS)[number], owners: Owners) =>
  caller.foreign.filter((a) => OWNERS[owners].includes(a) && !(owners === 'managers' && a === MANAGER_OF[caller.caller]) && !(owners === 'accounts' && a === 'admin'));

/** An object's values by form (id, number, username...). */
type Obj = Record<string, string>;
/** A value naming nothing, fresh for each probe (a write probe may create what it names). */
let probes = 0;
const missing = (form: string): string => {
  const n = ++probes;
  const values: Obj = { id: String(9000000 + n), username: `nosuch-account-${n}`, name: `nosuch-object-${n}`, number: `90000${n}999`, did: `9999000${n}`, pin: `9000${n}19`, cli: `9999100${n}` };
  return values[form];
};

const DATE = '2026-01-01 00:00:00';
interface Fixtures {
  ids: Record<Account, number>;
  /** A fresh row in `table`, with an id from the fixture range (so ids never collide with missing ones). */
  row(table: string, values: Record<string, string | number>): Promise<number>;
  obj(kind: string, owner: Account): Promise<Obj>;
}

/** How to make one object of each kind for an owner (plain rows: the matrix probes lookups, not creation). */
const KINDS = {
  account: { owners: 'accounts', make: async (f, o) => ({ id: String(f.ids[o]), username: o === 'admin' ? 'admin' : `tm-${o}` }) },
  device: {
    owners: 'users',
    make: async (f, o) => {
      const id = await f.row('devices', { user_id: f.ids[o], device_type: 'SIP', name: `tmdev${o}`, extension: `77${f.ids[o]}`, pin: `66${f.ids[o]}`, secret: 'x' });
      return { id: String(id), name: `tmdev${o}`, extension: `77${f.ids[o]}`, pin: `66${f.ids[o]}` };
    },
  },
  device_rule: { owners: 'users', make: async (f, o) => ({ id: String(await f.row('device_rules', { device_id: (await f.obj('device', o)).id, name: 'r' })) }) },
  devicegroup: { owners: 'users', make: async (f, o) => ({ id: String(await f.row('devicegroups', { user_id: f.ids[o], name: `g${o}` })) }) },
  cli: {
    owners: 'users',
    make: async (f, o) => {
      const cli = `5550${f.ids[o]}`;
      return { id: String(await f.row('device_clis', { device_id: (await f.obj('device', o)).id, cli })), cli };
    },
  },
  tariff: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('tariffs', { name: `T${o}`, purpose: 'user', owner_id: f.ids[o], currency: 'USD' })) }) },
  lcr: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('lcrs', { name: `L${o}`, owner_id: f.ids[o] })) }) },
  location: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('locations', { name: `Loc${o}`, owner_id: f.ids[o] })) }) },
  location_rule: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('location_rules', { location_id: (await f.obj('location', o)).id, name: 'lr' })) }) },
  provider: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('providers', { name: `P${o}`, tech: 'SIP', user_id: f.ids[o], tariff_id: (await f.obj('tariff', o)).id })) }) },
  provider_rule: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('provider_rules', { provider_id: (await f.obj('provider', o)).id, name: 'pr' })) }) },
  /** A DID the admin owns, given to a reseller (reseller_id) or kept (0). */
  did: {
    owners: 'managers',
    make: async (f, o) => {
      const did = `3701${f.ids[o]}`;
      return { id: String(await f.row('dids', { did, status: 'free', reseller_id: f.ids[o], provider_id: (await f.obj('provider', 'admin')).id })), did };
    },
  },
  /** A DID assigned to a user (quickforwards work on these). */
  user_did: {
    owners: 'users',
    make: async (f, o) => {
      const did = `3702${f.ids[o]}`;
      const values = { did, status: 'active', user_id: f.ids[o], reseller_id: f.ids[MANAGER_OF[o]], device_id: (await f.obj('device', o)).id, provider_id: (await f.obj('provider', 'admin')).id };
      return { id: String(await f.row('dids', values)), did };
    },
  },
  card_group: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('cardgroups', { name: `CG${o}`, owner_id: f.ids[o] })) }) },
  card: {
    owners: 'managers',
    make: async (f, o) => {
      const number = `880${f.ids[o]}`;
      const pin = `990${f.ids[o]}`;
      return { id: String(await f.row('cards', { cardgroup_id: (await f.obj('card_group', o)).id, owner_id: f.ids[o], number, pin })), number, pin };
    },
  },
  service: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('services', { name: `S${o}`, servicetype: 'one_time', owner_id: f.ids[o], created_at: DATE })) }) },
  subscription: {
    owners: 'users',
    make: async (f, o) => ({ id: String(await f.row('subscriptions', { service_id: (await f.obj('service', MANAGER_OF[o])).id, user_id: f.ids[o], activation_start: DATE, added: DATE })) }),
  },
  phonebook: { owners: 'users', make: async (f, o) => ({ id: String(await f.row('phonebooks', { user_id: f.ids[o], name: 'pb', number: '123' })) }) },
  number_pool: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('number_pools', { name: `NP${o}`, owner_id: f.ids[o] })) }) },
  invoice: {
    owners: 'users',
    make: async (f, o) => {
      const values = { user_id: f.ids[o], owner_id: f.ids[MANAGER_OF[o]], number: `INV${o}`, period_start: DATE, period_end: DATE, issue_date: DATE, created_at: DATE, updated_at: DATE };
      return { id: String(await f.row('invoices', values)) };
    },
  },
  credit_note: {
    owners: 'users',
    make: async (f, o) => ({ id: String(await f.row('credit_notes', { user_id: f.ids[o], owner_id: f.ids[MANAGER_OF[o]], number: `CN${o}`, issue_date: DATE, created_at: DATE })) }),
  },
  recording: { owners: 'users', make: async (f, o) => ({ id: String(await f.row('recordings', { user_id: f.ids[o], datetime: DATE })) }) },
  campaign: { owners: 'users', make: async (f, o) => ({ id: String(await f.row('campaigns', { name: `C${o}`, user_id: f.ids[o] })) }) },
  ivr: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('ivrs', { name: `I${o}`, user_id: f.ids[o] })) }) },
  ivr_time_period: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('ivr_time_periods', { name: `TP${o}`, user_id: f.ids[o] })) }) },
  ivr_dial_plan: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('ivr_dial_plans', { name: `DP${o}`, user_id: f.ids[o] })) }) },
  monitoring: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('monitorings', { owner_id: f.ids[o], user_id: 0, created_at: DATE })) }) },
  sms_tariff: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('sms_tariffs', { name: `ST${o}`, owner_id: f.ids[o] })) }) },
  sms_lcr: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('sms_lcrs', { name: `SL${o}`, owner_id: f.ids[o] })) }) },
  pbx_pool: { owners: 'managers', make: async (f, o) => ({ id: String(await f.row('pbx_pools', { name: `PX${o}`, owner_id: f.ids[o] })) }) },
  active_call: {
    owners: 'users',
    make: async (f, o) => ({ id: String(await f.row('activecalls', { uniqueid: `tm-${o}`, start_time: DATE, user_id: f.ids[o], owner_id: f.ids[MANAGER_OF[o]] })) }),
  },
} satisfies Record<string, { owners: Owners; make: (f: Fixtures, owner: Account) => Promise<Obj> }>;
type KindName = keyof typeof KINDS;

/** A param naming an object: its kind and the object's value it carries (`id` unless said). */
type Ref = { kind: KindName; form?: string; /** Caller roles that send it (others' methods ignore it). */ roles?: string[] };
/** A param that looks like an id but names no tenant's object, and why. */
type NotRef = { none: string };

/** By `method.param` first, then by param name. */
const ID_PARAMS: Record<string, Ref | NotRef> = {
  user_id: { kind: 'account' },
  username: { kind: 'account', form: 'username' },
  s_user: { kind: 'account' },
  s_user_id: { kind: 'account' },
  // A simple user deletes its own recordings whatever s_user_id says.
  'recordings_delete.s_user_id': { kind: 'account', roles: ['reseller'] },
  s_dst_user_id: { kind: 'account' },
  s_reseller: { kind: 'account' },
  reseller_id: { kind: 'account' },
  users_id: { kind: 'account' },
  user_ids: { kind: 'account' },
  did_user_id: { kind: 'account' },
  email_to_user_id: { kind: 'account' },
  new_owner_id: { kind: 'account' },
  distributor_id: { kind: 'account' },
  'monitoring_addon_activate.users': { kind: 'account' },
  u31: { kind: 'account' },
  device: { kind: 'device' },
  device_id: { kind: 'device' },
  devices_id: { kind: 'device' },
  s_device: { kind: 'device' },
  s_device_id: { kind: 'device' },
  s_dst_device: { kind: 'device' },
  device_u: { kind: 'device', form: 'name' },
  u7: { kind: 'device' },
  device_rule_id: { kind: 'device_rule' },
  devicegroup_id: { kind: 'devicegroup' },
  'cli_delete.cli_number': { kind: 'cli', form: 'cli' },
  'cli_info_get.cli': { kind: 'cli', form: 'cli' },
  tariff_id: { kind: 'tariff' },
  tariff: { kind: 'tariff' },
  u5: { kind: 'tariff' },
  owner_tariff_id: { kind: 'tariff' },
  provider_tariff_id: { kind: 'tariff' },
  lega_tariff_id: { kind: 'tariff' },
  lega_reseller_tariff_id: { kind: 'tariff' },
  'tariff_wholesale_update.id': { kind: 'tariff' },
  lcr_id: { kind: 'lcr' },
  lega_lcr_id: { kind: 'lcr' },
  u1: { kind: 'lcr' },
  'sms_send.lcr_id': { kind: 'sms_lcr' },
  sms_lcr_id: { kind: 'sms_lcr' },
  sms_tariff_id: { kind: 'sms_tariff' },
  location_id: { kind: 'location' },
  device_location_id: { kind: 'location' },
  new_location_id: { kind: 'location' },
  location_rule_id: { kind: 'location_rule' },
  provider_id: { kind: 'provider' },
  s_provider: { kind: 'provider' },
  did_provider_id: { kind: 'provider' },
  provider_rule_id: { kind: 'provider_rule' },
  did: { kind: 'did', form: 'did' },
  'did_create.did': { none: 'a new DID number (global uniqueness)' },
  'quickforwards_did_update.did': { kind: 'user_did', form: 'did' },
  'quickforwards_did_delete.did': { kind: 'user_did', form: 'did' },
  did_id: { kind: 'did' },
  dids_id: { kind: 'did' },
  s_did: { kind: 'did', form: 'did' },
  card_group_id: { kind: 'card_group' },
  cardgroup_id: { kind: 'card_group' },
  cc_group_id: { kind: 'card_group' },
  'card_group_get.id': { kind: 'card_group' },
  'card_from_group_sell.id': { kind: 'card_group' },
  card_id: { kind: 'card' },
  'card_balance_get.number': { kind: 'card', form: 'number' },
  'card_payment_add.number': { kind: 'card', form: 'number' },
  'card_by_cli_update.pin': { kind: 'card', form: 'pin' },
  'cc_by_cli_old.pin': { kind: 'card', form: 'pin' },
  service_id: { kind: 'service' },
  subscription_id: { kind: 'subscription' },
  phonebook_id: { kind: 'phonebook' },
  'phonebook_record_delete.id': { kind: 'phonebook' },
  number_pool_id: { kind: 'number_pool' },
  invoice_id: { kind: 'invoice' },
  'invoice_update.id': { kind: 'invoice' },
  credit_note_id: { kind: 'credit_note' },
  recording_id: { kind: 'recording' },
  campaign_id: { kind: 'campaign' },
  'autodialer_change_campaign_status.id': { kind: 'campaign' },
  'autodialer_get_campaign_ivr_poll_results.id': { kind: 'campaign' },
  'autodialer_get_campaign_statistics.id': { kind: 'campaign' },
  'autodialer_redial_all_failed_calls.id': { kind: 'campaign' },
  'autodialer_upload_numbers.id': { kind: 'campaign' },
  ivr_id: { kind: 'ivr' },
  ivr_time_period_id: { kind: 'ivr_time_period' },
  ivr_dial_plan_id: { kind: 'ivr_dial_plan' },
  monitoring_id: { kind: 'monitoring' },
  u29: { kind: 'pbx_pool' },
  active_call_id: { kind: 'active_call' },
  // Not a reference to a tenant's object:
  'user_register.id': { none: "the registering reseller's uniquehash: it selects the tenant whose key signs" },
  'user_register.username': { none: 'a new value (global uniqueness: UNIQUE_PARAMS)' },
  'device_update.username': { none: "the device's new SIP username" },
  'user_simple_balance_get.id': { none: 'no API caller: identified by device_key' },
  'cli_add.cli_number': { none: 'a new value (global uniqueness: UNIQUE_PARAMS)' },
  'device_create.pin': { none: 'a new value (global uniqueness: UNIQUE_PARAMS)' },
  u9: { none: 'a new username (global uniqueness: UNIQUE_PARAMS)' },
  number: { none: 'a phone number or a new document number, not an object' },
  s_number: { none: 'a search pattern' },
  caller_id: { none: 'a caller ID text' },
  client_id: { none: 'a company or personal id text' },
  country_id: { none: 'global reference data (directions)' },
  u14: { none: 'global reference data (directions)' },
  u11: { none: 'accountant permission groups are the admin\u2019s (admin-only field)' },
  u16: { none: 'quickforwards rules are global' },
  u24: { none: 'sound files are global' },
  uniqueid: { none: "the switch's call id" },
  s_uniqueid: { none: "the switch's call id (search)" },
  callback_uniqueid: { none: "the switch's call id" },
  s_id: { none: "a rate row of the DID named by did (scoped by it)" },
  number_ids: { none: 'numbers of the pool named by number_pool_id (scoped by it)' },
  location_group_id: { none: 'location groups are not stored' },
  quality_routing_id: { none: 'quality routing tables are not stored' },
  dest_gr_id: { none: 'destination groups are global' },
  voucher_number: { none: 'vouchers are global: any account may redeem one' },
  server_id: { none: 'servers are global (the admin\u2019s switch infrastructure)' },
  s_server: { none: 'servers are global (the admin\u2019s switch infrastructure)' },
  email_name: { none: 'e-mail templates are looked up by name within the caller\u2019s own set' },
};

/** Param names the completeness test treats as naming an object. */
const ID_LIKE = /(^|_)(id|ids)$|^(device|did|username|user|users|provider|tariff|service|number|pin|cli_number|device_u|u(1|5|7|9|11|14|16|24|29|31))$|^s_(user|device|provider|did|reseller|server|dst_device|dst_user_id|number)$/;

/** Params a method reads beyond its hash and DTO. */
const UNDECLARED: Record<string, string[]> = {
  device_update: ['location_id', 'new_location_id'],
  device_clis_get: ['devices_id', 'users_id'],
  cli_info_get: ['cli'],
  number_pools_get: ['user_ids'],
  number_pool_numbers_delete: ['number_ids'],
  user_sms_service_subscribe: ['sms_lcr_id'],
  service_update: ['new_owner_id'],
  calling_cards_create: ['distributor_id'],
  callback_init: ['campaign_id', 'lega_lcr_id', 'lega_tariff_id', 'lega_reseller_tariff_id', 'server_id'],
  user_calls_get: ['s_user_id', 's_dst_user_id', 's_reseller', 's_dst_device', 's_server'],
  local_calls_get: ['s_user_id', 's_device', 's_provider'],
  payments_get: ['user_id'],
  phonebooks_get: ['user_id'],
  phonebook_edit: ['user_id'],
  voucher_use: ['user_id'],
  recordings_get: ['s_user_id', 's_device_id'],
  user_details_update: ['u1', 'u5', 'u7', 'u9', 'u11', 'u14', 'u16', 'u24', 'u29', 'u31'],
};

/** Id params that name the target in alternative ways (the first sent wins): the probe of one sends none of the others. */
const ALTERNATIVES: Record<string, string[]> = {
  recordings_delete: ['recording_id', 's_user_id', 's_device_id'],
  device_details_get: ['device_id', 'device_u'],
  user_details_get: ['user_id', 'username'],
  user_details_raw_get: ['user_id', 'username'],
  device_clis_get: ['devices_id', 'users_id'],
};

/** Non-id values that let a request get past its own validation to the lookups (by param name). */
const FILLERS: Params = { name: 'tmx', cut: '9', add: '8', description: 'd', new_service_name: 'tms', new_service_type: 'one_time', quantity: '1', amount: '1', currency: 'USD', state: 'on' };

/** Params a method needs besides ids and fillers to get to its lookups (fresh per request where they must be unique). */
const BASES: Record<string, () => Params> = {
  did_create: () => ({ did: `37990${++probes}` }),
  user_register: () => {
    const n = ++probes;
    return { id: 'uhtm-R1', username: `tmreg${n}`, first_name: 'R', last_name: 'A', email: `tmreg${n}@example.com`, device_type: 'SIP', country_id: '1', password: 'racer-pass-1', password2: 'racer-pass-1' };
  },
};

/**
 * Proof that probes reach the lookup they test: for these, the missing-id reply must be the
 * method's missing-object text (a vacuous probe, refused earlier, would answer something else).
 */
const REACHES: Record<string, string> = {
  'user_register.device_location_id': 'Location was not found',
  'device_update.new_location_id': 'Location was not found',
  'location_rule_create.location_id': 'Location not found',
  'location_rule_create.lcr_id': 'LCR was not found',
  'location_rule_create.device_id': 'Device not found',
  'location_rule_update.lcr_id': 'LCR was not found',
  'did_create.provider_id': 'Provider was not found',
  'did_details_update.did_provider_id': 'Provider was not found',
  'did_details_update.did_user_id': 'User was not found',
  'did_device_assign.device_id': 'Device was not found',
  'did_device_assign.did': 'DID was not found',
  'cli_delete.cli_number': 'CLI was not found',
  'cli_info_get.cli': 'CLI not found',
  'device_callflow_get.device_id': 'Device was not found',
  'phonebook_edit.phonebook_id': 'Phonebook was not found',
  'quickforwards_did_delete.did': 'DID was not found',
  'user_details_update.user_id': 'User was not found',
  'user_details_get.user_id': 'User was not found',
  'device_create.user_id': 'User was not found',
};

function dtoProperties(dto: (new () => object) | undefined): string[] {
  if (!dto) return [];
  return getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName);
}
function paramsOf(method: MorMethodOptions): string[] {
  return [...new Set([...method.hash, ...(method.hashAlso ?? []).flat(), ...dtoProperties(method.input), ...(UNDECLARED[method.name] ?? [])])];
}
const entryFor = (method: string, param: string) => ID_PARAMS[`${method}.${param}`] ?? ID_PARAMS[param];

/** A reply's text for a failure message: the error when there is one, else the body without the declaration. */
const brief = (body: string) => /<(error|status_message)>([^<]*)</.exec(body)?.[2] ?? body.replace(/^<\?xml[^>]*>\s*/, '').replace(/\s+/g, ' ').slice(0, 300);

/** The reply with every occurrence of the probed value replaced (for replies that echo it). */
const normalized = (body: string, value: string) => (value.length >= 5 ? body.split(value).join('{ID}') : body);

/**
 * Values that must be unique system-wide (a new username, PIN, extension, CLI, DID number): that one
 * is taken must be said, but a value another tenant holds answers exactly like one the caller's own
 * tenant holds (R1's other user U2), naming nobody.
 */
const UNIQUE_PARAMS: { method: string; param: string; kind: KindName; form: string; target: (own: (k: KindName) => Promise<Obj>) => Promise<Params> }[] = [
  { method: 'user_details_update', param: 'u9', kind: 'account', form: 'username', target: async (own) => ({ user_id: (await own('account')).id }) },
  { method: 'device_update', param: 'pin', kind: 'device', form: 'pin', target: async (own) => ({ device: (await own('device')).id }) },
  { method: 'device_update', param: 'extension', kind: 'device', form: 'extension', target: async (own) => ({ device: (await own('device')).id }) },
  { method: 'device_create', param: 'pin', kind: 'device', form: 'pin', target: async (own) => ({ user_id: (await own('account')).id, type: 'SIP' }) },
  { method: 'user_register', param: 'username', kind: 'account', form: 'username', target: async () => BASES.user_register() },
  { method: 'did_create', param: 'did', kind: 'did', form: 'did', target: async (own) => ({ provider_id: (await own('provider')).id }) },
];

describe('Tenant matrix: a foreign id answers byte for byte like a missing one', () => {
  let t: TestApp;
  let methods: MorMethodOptions[];
  const KEYS: Record<string, string> = { R1: 'tm-key-r1', R2: 'tm-key-r2' };
  let fixtures: Fixtures;

  beforeAll(async () => {
    t = await TestApp.start();
    methods = t.app.get(MorRegistry).methods();
    const ids = { admin: 0 } as Record<Account, number>;
    let next = 70000;
    for (const r of RESELLERS) ids[r] = (await t.createReseller(`tm-${r}`, KEYS[r], { id: ++next } as never)).id;
    for (const u of USERS) ids[u] = (await t.createUser({ username: `tm-${u}`, owner_id: ids[MANAGER_OF[u]], id: ++next } as never)).id;
    const cache = new Map<string, Promise<Obj>>();
    fixtures = {
      ids,
      row: async (table, values) => {
        const id = ++next;
        const cols = ['id', ...Object.keys(values)];
        await t.db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, [id, ...Object.values(values)]);
        return id;
      },
      obj: (kind, owner) => {
        const key = `${kind}/${owner}`;
        if (!cache.has(key)) cache.set(key, (KINDS[kind as KindName].make as (f: Fixtures, o: Account) => Promise<Obj>)(fixtures, owner));
        return cache.get(key)!;
      },
    };
    await t.settings.set('api_allow_registration', '1');
    await t.settings.set('api_allow_registration', '1', ids.R1);
    // Every object up front, so the objects the probes name exist before any probe writes.
    for (const [kind, spec] of Object.entries(KINDS)) for (const owner of OWNERS[spec.owners as Owners]) await fixtures.obj(kind as KindName, owner);
  }, 120_000);
  afterAll(async () => t?.close());

  it('classifies every id-like param of every method (new methods cannot slip through)', () => {
    const unclassified = methods.flatMap((m) => paramsOf(m).filter((p) => ID_LIKE.test(p) && !entryFor(m.name, p)).map((p) => `${m.name}.${p}`));
    expect(unclassified).toEqual([]);
  });

  it('a unique value held by another tenant answers like one held in the caller\'s own tenant', async () => {
    const differences: string[] = [];
    const signer = { u: 'tm-R1', key: KEYS.R1 };
    // R1's own objects; the own-tenant holder of a value is R1's other user U2 (R1 itself for manager-owned kinds).
    const own = (k: KindName) => fixtures.obj(k, KINDS[k].owners === 'managers' ? 'R1' : 'U1');
    const holder = (k: KindName): Account => (KINDS[k].owners === 'managers' ? 'R1' : 'U2');
    for (const u of UNIQUE_PARAMS) {
      for (const owner of ['R2', 'UR2', 'UA'] as Account[]) {
        if (!OWNERS[KINDS[u.kind].owners as Owners].includes(owner)) continue;
        const foreign = (await fixtures.obj(u.kind, owner))[u.form];
        const mine = (await fixtures.obj(u.kind, holder(u.kind)))[u.form];
        const a = await t.call(u.method, { ...(await u.target(own)), [u.param]: foreign }, signer);
        const b = await t.call(u.method, { ...(await u.target(own)), [u.param]: mine }, signer);
        if (process.env.TENANT_MATRIX_VERBOSE) console.log(u.method, u.param, owner, brief(a.body), '|', brief(b.body));
        if (brief(a.body) !== brief(b.body) || !a.body.includes('<error>')) differences.push(`${u.method}.${u.param} (${owner}'s): ${brief(a.body)} | own tenant's: ${brief(b.body)}`);
      }
    }
    // cli_add names the owner of a CLI only when the caller may see it (finding 13).
    const cli = async (owner: Account) => (await t.call('cli_add', { device_id: (await own('device')).id, cli_number: (await fixtures.obj('cli', owner)).cli }, signer)).body;
    expect(brief(await cli('U2'))).toBe('CLI already exists. It is assigned to tm-U2 device');
    for (const owner of ['UR2', 'UA'] as Account[]) expect(brief(await cli(owner))).toBe('CLI already exists. It is assigned to user_name device');
    expect(differences).toEqual([]);
  });

  it('every method, id param and foreign owner: the reply equals the missing id reply', async () => {
    const started = Date.now();
    const oracles: string[] = [];
    const counted = { methods: 0, idParams: 0, pairs: 0, normalized: 0, reads: 0, readsReached: 0, reachChecked: 0 };
    const unreachedWrites: string[] = [];
    const unreached: string[] = [];
    for (const method of methods) {
      const refs = paramsOf(method).flatMap((p) => {
        const entry = entryFor(method.name, p);
        return entry && 'kind' in entry ? [{ param: p, ...entry }] : [];
      });
      if (refs.length === 0) continue;
      counted.methods++;
      counted.idParams += refs.length;
      for (const caller of CALLERS) {
        if (!method.roles.includes(caller.role as never)) continue;
        // The request's other params: fillers, and the caller's own object for every id param.
        const base: Params = {};
        for (const p of paramsOf(method)) if (FILLERS[p] !== undefined) base[p] = FILLERS[p];
        for (const ref of refs) base[ref.param] = (await fixtures.obj(ref.kind, caller.own[KINDS[ref.kind].owners as Owners]))[ref.form ?? 'id'];
        const signer = { u: `tm-${caller.caller}`, key: KEYS[MANAGER_OF[caller.caller]] };
        for (const ref of refs) {
          if (ref.roles && !ref.roles.includes(caller.role)) continue;
          for (const owner of foreignFor(caller, KINDS[ref.kind].owners as Owners)) {
            const foreign = (await fixtures.obj(ref.kind, owner))[ref.form ?? 'id'];
            const absent = missing(ref.form ?? 'id');
            const others = { ...base };
            if (ALTERNATIVES[method.name]?.includes(ref.param)) for (const alt of ALTERNATIVES[method.name]) delete others[alt];
            const a = await t.call(method.name, { ...BASES[method.name]?.(), ...others, [ref.param]: foreign }, signer);
            const b = await t.call(method.name, { ...BASES[method.name]?.(), ...others, [ref.param]: absent }, signer);
            const reach = REACHES[`${method.name}.${ref.param}`];
            if (reach !== undefined) {
              counted.reachChecked++;
              if (brief(b.body) !== reach) unreachedWrites.push(`${method.name}.${ref.param} (${caller.caller}): ${brief(b.body)}, expected ${reach}`);
            }
            counted.pairs++;
            const [fa, fb] = [normalized(a.body, foreign), normalized(b.body, absent)];
            if (fa !== a.body || fb !== b.body) counted.normalized++;
            if (method.access === 'read') {
              // A read is probed with the caller's own object too: a reply that differs shows the lookup was reached.
              const own = (await fixtures.obj(ref.kind, caller.own[KINDS[ref.kind].owners as Owners]))[ref.form ?? 'id'];
              const c = await t.call(method.name, { ...others, [ref.param]: own }, signer);
              counted.reads++;
              if (normalized(c.body, own) !== fb) counted.readsReached++;
              else unreached.push(`${method.name}.${ref.param} (${caller.caller}): ${brief(fb)}`);
            }
            if (fa !== fb) oracles.push(`${method.name} ${ref.param} (${caller.caller} -> ${owner}'s ${ref.kind}): ${brief(fa)} | missing: ${brief(fb)}`);
          }
        }
      }
    }
    console.log(`tenant matrix: ${counted.methods} methods, ${counted.idParams} id params, ${counted.pairs} pairs (${counted.normalized} with the id echoed), ${oracles.length} oracles, ${Date.now() - started} ms; read pairs whose own-object reply differs (lookup reached): ${counted.readsReached} of ${counted.reads}; write probes proven to reach their lookup: ${counted.reachChecked}`);
    if (process.env.TENANT_MATRIX_VERBOSE) console.log([...new Set(unreached)].join('\n'));
    expect(oracles).toEqual([]);
    expect(unreachedWrites).toEqual([]);
  }, 600_000);
});
