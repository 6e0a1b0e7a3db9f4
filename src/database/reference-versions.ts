import type { DataSource } from 'typeorm';
import { readRows } from './raw';
import { VERSIONED_TABLES, clearOnWrite } from './table-writes';
import { CROSS_PROCESS_MS } from './ttl-cache';

/**
 * The change counters of reference_versions (one row per table family kept whole in memory:
 * `rates` for rates and their details, `destinations`). Every write to those tables bumps its row
 * in the same transaction (table-writes.ts, noteWrite). A process reads the counters at most
 * once per CROSS_PROCESS_MS, and at once after it wrote one of the tables itself, so a change is
 * seen by every process within the time, while the data itself is read again only when it changed.
 */
export class ReferenceVersions {
  private versions = new Map<string, number>();
  private readAt = 0;
  /** Writes of this process noted so far: a read that overlapped one is not trusted as fresh. */
  private writesNoted = 0;
  private reading: Promise<Map<string, number>> | null = null;

  constructor(private readonly db: DataSource) {
    clearOnWrite(db, VERSIONED_TABLES, { clear: () => this.noteWrite() });
  }

  /** The counter of `name`: from memory while fresh, else read (concurrent callers share one read). */
  of(name: string): number | Promise<number> {
    if (Date.now() - this.readAt < CROSS_PROCESS_MS) return this.versions.get(name) ?? 0;
    const reading = (this.reading ??= this.read());
    return reading.then((versions) => versions.get(name) ?? 0);
  }

  private noteWrite(): void {
    this.readAt = 0;
    this.writesNoted++;
    this.reading = null; // a caller from now on reads again, after the write
  }

  private async read(): Promise<Map<string, number>> {
    const startedAt = Date.now();
    const noted = this.writesNoted;
    try {
      const rows = await readRows<{ name: string; version: number | string }>(this.db.manager, 'SELECT name, version FROM reference_versions');
      const versions = new Map(rows.map((r) => [r.name, Number(r.version)]));
      if (this.writesNoted === noted) {
        this.versions = versions;
        this.readAt = startedAt;
      }
      return versions;
    } finally {
      if (this.writesNoted === noted) this.reading = null;
    }
  }
}

/**
 * Values (a tariff's prefix index, the destinations) loaded whole and kept while the counter of
 * their table family stays the same. A value loaded while a change was landing is labelled with
 * the counter read before loading, so the next check finds the new counter and loads again.
 */
export class VersionedCache<K, V> {
  private readonly entries = new Map<K, { version: number; value: Promise<V> }>();

  constructor(
    private readonly versions: ReferenceVersions,
    private readonly name: string,
    private readonly load: (key: K) => Promise<V>,
  ) {}

  async get(key: K): Promise<V> {
    const version = await this.versions.of(this.name);
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const entry = { version, value: this.load(key) };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }
}
