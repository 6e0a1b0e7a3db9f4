import { createHash, randomBytes } from 'node:crypto';
import { bcryptCompare, bcryptHash } from './bcrypt-pool';

const COST = 10;

export function hashPassword(password: string): Promise<string> {
  return bcryptHash(password, COST);
}

/** A well-formed hash of a random secret: checking against it costs what a real check costs. */
let dummyHash: Promise<string> | null = null;

/**
 * verifyPassword for an account that may not exist: an unknown account is checked against a
 * dummy hash of the same cost, so the answer time does not tell which usernames exist.
 */
export async function verifyAccountPassword(password: string, storedHash: string | null): Promise<boolean> {
  if (storedHash) return verifyPassword(password, storedHash);
  dummyHash ??= hashPassword(randomSecret(24));
  await verifyPassword(password, await dummyHash);
  return false;
}

/**
 * bcrypt is slow on purpose; methods that carry `p` on every request (users_get) would pay it
 * each time. Successful checks are remembered per stored hash under a process-random pepper,
 * so a changed password or a restart forgets them and no plaintext is kept.
 */
const pepper = randomBytes(32);
const verified = new Map<string, true>();
const MAX_REMEMBERED = 10_000;

export async function verifyPassword(password: string, storedHash: string): Promise<boolean> {
  if (!storedHash) return false;
  const key = createHash('sha256').update(pepper).update(storedHash).update('\0').update(password).digest('base64');
  if (verified.has(key)) return true;
  const ok = await bcryptCompare(password, storedHash).catch(() => false);
  if (ok) {
    if (verified.size >= MAX_REMEMBERED) verified.clear();
    verified.set(key, true);
  }
  return ok;
}

/** A random secret of URL-safe characters, for generated passwords, keys and uniquehashes. */
export function randomSecret(length = 24): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : randomSecret(length);
}
