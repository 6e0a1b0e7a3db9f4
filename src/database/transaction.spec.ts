import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { writeSql } from './raw';
import { backoffMs, EscapedQueryError, installTransactionRules, isRetryableConflict, RETRY } from './transaction';

describe('transaction rules', () => {
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

  it('without them, concurrent SQLite transactions fail (the bug the queue guards against)', async () => {
    const results = await Promise.allSettled([insertOnce(), insertOnce(), insertOnce()]);
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
  });

  it('SQLite transactions take turns: one inserts, the others see the row', async () => {
    installTransactionRules(db);
    expect((await Promise.all([insertOnce(), insertOnce(), insertOnce()])).sort()).toEqual(['exists', 'exists', 'inserted']);
  });

  it('a failed transaction rolls back and does not stop the next one', async () => {
    installTransactionRules(db);
    const failing = db.transaction(async (m) => {
      await m.query('INSERT INTO t (n) VALUES (?)', ['b']);
      throw new Error('boom');
    });
    const [failed, next] = await Promise.allSettled([failing, insertOnce()]);
    expect(failed.status).toBe('rejected');
    expect(next).toEqual({ status: 'fulfilled', value: 'inserted' });
    expect(await db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 'a' }]);
  });

  it.each([
    ['db.query', (d: DataSource) => d.query('INSERT INTO t (n) VALUES (?)', ['lone'])],
    ['writeSql on the driver', (d: DataSource) => writeSql(d.manager, 'INSERT INTO t (n) VALUES (?)', ['lone'])],
  ])('on SQLite a lone write (%s) made while another request\'s transaction is open waits for its turn: that transaction\'s rollback does not take it along', async (_name, write) => {
    installTransactionRules(db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = db.transaction(async (m) => {
      await m.query('INSERT INTO t (n) VALUES (?)', ['rolled-back']);
      await gate;
      throw new Error('refused');
    });
    await new Promise((resolve) => setImmediate(resolve));
    const lone = write(db);
    release();
    await expect(failing).rejects.toThrow('refused');
    await lone;
    expect(await db.query('SELECT n FROM t ORDER BY n')).toEqual([{ n: 'lone' }]);
  });

  it('a transaction opened inside another joins it (same manager)', async () => {
    installTransactionRules(db);
    const same = await db.transaction(async (outer) => db.transaction(async (inner) => inner === outer));
    expect(same).toBe(true);
  });

  it.each([
    ['db.query', (d: DataSource) => d.query('SELECT 1')],
    ['a repository of the data source', (d: DataSource) => d.createQueryBuilder().select('1').from('t', 't').getRawMany()],
  ])('a query through %s inside a transaction is refused (it would wait for a second pooled connection)', async (_name, escape) => {
    installTransactionRules(db);
    await expect(db.transaction(async () => escape(db))).rejects.toBeInstanceOf(EscapedQueryError);
    // The same query outside any transaction, and after one ended, runs.
    await expect(escape(db)).resolves.toBeDefined();
    await db.transaction(async (m) => m.query('SELECT 1'));
    await expect(escape(db)).resolves.toBeDefined();
  });

  it('a deadlocked transaction is run again, a refusal is not', async () => {
    installTransactionRules(db);
    let tries = 0;
    const deadlock = Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 });
    const result = await db.transaction(async (m) => {
      await m.query('INSERT INTO t (n) VALUES (?)', [`try${++tries}`]);
      if (tries < 3) throw deadlock;
      return 'done';
    });
    expect(result).toBe('done');
    // Each failed try rolled back: only the last one's row is there.
    expect(await db.query('SELECT n FROM t')).toEqual([{ n: 'try3' }]);
    let refusals = 0;
    await expect(db.transaction(async () => {
      refusals++;
      throw new Error('not a conflict');
    })).rejects.toThrow('not a conflict');
    expect(refusals).toBe(1);
  });

  it('gives up after RETRY.attempts conflicts', async () => {
    installTransactionRules(db);
    let tries = 0;
    await expect(db.transaction(async () => {
      tries++;
      throw Object.assign(new Error('Lock wait timeout exceeded'), { errno: 1205 });
    })).rejects.toThrow('Lock wait timeout');
    expect(tries).toBe(RETRY.attempts);
  });

  it.each([
    [{ code: 'ER_LOCK_DEADLOCK' }, true],
    [{ errno: 1205 }, true],
    [{ driverError: { code: 'ER_LOCK_WAIT_TIMEOUT' } }, true],
    [{ message: 'WSREP detected deadlock/conflict and aborted the transaction' }, true],
    [{ code: 'SQLITE_BUSY' }, true],
    [{ code: 'ER_DUP_ENTRY', errno: 1062 }, false],
    [new Error('boom'), false],
  ])('isRetryableConflict(%p) = %p', (error, expected) => {
    expect(isRetryableConflict(error)).toBe(expected);
  });

  it.each([
    [1, 0, 0],
    [1, 0.999, 29],
    [3, 0.5, 60],
    [10, 0.999, RETRY.maxMs - 1],
  ])('backoff of try %p with random %p is %p ms (full jitter, capped)', (attempt, random, expected) => {
    expect(backoffMs(attempt, () => random)).toBe(expected);
  });
});
