/**
 * How long a value read from the database may be served from memory: a change made by another
 * process is seen by every process within this time (the rule settings follow, MOR's conflines).
 * A process that makes the change itself clears its cache at once.
 */
export const CROSS_PROCESS_MS = 2000;

/** Values by key, each loaded once per CROSS_PROCESS_MS; concurrent misses share one load. At most `maxEntries` keys (all dropped when full: keys such as dialled numbers are unbounded). */
export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: Promise<V>; at: number }>();

  constructor(
    /** The loader of get() without one of its own. */
    private readonly load: ((key: K) => Promise<V>) | null,
    private readonly ttlMs = CROSS_PROCESS_MS,
    private readonly maxEntries = 100_000,
  ) {}

  /** The value of `key`, loaded by `load` (default the cache's loader) when missing or older than the time. */
  get(key: K, load = this.load): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    if (!hit && this.entries.size >= this.maxEntries) this.entries.clear();
    if (!load) throw new Error('TtlCache.get without a loader');
    const value = load(key);
    this.entries.set(key, { value, at: Date.now() });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
