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
  private cache = new Map<string, { value: string | null; at: number }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(name: SettingName, ownerId = 0): Promise<string | null> {
    const key = `${ownerId}:${name}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
    // Called from inside a transaction, it reads through that transaction (no second connection).
    const row = await currentManager(this.db).getRepository(Confline).findOne({ where: { name, owner_id: ownerId } });
    const value = row?.value ?? null;
    this.cache.set(key, { value, at: Date.now() });
    return value;
  }

  async flag(name: SettingName, ownerId = 0): Promise<boolean> {
    return (await this.get(name, ownerId)) === '1';
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
