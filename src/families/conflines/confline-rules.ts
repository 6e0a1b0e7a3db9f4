import { DataSource } from 'typeorm';
import { FLAG_SETTINGS, Setting } from '../../settings/setting-names';
import { Location } from '../locations/location.entity';
import { Currency } from '../tariffs/currency.entity';
import { Tariff } from '../tariffs/tariff.entity';

/**
 * conflines_update's params: each one's check (null = fine, else MOR's error text) and the
 * setting it writes. Checks run in this order, so the first bad param answers.
 */
export interface ConflineRule {
  param: string;
  check: (value: string, db: DataSource) => Promise<string | null> | string | null;
  /** The setting written; allow_api and api_secret_key are the admin's API settings. */
  setting: string;
}

const isInt = (v: string) => /^-?\d{1,9}$/.test(v);
const isPositiveInt = (v: string) => /^\d{1,9}$/.test(v) && Number(v) > 0;
const flag = (param: string, text = `${param} must be 0 or 1`): ConflineRule => ({ param, setting: param, check: (v) => (v === '0' || v === '1' ? null : text) });
const oneOf = (param: string, values: string[]): ConflineRule => ({
  param, setting: param,
  check: (v) => (values.includes(v) ? null : `${param} can only be one of the following: ${values.map((x) => `'${x}'`).join(', ')}`),
});
const codecs = (param: string, allowed: string[]): ConflineRule => ({
  param, setting: param,
  check: (v) => (v.split(',').map((c) => c.trim()).filter(Boolean).every((c) => allowed.includes(c)) ? null : `${param} name was not correct`),
});
const exists = (param: string, find: (id: number, db: DataSource) => Promise<boolean>): ConflineRule => ({
  param, setting: param,
  check: async (v, db) => (isPositiveInt(v) && (await find(Number(v), db)) ? null : `${param} was not found`),
});

const currencyExists = (name: string, db: DataSource) => /^[A-Z]{3}$/.test(name) && db.getRepository(Currency).exists({ where: { name } });

const AUDIO_CODECS = ['alaw', 'ulaw', 'g723', 'g726', 'g729', 'gsm', 'ilbc', 'lpc10', 'speex', 'sdpcm', 'slin'];
const VIDEO_CODECS = ['h261', 'h263', 'h263p', 'h264', 'vp8'];
/**
 * MOR is a Rails application: its time zone names are ActiveSupport's (the wiki's example is
 * `Atlantic Time (Canada)`), case-sensitive. IANA names (`Europe/Vilnius`) are accepted too.
 */
export const RAILS_TIME_ZONES: readonly string[] = [
  'International Date Line West', 'Midway Island', 'American Samoa', 'Hawaii', 'Alaska',
  'Pacific Time (US & Canada)', 'Tijuana', 'Mountain Time (US & Canada)', 'Arizona', 'Chihuahua', 'Mazatlan',
  'Central Time (US & Canada)', 'Saskatchewan', 'Guadalajara', 'Mexico City', 'Monterrey', 'Central America',
  'Eastern Time (US & Canada)', 'Indiana (East)', 'Bogota', 'Lima', 'Quito', 'Atlantic Time (Canada)', 'Caracas',
  'La Paz', 'Santiago', 'Newfoundland', 'Brasilia', 'Buenos Aires', 'Montevideo', 'Georgetown', 'Puerto Rico',
  'Greenland', 'Mid-Atlantic', 'Azores', 'Cape Verde Is.', 'Dublin', 'Edinburgh', 'Lisbon', 'London', 'Casablanca',
  'Monrovia', 'UTC', 'Belgrade', 'Bratislava', 'Budapest', 'Ljubljana', 'Prague', 'Sarajevo', 'Skopje', 'Warsaw',
  'Zagreb', 'Brussels', 'Copenhagen', 'Madrid', 'Paris', 'Amsterdam', 'Berlin', 'Bern', 'Zurich', 'Rome',
  'Stockholm', 'Vienna', 'West Central Africa', 'Bucharest', 'Cairo', 'Helsinki', 'Kyiv', 'Kyev', 'Riga', 'Sofia',
  'Tallinn', 'Vilnius', 'Athens', 'Istanbul', 'Minsk', 'Jerusalem', 'Harare', 'Pretoria', 'Kaliningrad', 'Moscow',
  'St. Petersburg', 'Volgograd', 'Samara', 'Kuwait', 'Riyadh', 'Nairobi', 'Baghdad', 'Tehran', 'Abu Dhabi', 'Muscat',
  'Baku', 'Tbilisi', 'Yerevan', 'Kabul', 'Ekaterinburg', 'Islamabad', 'Karachi', 'Tashkent', 'Chennai', 'Kolkata',
  'Mumbai', 'New Delhi', 'Kathmandu', 'Astana', 'Dhaka', 'Sri Jayawardenepura', 'Almaty', 'Novosibirsk', 'Rangoon',
  'Bangkok', 'Hanoi', 'Jakarta', 'Krasnoyarsk', 'Beijing', 'Chongqing', 'Hong Kong', 'Urumqi', 'Kuala Lumpur',
  'Singapore', 'Taipei', 'Perth', 'Irkutsk', 'Ulaanbaatar', 'Ulaan Bataar', 'Seoul', 'Osaka', 'Sapporo', 'Tokyo',
  'Yakutsk', 'Darwin', 'Adelaide', 'Canberra', 'Melbourne', 'Sydney', 'Brisbane', 'Hobart', 'Vladivostok', 'Guam',
  'Port Moresby', 'Magadan', 'Srednekolymsk', 'Solomon Is.', 'New Caledonia', 'Fiji', 'Kamchatka', 'Marshall Is.',
  'Auckland', 'Wellington', "Nuku'alofa", 'Tokelau Is.', 'Chatham Is.', 'Samoa',
];
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', ...RAILS_TIME_ZONES]);

export const CONFLINE_RULES: ConflineRule[] = [
  { param: 'allow_api', setting: 'allow_api', check: (v) => (v === '0' || v === '1' ? null : 'allow_api must be 0 or 1') },
  { param: 'api_secret_key', setting: 'api_secret_key', check: (v) => (v.length > 5 && v.length <= 255 ? null : 'api_secret_key length must be higher than 5') },
  { param: 'default_user_password_length', setting: 'default_user_password_length', check: (v) => (isInt(v) && Number(v) >= 6 && Number(v) <= 30 ? null : 'default_user_password_length must be between 6 and 30') },
  { param: 'default_user_credit', setting: 'default_user_credit', check: (v) => (/^(-1|\d{1,13}(\.\d{1,6})?)$/.test(v) ? null : 'default_user_credit must be positive number or -1 for infinity') },
  { param: 'default_user_balance', setting: 'default_user_balance', check: (v) => (/^-?\d{1,13}(\.\d{1,6})?$/.test(v) ? null : 'default_user_balance must be number') },
  flag('default_user_postpaid'),
  flag('default_user_allow_loss_calls'),
  { param: 'default_user_call_limit', setting: 'default_user_call_limit', check: (v) => (/^\d{1,9}$/.test(v) ? null : 'default_user_credit must be positive integer') },
  { param: 'default_user_time_zone', setting: 'default_user_time_zone', check: (v) => (TIME_ZONES.has(v) ? null : 'default_user_time_zone name was not correct') },
  { param: 'default_user_currency', setting: 'default_user_currency', check: async (v, db) => ((await currencyExists(v, db)) ? null : 'default_user_currency name was not correct') },
  { param: 'default_user_quickforwards_rule_id', setting: 'default_user_quickforwards_rule_id', check: (v) => (isPositiveInt(v) ? null : 'default_user_quickforwards_rule_id was not found') },
  flag('default_user_recording_enabled'),
  // MOR's own text has two spaces (06 §2.2).
  flag('default_user_recording_forced_enabled', 'default_user_recording_forced_enabled  must be 0 or 1'),
  exists('default_user_tariff_id', (id, db) => db.getRepository(Tariff).exists({ where: { id, owner_id: 0 } })),
  { param: 'default_device_call_limit', setting: 'default_device_call_limit', check: (v) => (/^\d{1,9}$/.test(v) ? null : 'default_device_call_limit must be positive integer') },
  oneOf('default_device_canreinvite', ['yes', 'no', 'nonat', 'update', 'update,nonat']),
  oneOf('default_device_nat', ['yes', 'no', 'force_rport', 'comedia']),
  { param: 'default_device_qualify', setting: 'default_device_qualify', check: (v) => (v === 'no' || (/^\d{1,9}$/.test(v) && Number(v) >= 1000) ? null : "default_device_qualify can only be 'no' or >= 1000 integer") },
  { param: 'default_device_grace_time', setting: 'default_device_grace_time', check: (v) => (/^\d{1,9}$/.test(v) ? null : 'default_device_grace_time must be positive integer') },
  codecs('default_device_audio_codecs', AUDIO_CODECS),
  codecs('default_device_video_codecs', VIDEO_CODECS),
  exists('default_device_location_id', (id, db) => db.getRepository(Location).exists({ where: { id } })),
];

/**
 * What is wrong with `value` for the setting `name` (null: fine), for the operator's CLI: the
 * conflines_update rule of that setting, 0/1 for switches, a known currency for the default one.
 */
export async function settingValueError(name: string, value: string, db: DataSource): Promise<string | null> {
  if (FLAG_SETTINGS.has(name)) return value === '0' || value === '1' ? null : `${name} must be 0 or 1`;
  if (name === Setting.defaultCurrency) return (await currencyExists(value, db)) ? null : `${name} name was not correct`;
  const rule = CONFLINE_RULES.find((r) => r.setting === name);
  return rule ? rule.check(value, db) : null;
}
