import { randomInt } from 'node:crypto';

/**
 * Random device credentials from node:crypto (CSPRNG, unbiased via randomInt's rejection sampling).
 *
 * The SIP secret alphabet is letters and digits only: characters such as `"`, `;`, `#`, `@`, `:`
 * or spaces break sip.conf lines, SIP URIs and some softphones' config import. Look-alikes
 * (0/O/o, 1/l/I) are dropped because users type these secrets into phones by hand.
 */
export const SECRET_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters of a 56-symbol alphabet is about 93 bits: beyond online guessing of SIP digest. */
export const DEFAULT_SECRET_LENGTH = 16;
/** Shorter secrets are brute-forced by SIP scanners within days; refuse to generate them. */
export const MIN_SECRET_LENGTH = 12;
/** Kept well under Asterisk's 80-character secret field. */
export const MAX_SECRET_LENGTH = 64;

/** PINs are digits only (device_update: `pin` is `0-9` or empty; device_create: Pin_must_be_numeric). */
export const PIN_ALPHABET = '0123456789';
export const DEFAULT_PIN_LENGTH = 6;
export const MIN_PIN_LENGTH = 4;
export const MAX_PIN_LENGTH = 20;

/** IP-authenticated devices get a name like MOR's `ipauth4aa73a4300`: "ipauth" + 10 hex digits. */
const IPAUTH_PREFIX = 'ipauth';
const IPAUTH_HEX_DIGITS = 10;

/** Draws `length` independent symbols of `alphabet`. */
export function randomString(length: number, alphabet: string): string {
  if (!Number.isInteger(length) || length < 1) throw new RangeError(`length must be a positive integer: ${length}`);
  if (alphabet.length < 2) throw new RangeError('alphabet needs at least two symbols');
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function checkLength(length: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(length) || length < min || length > max) {
    throw new RangeError(`${what} length must be an integer from ${min} to ${max}: ${length}`);
  }
}

/**
 * A SIP/IAX2 secret. It always mixes lower case, upper case and digits, because some
 * PBX front-ends reject secrets that lack a class; a draw that lacks one is simply redrawn.
 */
export function generateDeviceSecret(length = DEFAULT_SECRET_LENGTH): string {
  checkLength(length, MIN_SECRET_LENGTH, MAX_SECRET_LENGTH, 'secret');
  for (;;) {
    const secret = randomString(length, SECRET_ALPHABET);
    if (/[a-z]/.test(secret) && /[A-Z]/.test(secret) && /\d/.test(secret)) return secret;
  }
}

/** A device PIN (digits; leading zeros allowed, so it must be stored as text). */
export function generatePin(length = DEFAULT_PIN_LENGTH): string {
  checkLength(length, MIN_PIN_LENGTH, MAX_PIN_LENGTH, 'PIN');
  return randomString(length, PIN_ALPHABET);
}

/** What device_create / device_update accept as a PIN: digits, or empty for "no PIN". */
export function isValidPin(pin: string): boolean {
  return /^\d*$/.test(pin);
}

/**
 * A PIN not yet used by another device (device_create answers `Pin_is_already_used` for a taken
 * one). `isTaken` is the caller's lookup (sync or a database query); gives up after `attempts` so a full PIN space cannot
 * loop forever, which the caller reports as a creation failure.
 */
export async function generateUniquePin(
  isTaken: (pin: string) => boolean | Promise<boolean>,
  length = DEFAULT_PIN_LENGTH,
  attempts = 50,
): Promise<string | null> {
  for (let i = 0; i < attempts; i++) {
    const pin = generatePin(length);
    if (!(await isTaken(pin))) return pin;
  }
  return null;
}

/** Device name for an IP-authenticated device, following MOR's `ipauth` + hex pattern. */
export function generateIpAuthName(): string {
  return IPAUTH_PREFIX + randomString(IPAUTH_HEX_DIGITS, '0123456789abcdef');
}
