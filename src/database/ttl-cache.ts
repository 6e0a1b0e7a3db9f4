/**
 * How long a value read from the database may be served from memory: a change made by another
 * process is seen by every process within this time (the rule settings follow, MOR's conflines).
 * A process that makes the change itself clears its cache at once.
 */
export const CROSS_PROCESS_MS = 2000;

/** Values by key, each loaded once per CROSS_PROCESS_MS; concurrent misses share one load. */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; at: number }>();

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly ttlMs = CROSS_PROCESS_MS,
  ) {}

  get(key: K): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.load(key);
    this.entries.set(key, { value, at: Date.now() });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
