import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';
import { serializeTransactions } from './serial-transactions';

describe('SQLite transactions take turns', () => {
  let db: DataSource;
  beforeEach(async () => {
    db = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    await db.query('CREATE TABLE t (n TEXT UNIQUE)');
  });
  afterEach(() => db.destroy());

  const insertOnce = () => db.transaction(async (m) => {
    if ((await m.query('SELECT 1 FROM t WHERE n = ?', ['a'])).length > 0) return 'exists';
    await m.query('INSERT INTO t (n) VALUES (?)', ['a']);
    return 'inserted';
  });

  it('without it, concurrent transactions fail (the bug this guards against)', async () => {
    const results = await Promise.allSettled([insertOnce(), insertOnce(), insertOnce()]);
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
  });

  it('with it, each runs alone: one inserts, the others see the row', async () => {
    serializeTransactions(db);
    expect((await Promise.all([insertOnce(), insertOnce(), insertOnce()])).sort()).toEqual(['exists', 'exists', 'inserted']);
  });

  it('a failed transaction rolls back and does not stop the next one', async () => {
    serializeTransactions(db);
    const failing = db.transaction(async (m) => {
      await m.query('INSERT INTO t (n) VALUES (?)', ['b']);
      throw new Error('boom');
    });
    const [failed, next] = await Promise.allSettled([failing, insertOnce()]);
    expect(failed.status).toBe('rejected');
    expect(next).toEqual({ status: 'fulfilled', value: 'inserted' });
    expect(await db.query("SELECT n FROM t ORDER BY n")).toEqual([{ n: 'a' }]);
  });

  it('a transaction opened inside another joins it instead of waiting for itself', async () => {
    serializeTransactions(db);
    const result = await db.transaction(async () => db.transaction(async (m) => (await m.query('SELECT 1 AS one'))[0].one));
    expect(result).toBe(1);
  });
});

describe('SQLite transactions: the context tracking is off between transactions', () => {
  it('is disabled once the queue drains, and works again for the next transaction', async () => {
    const db = await new DataSource({ type: 'better-sqlite3', database: ':memory:' }).initialize();
    const hooks = jest.spyOn(AsyncLocalStorage.prototype, 'disable');
    serializeTransactions(db);
    await Promise.all([db.transaction(async (m) => m.query('SELECT 1')), db.transaction(async (m) => m.query('SELECT 1'))]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(hooks).toHaveBeenCalledTimes(1);
    expect(await db.transaction(async () => db.transaction(async (m) => (await m.query('SELECT 2 AS two'))[0].two))).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(hooks).toHaveBeenCalledTimes(2);
    hooks.mockRestore();
    await db.destroy();
  });
});
