import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';

/** How often the checkpointer copies committed WAL pages into the database file. */
export const CHECKPOINT_EVERY_MS = 200;

/**
 * SQLite file databases: WAL checkpoints run on a worker thread's own connection instead of inside
 * a commit on the event loop. better-sqlite3 runs on the event loop, and SQLite's automatic
 * checkpoint (every 1000 WAL pages) copies the pages and fsyncs within the commit that crosses the
 * mark: tens of ms of a stalled process every few dozen commits (issue 9: call lifecycles). A
 * PASSIVE checkpoint never blocks writers or readers; if the worker stops, the connection's
 * automatic checkpoints come back. The worker ends before the data source closes (whose last
 * connection checkpoints the rest and removes the WAL).
 */
export function checkpointOffTheEventLoop(db: DataSource): void {
  const file = (db.options as { database?: string }).database;
  const connection = (db.driver as unknown as { databaseConnection?: { pragma(sql: string): unknown } }).databaseConnection;
  if (db.options.type !== 'better-sqlite3' || !connection || !file || file === ':memory:') return;
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const db = new (require(workerData.driver))(workerData.file);
     setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.every);`,
    { eval: true, workerData: { file, every: CHECKPOINT_EVERY_MS, driver: require.resolve('better-sqlite3') } },
  );
  worker.unref();
  connection.pragma('wal_autocheckpoint = 0');
  let running = true;
  worker.once('exit', () => {
    if (running) connection.pragma('wal_autocheckpoint = 1000');
    running = false;
  });
  worker.on('error', () => undefined); // 'exit' follows
  const destroy = db.destroy.bind(db);
  db.destroy = async () => {
    running = false;
    await worker.terminate();
    return destroy();
  };
}
