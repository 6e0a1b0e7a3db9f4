/**
 * Lets the event loop serve other requests between the chunks of a long job (a 100,000-row insert,
 * a scan of a large table). better-sqlite3 answers synchronously, so an `await` on it alone never
 * gives other requests a turn; setImmediate runs after pending I/O callbacks.
 */
export function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
