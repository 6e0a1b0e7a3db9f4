import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource } from 'typeorm';

/**
 * SQLite (better-sqlite3) has one connection: two requests that each open a transaction at the
 * same time send a second BEGIN into the first and both fail ("cannot start a transaction within
 * a transaction"). This makes the data source's transactions take turns. A transaction opened
 * inside another one (through the data source, not its manager) joins it rather than waiting for
 * itself. MariaDB needs none of this: each transaction gets its own pooled connection.
 *
 * Telling "inside" from "beside" needs an AsyncLocalStorage, whose promise hooks cost every
 * request of the process while it is enabled (~16% CPU on Node 20). So it is enabled only while a
 * transaction is queued or running, and disabled again when the queue drains.
 */
export function serializeTransactions(db: DataSource): void {
  const manager = db.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  const inside = new AsyncLocalStorage<true>();
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  const settled = () => {
    if (--pending === 0) inside.disable();
  };
  manager.transaction = ((...args: unknown[]) => {
    if (inside.getStore()) return original(...args);
    pending++;
    const turn = tail.then(() => inside.run(true, () => original(...args)));
    tail = turn.then(settled, settled);
    return turn;
  }) as typeof manager.transaction;
}
