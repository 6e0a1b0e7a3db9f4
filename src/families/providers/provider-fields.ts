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

const OUTPUT: (keyof Provider)[] = [
  'id', 'name', 'tech', 'channel', 'login', 'password', 'server_ip', 'port', 'tariff_id', 'timeout', 'call_limit',
  'register', 'user_id', 'balance_limit', 'active', 'hidden', 'ipaddr', 'network_type', 'dtmfmode', 'max_timeout',
  'cid_name', 'cid_number', 'fromdomain', 'location_id', 'server_ids',
];

/** One `<provider>` of providers_get; MOR returns the password in clear (wiki sample). */
export function providerRow(p: Provider): Record<string, string> {
  return Object.fromEntries(OUTPUT.map((k) => [k, String(p[k] ?? '')]));
}
