import { MorError } from '../../api/mor-error';
import { isStorableDecimal } from '../../api/dto';
import { toStorage } from '../../billing/money';
import { ProviderTexts } from './provider-texts';
import { Provider } from './provider.entity';

type Check = (value: string) => boolean;
const int: Check = (v) => /^\d{1,9}$/.test(v);
const atLeast = (min: number): Check => (v) => int(v) && Number(v) >= min;
const oneOf = (...values: string[]): Check => (v) => values.includes(v);

interface Field {
  param: keyof Provider & string;
  kind: 'str' | 'int' | 'money';
  check?: Check;
}

export const TECHS = ['dahdi', 'SIP', 'IAX2', 'H323'];

/**
 * Settings provider_create / provider_update accept (02 "Providers"), with the wiki's rules.
 * `tariff_id`, `location_id` and `name` need the database and are checked by the service.
 */
const FIELDS: Field[] = [
  { param: 'tech', kind: 'str', check: oneOf(...TECHS) },
  { param: 'active', kind: 'int', check: oneOf('0', '1') },
  { param: 'dtmfmode', kind: 'str', check: oneOf('inband', 'info', 'rfc2833', 'auto') },
  { param: 'timeout', kind: 'int', check: atLeast(30) },
  { param: 'max_timeout', kind: 'int', check: atLeast(0) },
  { param: 'call_limit', kind: 'int', check: atLeast(0) },
  { param: 'balance_limit', kind: 'money', check: isStorableDecimal },
  { param: 'login', kind: 'str', check: (v) => !['anonymous', 'unknown'].includes(v.toLowerCase()) && v.length <= 255 },
  { param: 'password', kind: 'str', check: (v) => v.length <= 255 },
  { param: 'register', kind: 'int', check: oneOf('0', '1') },
  { param: 'cid_name', kind: 'str', check: (v) => v.length <= 255 },
  { param: 'cid_number', kind: 'str', check: (v) => v.length <= 255 },
  { param: 'network_type', kind: 'str', check: oneOf('hostname', 'ip', 'dynamic') },
  { param: 'server_ip', kind: 'str', check: (v) => v.length <= 255 },
  { param: 'ipaddr', kind: 'str', check: (v) => v.length <= 255 },
  { param: 'port', kind: 'int', check: atLeast(1) },
  { param: 'fromdomain', kind: 'str', check: (v) => v.length <= 255 },
  { param: 'server_ids', kind: 'str', check: (v) => /^\d+(,\d+)*$/.test(v) && v.length <= 255 },
];

/** The sent settings as column values; a value breaking its rule → "Invalid <param>". */
export function providerSettings(params: Record<string, string>): Partial<Provider> {
  const changes: Record<string, string | number> = {};
  for (const field of FIELDS) {
    const value = params[field.param];
    if (value === undefined || value === '') continue;
    if (field.check && !field.check(value)) throw new MorError(ProviderTexts.invalid(field.param));
    changes[field.param] = field.kind === 'int' ? Number(value) : field.kind === 'money' ? toStorage(value) : value;
  }
  return changes as Partial<Provider>;
}

/** A dynamic (registering-to-us) provider has no fixed address and never registers itself. */
export function normalizeNetwork(p: Pick<Provider, 'network_type' | 'server_ip' | 'ipaddr' | 'port' | 'register'>): void {
  if (p.network_type !== 'dynamic') return;
  p.server_ip = 'dynamic';
  p.ipaddr = '';
  p.port = 0;
  p.register = 0;
}

/**
 * What MOR reports for a provider setting this server does not keep, because it has nothing the
 * value could mean here: per-provider priority/quality and cut/add (superseded by LCR links and
 * provider rules), the provider's device, terminators, shared ("common use") providers, periodic
 * checks, contact infos, sounds, static number lists, MNP, CLI tariffs and responsible accountants.
 * `''` is MOR's nil (rendered `<x/>`). docs/decisions.md "LCR and localization".
 */
export const PROVIDER_DEFAULTS = {
  priority: '1', quality: '1', cut_a: '0', cut_b: '0', add_a: '', add_b: '', device_id: '', ani: '0', terminator_id: '0',
  common_use: '0', alive: '1', periodic_check: '0', contact_info_id: '', contact_info_partners_id: '', contact_info_noc_id: '',
  contact_info_rates_provisioning_id: '', contact_info_billing_provisioning_id: '', playback_before_dial: '0',
  playback_before_dial_mode: '0', prov_enable_static_source_list: 'no', prov_static_source_list_id: '', enable_mnp_tags: '0',
  responsible_accountant_id: '', prov_enable_static_destination_list: 'no', prov_static_destination_list_id: '',
  use_tariffs_by_clis: '0', use_default_tariff_if_by_cli_not_found: '0',
} as const;

type OutputKey = keyof Provider | keyof typeof PROVIDER_DEFAULTS;

/**
 * The `<provider>` elements in the reference's order: the wiki sample up to `call_limit`, then the
 * elements the client reads, in its order (02 "Providers"). Our further settings, which MOR keeps on
 * the provider's device rather than in this list, follow in their earlier relative order.
 */
export const PROVIDER_ELEMENTS: readonly OutputKey[] = [
  'id', 'name', 'tech', 'channel', 'login', 'password', 'server_ip', 'port', 'priority', 'quality', 'tariff_id', 'cut_a',
  'cut_b', 'add_a', 'add_b', 'device_id', 'ani', 'timeout', 'call_limit',
  'interpret_noanswer_as_failed', 'interpret_busy_as_failed', 'register', 'reg_extension', 'terminator_id', 'reg_line',
  'hidden', 'use_p_asserted_identity', 'user_id', 'common_use', 'balance', 'balance_limit', 'cps_call_limit', 'cps_period',
  'alive', 'periodic_check', 'active', 'contact_info_id', 'contact_info_partners_id', 'contact_info_noc_id',
  'contact_info_rates_provisioning_id', 'contact_info_billing_provisioning_id', 'tech_details_info', 'privacy_from_domain',
  'privacy_callerid', 'playback_before_dial', 'playback_before_dial_mode', 'prov_enable_static_source_list',
  'prov_static_source_list_id', 'enable_mnp_tags', 'responsible_accountant_id', 'sip_request_uri', 'sip_to_uri',
  'prov_enable_static_destination_list', 'prov_static_destination_list_id', 'use_tariffs_by_clis',
  'use_default_tariff_if_by_cli_not_found',
  'ipaddr', 'network_type', 'dtmfmode', 'max_timeout', 'cid_name', 'cid_number', 'fromdomain', 'location_id', 'server_ids',
];

/** One `<provider>` of providers_get; MOR returns the password in clear (wiki sample). */
export function providerRow(p: Provider): Record<string, string> {
  return Object.fromEntries(PROVIDER_ELEMENTS.map((k) => [k, k in PROVIDER_DEFAULTS ? PROVIDER_DEFAULTS[k as keyof typeof PROVIDER_DEFAULTS] : String(p[k as keyof Provider] ?? '')]));
}
