import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { currentManager } from '../database/transaction';
import { Confline } from './confline.entity';
import { SettingName } from './setting-names';

/** How long another process's change may take to be seen here (MOR: "within about one minute"). */
const CACHE_MS = 2000;

/**
 * Settings (MOR's conflines) keyed by name and owner, cached briefly in the process. A write
 * here drops the cache at once, so this process sees its own changes immediately.
 */
@Injectable()
export class SettingsService {
  /** owner id → name → value; nested so that a lookup builds no key string (the guards look up several per request). */
  private cache = new Map<number, Map<string, { value: string | null; at: number }>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get(name: SettingName, ownerId = 0): Promise<string | null> {
    const value = this.read(name, ownerId);
    return value instanceof Promise ? value : Promise.resolve(value);
  }

  flag(name: SettingName, ownerId = 0): Promise<boolean> {
    const on = this.flagNow(name, ownerId);
    return typeof on === 'boolean' ? Promise.resolve(on) : on;
  }

  /**
   * The value now when the cache holds a fresh one, else a promise of it: the request path's
   * guards answer synchronously on a cache hit (Nest awaits a guard only when it returns a promise).
   */
  read(name: SettingName, ownerId = 0): string | null | Promise<string | null> {
    const hit = this.cache.get(ownerId)?.get(name);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    return this.load(name, ownerId);
  }

  /** read() of a flag ('1' is on). */
  flagNow(name: SettingName, ownerId = 0): boolean | Promise<boolean> {
    const value = this.read(name, ownerId);
    return value instanceof Promise ? value.then((v) => v === '1') : value === '1';
  }

  private async load(name: SettingName, ownerId: number): Promise<string | null> {
    // Called from inside a transaction, it reads through that transaction (no second connection).
    const row = await currentManager(this.db).getRepository(Confline).findOne({ where: { name, owner_id: ownerId } });
    const value = row?.value ?? null;
    let owner = this.cache.get(ownerId);
    if (!owner) this.cache.set(ownerId, (owner = new Map()));
    owner.set(name, { value, at: Date.now() });
    return value;
  }

  async set(name: SettingName, value: string, ownerId = 0, manager: EntityManager = currentManager(this.db)): Promise<void> {
    // One upsert statement: two processes writing the same setting never collide on its unique key.
    await manager.getRepository(Confline).upsert({ name, value, owner_id: ownerId }, ['name', 'owner_id']);
    this.cache.clear();
  }

  /** Drops every cached value, e.g. after a transaction that wrote settings rolled back. */
  invalidate(): void {
    this.cache.clear();
  }
}
