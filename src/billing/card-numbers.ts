/**
 * Calling-card numbers and PINs (04 §S calling cards): a batch is every number of a range, all of
 * the group's number length; each card gets a random PIN of the group's PIN length, unique among
 * all cards. Only 20 % of the possible PINs may be issued (MOR: a 2-digit PIN allows 20 cards), so
 * random draws find a free PIN quickly.
 */
import { randomInt } from 'node:crypto';

/** The most cards one batch may create (ours: bounds memory and the transaction). */
export const MAX_BATCH = 1_000_000;

export type CardRangeError = 'fromMissing' | 'tillMissing' | 'fromFormat' | 'tillFormat' | 'order' | 'tooMany' | 'pinTooShort';

/** The numbers from..till (inclusive), as strings of `length` digits, or why not. */
export function cardRange(from: string | undefined, till: string | undefined, numberLength: number, pinLength: number): { numbers: () => Iterable<string>; count: number } | { error: CardRangeError } {
  if (!from) return { error: 'fromMissing' };
  if (!till) return { error: 'tillMissing' };
  const digits = new RegExp(`^\\d{${numberLength}}$`);
  if (!digits.test(from)) return { error: 'fromFormat' };
  if (!digits.test(till)) return { error: 'tillFormat' };
  const a = BigInt(from);
  const b = BigInt(till);
  if (a > b) return { error: 'order' };
  const count = b - a + 1n;
  if (count > BigInt(MAX_BATCH)) return { error: 'tooMany' };
  if (count > pinCapacity(pinLength)) return { error: 'pinTooShort' };
  return {
    count: Number(count),
    numbers: function* () {
      for (let n = a; n <= b; n++) yield n.toString().padStart(numberLength, '0');
    },
  };
}

/** 20 % of the 10^length possible PINs. */
export function pinCapacity(pinLength: number): bigint {
  return (10n ** BigInt(pinLength)) / 5n;
}

/** A random string of `length` decimal digits from the system's CSPRNG (PINs are secrets). */
export function randomDigits(length: number): string {
  let out = '';
  while (out.length < length) {
    const take = Math.min(12, length - out.length);
    out += String(randomInt(0, 10 ** take)).padStart(take, '0');
  }
  return out;
}

/**
 * `count` distinct PINs of `length` digits that `taken` does not hold; `taken` is asked in chunks
 * (existing PINs in the database) and drawn again for the clashes, until every PIN is free.
 */
export async function freshPins(count: number, length: number, taken: (candidates: string[]) => Promise<Set<string>>, draw: (length: number) => string = randomDigits): Promise<string[]> {
  const chosen = new Set<string>();
  let missing = count;
  while (missing > 0) {
    const candidates: string[] = [];
    const local = new Set<string>();
    while (candidates.length < missing) {
      const pin = draw(length);
      if (!chosen.has(pin) && !local.has(pin)) {
        local.add(pin);
        candidates.push(pin);
      }
    }
    const clash = await taken(candidates);
    for (const pin of candidates) if (!clash.has(pin)) chosen.add(pin);
    missing = count - chosen.size;
  }
  return [...chosen];
}
