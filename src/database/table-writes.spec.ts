import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { clearOnWrite, noteWrite, watchTableWrites } from './table-writes';

describe('clearOnWrite', () => {
  const setup = () => {
    const db = { subscribers: [] as EntitySubscriberInterface[], createQueryRunner: () => ({}) } as unknown as DataSource;
    const rates = { clear: jest.fn() };
    const providers = { clear: jest.fn() };
    clearOnWrite(db, ['rates', 'ratedetails'], rates);
    clearOnWrite(db, ['providers'], providers);
    return { db, rates, providers };
  };

  it.each([
    ['UPDATE ratedetails SET rate = ? WHERE id = ?', 1, 0],
    ['INSERT INTO "rates"("tariff_id", "prefix") VALUES (?, ?)', 1, 0],
    ['DELETE FROM `providers` WHERE id = ?', 0, 1],
    ['  update providers set port = 5070', 0, 1],
    ['SELECT * FROM rates WHERE id = ?', 0, 0],
    ['UPDATE customrates SET x = 1', 0, 0],
    ['INSERT INTO did_rates (did_id) VALUES (?)', 0, 0],
    ['UPDATE providers SET balance = balance + ? WHERE id = ?', 0, 0],
    ['INSERT INTO balance_ledger (account_type, balance_after) SELECT ?, balance FROM providers WHERE id = ?', 0, 0],
  ])('%s clears rates %i times, providers %i times', (sql, rateClears, providerClears) => {
    const { db, rates, providers } = setup();
    noteWrite(db, undefined, sql);
    expect([rates.clear.mock.calls.length, providers.clear.mock.calls.length]).toEqual([rateClears, providerClears]);
  });

  it('clears again when the writing transaction ends (a concurrent request may have loaded the rows still committed)', () => {
    const { db, rates, providers } = setup();
    watchTableWrites(db);
    const runner = { isTransactionActive: true } as QueryRunner;
    noteWrite(db, runner, 'UPDATE rates SET prefix = ?');
    expect(rates.clear).toHaveBeenCalledTimes(1);
    (runner as { isTransactionActive: boolean }).isTransactionActive = false;
    db.subscribers[0].afterTransactionCommit!({ queryRunner: runner } as never);
    expect(rates.clear).toHaveBeenCalledTimes(2);
    db.subscribers[0].afterTransactionCommit!({ queryRunner: runner } as never);
    expect([rates.clear.mock.calls.length, providers.clear.mock.calls.length]).toEqual([2, 0]);
  });
});
