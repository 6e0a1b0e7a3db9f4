/** MOR's answer while an address must wait (06-mor-source-facts: the IP's login throttle). */
export const LOGIN_WAIT_TEXT = 'Please wait 10 seconds before trying to login again';

/** Failed password checks from one address before it must wait. */
export const MAX_FAILURES = 5;
export const WAIT_MS = 10_000;
/** Addresses remembered at most (the oldest are forgotten first), so memory stays bounded. */
const MAX_ADDRESSES = 100_000;

/**
 * Password checks per client address (user_login, users_get with `p`): after MAX_FAILURES failed
 * checks in a row the address waits WAIT_MS, during which no password is checked at all. A
 * success clears the address. Kept in the process (each instance throttles what it sees).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether the address must wait before its next check. */
  waiting(ip: string): boolean {
    const entry = this.failures.get(ip);
    return entry !== undefined && entry.until > this.now();
  }

  failed(ip: string): void {
    const entry = this.failures.get(ip) ?? { count: 0, until: 0 };
    this.failures.delete(ip);
    entry.count += 1;
    if (entry.count >= MAX_FAILURES) {
      entry.count = 0;
      entry.until = this.now() + WAIT_MS;
    }
    this.failures.set(ip, entry);
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeeded(ip: string): void {
    this.failures.delete(ip);
  }
}
