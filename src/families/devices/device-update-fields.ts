import { parseDecimalParam } from '../../api/decimal-param';
import { isValidPin } from '../../billing/device-secret';
import type { Device } from './device.entity';

/** One device_update param: the column it writes and how its text becomes the value (null: invalid). */
interface Field {
  params: string[];
  column: keyof Device;
  parse: (raw: string) => string | number | null;
}

const int = (min = 0) => (raw: string) => (/^\d{1,9}$/.test(raw) && Number(raw) >= min ? Number(raw) : null);
const flag = (raw: string) => (raw === '0' || raw === '1' ? Number(raw) : null);
const oneOf = (values: string[]) => (raw: string) => (values.includes(raw) ? raw : null);
const text = (max: number) => (raw: string) => (raw.length <= max ? raw : null);
const ci = (values: string[]) => (raw: string) => values.find((v) => v.toLowerCase() === raw.toLowerCase()) ?? null;

/** device_update's params (besides `device`, authentication, location, caller ID and fax e-mails, handled apart). */
export const DEVICE_UPDATE_FIELDS: Field[] = [
  { params: ['username', 'device_name'], column: 'name', parse: (r) => (/^[A-Za-z0-9_.@-]{1,100}$/.test(r) ? r : null) },
  { params: ['host'], column: 'host', parse: text(255) },
  { params: ['port'], column: 'port', parse: int() },
  { params: ['hostname'], column: 'hostname', parse: text(255) },
  { params: ['trunk'], column: 'istrunk', parse: (r) => (['0', '1', '2'].includes(r) ? Number(r) : null) },
  { params: ['call_limit'], column: 'call_limit', parse: int() },
  { params: ['inbound_call_limit'], column: 'inbound_call_limit', parse: int() },
  { params: ['total_call_limit'], column: 'total_call_limit', parse: int() },
  { params: ['fromuser'], column: 'fromuser', parse: text(255) },
  { params: ['password'], column: 'secret', parse: text(100) },
  { params: ['call_timeout'], column: 'call_timeout', parse: int() },
  { params: ['ringing_timeout'], column: 'ringing_timeout', parse: int(10) },
  { params: ['extension'], column: 'extension', parse: (r) => (/^[a-z0-9#*]{1,50}$/.test(r) ? r : null) },
  { params: ['pin'], column: 'pin', parse: (r) => (isValidPin(r) && r.length <= 20 ? r : null) },
  { params: ['hidden'], column: 'hidden', parse: flag },
  { params: ['language'], column: 'language', parse: text(10) },
  { params: ['allow_empty_callerid'], column: 'allow_empty_callerid', parse: flag },
  { params: ['comment'], column: 'comment', parse: text(65535) },
  { params: ['encryption'], column: 'encryption', parse: flag },
  { params: ['transport'], column: 'transport', parse: oneOf(['udp', 'tcp', 'udp,tcp', 'tcp,udp', 'tls']) },
  { params: ['device_balance_enabled'], column: 'device_balance_enabled', parse: flag },
  // DECIMAL(20,6): at most 14 integer digits.
  { params: ['balance'], column: 'balance', parse: parseDecimalParam },
  { params: ['callerid_control_by_dids'], column: 'cid_from_dids', parse: flag },
  { params: ['voicemail_email'], column: 'voicemail_email', parse: text(255) },
  { params: ['description'], column: 'description', parse: text(255) },
  { params: ['progressinband'], column: 'progressinband', parse: ci(['no', 'yes', 'never']) },
  { params: ['emergency_callerid'], column: 'emergency_callerid', parse: text(255) },
  { params: ['emergency_callerid_pool_id'], column: 'emergency_callerid_pool_id', parse: int() },
  { params: ['sendrpid'], column: 'sendrpid', parse: text(10) },
  { params: ['t38_support'], column: 't38_support', parse: oneOf(['no', 'yes', 'fec', 'redundancy', 'none']) },
  // D-7: the wiki spells the first letter with a Cyrillic "с".
  { params: ['\u0441opy_legA_name_to_LegB_number', 'copy_legA_name_to_LegB_number'], column: 'copy_lega_name_to_legb_number', parse: flag },
];

/** The changes the params ask for; `invalid` names the first param whose value is refused. */
export function deviceChanges(params: Record<string, string | undefined>): { changes: Partial<Device>; invalid: string | null } {
  const changes: Record<string, unknown> = {};
  for (const field of DEVICE_UPDATE_FIELDS) {
    const name = field.params.find((p) => params[p] !== undefined);
    if (name === undefined) continue;
    const value = field.parse(params[name] as string);
    if (value === null) return { changes: {}, invalid: name };
    changes[field.column] = value;
  }
  return { changes: changes as Partial<Device>, invalid: null };
}
