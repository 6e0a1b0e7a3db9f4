import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Caller } from '../../api/caller';
import { LIMITS, cappedRowCount } from '../../api/limits';
import { managedOwnerId } from '../../api/ownership';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { numberListError, parseIdList, parseNumberList } from '../../billing/number-list';
import { readRows } from '../../database/raw';
import { yieldTurn } from '../../database/yield';
import { User } from '../users/user.entity';
import { NumberPool, NumberPoolNumber, NumberPoolUser } from './number-pool.entity';

export const POOL_TEXTS = {
  notFound: 'Number Pool was not found',
  numbersNotFound: 'Number Pool Numbers not found',
  inUse: 'Number Pool Numbers are in use',
  // Ours (decisions: Devices and DIDs): a name longer than its column; MOR's texts for this are not known.
  notCreated: 'Number Pool was not created',
  notUpdated: 'Number Pool was not updated',
  // Ours (decisions: Hardening, per-request limits): more than LIMITS.poolNumbersPerRequest entries, or a pool past LIMITS.poolNumbersPerPool.
  tooMany: 'Too many numbers',
} as const;

/** Rows per INSERT (under SQLite's and MySQL's bound-parameter limits) and per scan page; other requests get a turn between them. */
const CHUNK = 1000;
/**
 * The pool's rows, written as a range (bind the pool id twice) so that MariaDB seeks the composite
 * index to (pool, key) for a keyset page: with `number_pool_id = ?` it picks a ref access on the pool
 * alone and walks every entry before the key, including those the open transaction just deleted
 * (350 ms per page after 200,000 deletes, instead of under 1 ms).
 */
const POOL_RANGE = 'number_pool_id >= ? AND number_pool_id <= ?';

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

  /**
   * With show_numbers=1 the reply holds at most LIMITS.poolNumbersPerReply numbers over all its
   * pools (each pool's page is number_limit_row_count, capped to what is left); a client pages
   * through a larger pool with number_pool_id and number_limit_offset.
   */
  async list(caller: Caller, p: Params): Promise<PoolView[]> {
    const pools = p.number_pool_id ? [await this.own(caller, p.number_pool_id)]
      : await this.db.getRepository(NumberPool).find({ where: { owner_id: managedOwnerId(caller) }, order: { id: 'ASC' } });
    if (pools.length === 0) throw new MorError(POOL_TEXTS.notFound);
    if (p.show_numbers !== '1') return pools.map((pool) => ({ pool }));
    const rowCount = cappedRowCount(parseId(p.number_limit_row_count), LIMITS.poolNumbersPerReply);
    const offset = parseId(p.number_limit_offset) ?? 0;
    const userFilter = userIds(p.user_ids);
    let left = LIMITS.poolNumbersPerReply;
    const views: PoolView[] = [];
    for (const pool of pools) {
      const rows = await this.numbersOf(pool.id, Math.min(rowCount, left), offset);
      left -= rows.length;
      const users = userFilter === null || rows.length === 0 ? [] : await this.poolUsers(pool.id, userFilter);
      views.push({ pool, numbers: rows.map((row) => ({ row, users })) });
    }
    return views;
  }

  /** Integers checked above, so they go into the SQL text (mysql2's execute refuses LIMIT placeholders on some servers). */
  private async numbersOf(poolId: number, take: number, skip: number): Promise<NumberPoolNumber[]> {
    if (take === 0) return [];
    const rows = await readRows<NumberPoolNumber>(this.db.manager, `SELECT id, number_pool_id, number, comment FROM number_pool_numbers WHERE number_pool_id = ? ORDER BY id LIMIT ${take} OFFSET ${skip}`, [poolId]);
    return rows.map((r) => ({ ...r, id: Number(r.id), number_pool_id: Number(r.number_pool_id) }));
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

  /**
   * Adds the numbers not yet in the pool in batched INSERTs; numbers already there are counted, not
   * fatal. At most LIMITS.poolNumbersPerRequest entries per request and LIMITS.poolNumbersPerPool
   * per pool; the scan of the pool and the inserts yield between chunks, so other clients are served
   * while a large list is stored.
   */
  async addNumbers(caller: Caller, p: Params): Promise<{ created: number; duplicates: number }> {
    await this.own(caller, p.number_pool_id);
    const input = p.numbers ?? '';
    if (countEntries(input) > LIMITS.poolNumbersPerRequest) throw new MorError(POOL_TEXTS.tooMany);
    const parsed = parseNumberList(input);
    const error = numberListError(parsed);
    if (error) throw new MorError(error);
    return this.db.transaction(async (m) => {
      // Checked again inside the transaction: a pool deleted meanwhile gets no orphan numbers.
      const pool = await this.own(caller, p.number_pool_id, m);
      const existing = await storedNumbers(m, pool.id);
      const fresh = parsed.numbers.filter((n) => !existing.has(n.toLowerCase()));
      if (existing.size + fresh.length > LIMITS.poolNumbersPerPool) throw new MorError(POOL_TEXTS.tooMany);
      for (let i = 0; i < fresh.length; i += CHUNK) {
        if (i > 0) await yieldTurn();
        const rows = fresh.slice(i, i + CHUNK).map((number) => ({ number_pool_id: pool.id, number, comment: '' }));
        await m.createQueryBuilder().insert().into(NumberPoolNumber).values(rows).updateEntity(false).execute();
      }
      return { created: fresh.length, duplicates: parsed.numbers.length - fresh.length + parsed.duplicates.length };
    });
  }

  /** delete_all=1, or the union of `number_ids` and `numbers`; deleted in chunks with a turn for other requests between them. */
  async deleteNumbers(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const pool = await this.own(caller, p.number_pool_id, m);
      const repo = m.getRepository(NumberPoolNumber);
      if (p.delete_all === '1') return this.deleteAll(m, pool.id);
      const ids = await this.selected(m, pool.id, p);
      if (ids.length === 0) throw new MorError(POOL_TEXTS.numbersNotFound);
      for (let i = 0; i < ids.length; i += CHUNK) {
        if (i > 0) await yieldTurn();
        await repo.delete({ number_pool_id: pool.id, id: In(ids.slice(i, i + CHUNK)) });
      }
    });
  }

  /**
   * Deletes id ranges of CHUNK rows (keyset over the index on number_pool_id, id), each found by
   * one indexed read: a plain LIMIT would rescan the rows this transaction already deleted.
   */
  private async deleteAll(m: EntityManager, poolId: number): Promise<void> {
    if ((await readRows(m, 'SELECT id FROM number_pool_numbers WHERE number_pool_id = ? LIMIT 1', [poolId])).length === 0) throw new MorError(POOL_TEXTS.numbersNotFound);
    for (let after = 0; ; ) {
      const edge = await readRows<{ id: number }>(m, `SELECT id FROM number_pool_numbers WHERE ${POOL_RANGE} AND id > ? ORDER BY number_pool_id, id LIMIT 1 OFFSET ${CHUNK - 1}`, [poolId, poolId, after]);
      const upTo = edge.length === 0 ? null : Number(edge[0].id);
      await m.query(`DELETE FROM number_pool_numbers WHERE number_pool_id = ? AND id > ?${upTo === null ? '' : ' AND id <= ?'}`, upTo === null ? [poolId, after] : [poolId, after, upTo]);
      if (upTo === null) return;
      after = upTo;
      await yieldTurn();
    }
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

/** A pool's numbers, lower-cased (duplicates compare case-insensitively), read in index order one page at a time. */
async function storedNumbers(m: EntityManager, poolId: number): Promise<Set<string>> {
  const seen = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const rows: { number: string }[] = await readRows<{ number: string }>(m, `SELECT number FROM number_pool_numbers WHERE ${POOL_RANGE}${after === null ? '' : ' AND number > ?'} ORDER BY number_pool_id, number LIMIT ${CHUNK}`, after === null ? [poolId, poolId] : [poolId, poolId, after]);
    for (const r of rows) seen.add(r.number.toLowerCase());
    if (rows.length < CHUNK) return seen;
    after = rows[rows.length - 1].number;
    await yieldTurn();
  }
}

/** Entries of a number list as sent (separators + 1, empty ones included), counted without splitting a multi-megabyte string. */
export function countEntries(input: string): number {
  let entries = 1;
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c === 44 || c === 10 || (c === 13 && input.charCodeAt(i + 1) !== 10)) entries++;
  }
  return entries;
}

/** `user_ids`: `all`, a list of ids, or absent (no users shown). */
function userIds(raw: string | undefined): number[] | 'all' | null {
  if (!raw) return null;
  if (raw === 'all') return 'all';
  const list = parseIdList(raw);
  if (!list.ok) throw new MorError('Access Denied');
  return list.ids;
}
