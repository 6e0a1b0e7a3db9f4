import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../../api/caller';
import { managedOwnerId } from '../../api/ownership';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { numberListError, parseIdList, parseNumberList } from '../../billing/number-list';
import { User } from '../users/user.entity';
import { NumberPool, NumberPoolNumber, NumberPoolUser } from './number-pool.entity';

export const POOL_TEXTS = {
  notFound: 'Number Pool was not found',
  numbersNotFound: 'Number Pool Numbers not found',
  inUse: 'Number Pool Numbers are in use',
  // Ours (decisions: Devices and DIDs): a name longer than its column; MOR's texts for this are not known.
  notCreated: 'Number Pool was not created',
  notUpdated: 'Number Pool was not updated',
} as const;

/** Rows per INSERT: stays under SQLite's and MySQL's bound-parameter limits. */
const INSERT_CHUNK = 5000;

export interface PoolView {
  pool: NumberPool;
  numbers?: Array<{ row: NumberPoolNumber; users: Array<{ user: User; listType: string }> }>;
}

/** Number pools are the caller's own (owner = the account whose resources it manages). */
@Injectable()
export class NumberPoolsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async own(caller: Caller, raw: string | undefined, m: EntityManager = this.db.manager): Promise<NumberPool> {
    const id = parseId(raw);
    const pool = id === null ? null : await m.getRepository(NumberPool).findOneBy({ id });
    if (!pool || pool.owner_id !== managedOwnerId(caller)) throw new MorError(POOL_TEXTS.notFound);
    return pool;
  }

  async list(caller: Caller, p: Params): Promise<PoolView[]> {
    const pools = p.number_pool_id ? [await this.own(caller, p.number_pool_id)]
      : await this.db.getRepository(NumberPool).find({ where: { owner_id: managedOwnerId(caller) }, order: { id: 'ASC' } });
    if (pools.length === 0) throw new MorError(POOL_TEXTS.notFound);
    if (p.show_numbers !== '1') return pools.map((pool) => ({ pool }));
    const page = numberPage(p);
    const userFilter = userIds(p.user_ids);
    return Promise.all(pools.map(async (pool) => ({ pool, numbers: await this.numbersOf(pool, page, userFilter) })));
  }

  private async numbersOf(pool: NumberPool, page: { take?: number; skip?: number }, userFilter: number[] | 'all' | null) {
    const rows = await this.db.getRepository(NumberPoolNumber).find({ where: { number_pool_id: pool.id }, order: { id: 'ASC' }, ...page });
    const users = userFilter === null ? [] : await this.poolUsers(pool.id, userFilter);
    return rows.map((row) => ({ row, users }));
  }

  private async poolUsers(poolId: number, filter: number[] | 'all') {
    const links = await this.db.getRepository(NumberPoolUser).find({ where: { number_pool_id: poolId, ...(filter === 'all' ? {} : { user_id: In(filter) }) }, order: { id: 'ASC' } });
    const users = new Map((await this.db.getRepository(User).findBy({ id: In(links.map((l) => l.user_id)) })).map((u) => [u.id, u]));
    return links.filter((l) => users.has(l.user_id)).map((l) => ({ user: users.get(l.user_id)!, listType: l.list_type }));
  }

  async create(caller: Caller, p: Params): Promise<number> {
    if ((p.name ?? '').length > 255) throw new MorError(POOL_TEXTS.notCreated);
    const repo = this.db.getRepository(NumberPool);
    const pool = repo.create({ owner_id: managedOwnerId(caller), name: p.name ?? '', comment: p.comment ?? null });
    await repo.insert(pool);
    return pool.id;
  }

  async update(caller: Caller, p: Params): Promise<void> {
    const pool = await this.own(caller, p.number_pool_id);
    if ((p.name ?? '').length > 255) throw new MorError(POOL_TEXTS.notUpdated);
    const changes: Partial<NumberPool> = {};
    if (p.name !== undefined) changes.name = p.name;
    if (p.comment !== undefined) changes.comment = p.comment;
    if (Object.keys(changes).length > 0) await this.db.getRepository(NumberPool).update(pool.id, changes);
  }

  /** A pool a user uses as a black/white list stays. */
  async delete(caller: Caller, raw: string | undefined): Promise<void> {
    await this.db.transaction(async (m) => {
      const pool = await this.own(caller, raw, m);
      if (await m.getRepository(NumberPoolUser).exists({ where: { number_pool_id: pool.id } })) throw new MorError(POOL_TEXTS.inUse);
      await m.getRepository(NumberPoolNumber).delete({ number_pool_id: pool.id });
      await m.getRepository(NumberPool).delete(pool.id);
    });
  }

  /** Adds the numbers not yet in the pool in batched INSERTs; numbers already there are counted, not fatal. */
  async addNumbers(caller: Caller, p: Params): Promise<{ created: number; duplicates: number }> {
    await this.own(caller, p.number_pool_id);
    const parsed = parseNumberList(p.numbers ?? '');
    const error = numberListError(parsed);
    if (error) throw new MorError(error);
    return this.db.transaction(async (m) => {
      // Checked again inside the transaction: a pool deleted meanwhile gets no orphan numbers.
      const pool = await this.own(caller, p.number_pool_id, m);
      const stored = await m.getRepository(NumberPoolNumber).find({ select: { number: true }, where: { number_pool_id: pool.id } });
      const existing = new Set(stored.map((r) => r.number.toLowerCase()));
      const fresh = parsed.numbers.filter((n) => !existing.has(n.toLowerCase()));
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const rows = fresh.slice(i, i + INSERT_CHUNK).map((number) => ({ number_pool_id: pool.id, number, comment: '' }));
        await m.createQueryBuilder().insert().into(NumberPoolNumber).values(rows).updateEntity(false).execute();
      }
      return { created: fresh.length, duplicates: parsed.numbers.length - fresh.length + parsed.duplicates.length };
    });
  }

  /** delete_all=1, or the union of `number_ids` and `numbers`. */
  async deleteNumbers(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const pool = await this.own(caller, p.number_pool_id, m);
      const repo = m.getRepository(NumberPoolNumber);
      const ids = p.delete_all === '1' ? (await repo.find({ select: { id: true }, where: { number_pool_id: pool.id } })).map((r) => r.id) : await this.selected(m, pool.id, p);
      if (ids.length === 0) throw new MorError(POOL_TEXTS.numbersNotFound);
      for (let i = 0; i < ids.length; i += INSERT_CHUNK) await repo.delete({ number_pool_id: pool.id, id: In(ids.slice(i, i + INSERT_CHUNK)) });
    });
  }

  private async selected(m: EntityManager, poolId: number, p: Params): Promise<number[]> {
    if (!p.number_ids && !p.numbers) throw new MorError('Numbers cannot be empty');
    const ids = new Set<number>();
    const repo = m.getRepository(NumberPoolNumber);
    if (p.number_ids) {
      const list = parseIdList(p.number_ids);
      if (!list.ok) throw new MorError('Invalid numbers format');
      for (const r of await repo.find({ select: { id: true }, where: { number_pool_id: poolId, id: In(list.ids) } })) ids.add(r.id);
    }
    if (p.numbers) {
      const parsed = parseNumberList(p.numbers);
      const error = numberListError(parsed);
      if (error) throw new MorError(error);
      for (const r of await repo.find({ select: { id: true }, where: { number_pool_id: poolId, number: In(parsed.numbers) } })) ids.add(r.id);
    }
    return [...ids];
  }
}

/** MySQL refuses an OFFSET without a LIMIT, so paging is sent only when asked for. */
function numberPage(p: Params): { take?: number; skip?: number } {
  const take = parseId(p.number_limit_row_count) || undefined;
  const skip = parseId(p.number_limit_offset) ?? 0;
  if (take === undefined && skip === 0) return {};
  return { take: take ?? 1_000_000_000, skip };
}

/** `user_ids`: `all`, a list of ids, or absent (no users shown). */
function userIds(raw: string | undefined): number[] | 'all' | null {
  if (!raw) return null;
  if (raw === 'all') return 'all';
  const list = parseIdList(raw);
  if (!list.ok) throw new MorError('Access Denied');
  return list.ids;
}
