import { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryFailedError } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { noteManagerWrite } from './table-writes';
import { transactionOpen } from './transaction';

type ColumnPlan = { databaseName: string; propertyName: string; from: ((value: unknown) => unknown) | null; column: ColumnMetadata };
/** An entity's columns in order, and by database name (a narrow row is read by its own keys). */
type Plan = ColumnPlan[] & { byName: Map<string, ColumnPlan> };
const plans = new WeakMap<object, Plan>();
const metadatas = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, EntityMetadata>>();

/** db.getMetadata(entity), remembered per entity: TypeORM searches every entity's metadata at each call. */
function metadataOf(db: DataSource, entity: EntityTarget<ObjectLiteral>): EntityMetadata {
  let known = metadatas.get(db);
  if (!known) metadatas.set(db, (known = new Map()));
  let metadata = known.get(entity);
  if (!metadata) known.set(entity, (metadata = db.getMetadata(entity)));
  return metadata;
}

/** An entity's columns as fromRow reads them, worked out once per entity metadata (not per row). */
function planOf(db: DataSource, entity: EntityTarget<ObjectLiteral>): Plan {
  const metadata = metadataOf(db, entity);
  let plan = plans.get(metadata);
  if (!plan) {
    const columns = metadata.columns.map((column): ColumnPlan => {
      const transformer = column.transformer;
      return {
        databaseName: column.databaseName,
        propertyName: column.propertyName,
        from: transformer && !Array.isArray(transformer) ? (value: unknown) => transformer.from(value) : null,
        column,
      };
    });
    plan = Object.assign(columns, { byName: new Map(columns.map((c) => [c.databaseName, c])) });
    plans.set(metadata, plan);
  }
  return plan;
}

/**
 * Hot paths read plain rows with raw SQL (TypeORM's query builder costs more than the query).
 * This turns such a row into the entity shape, applying the columns' transformers (decimals).
 */
export function fromRow<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  const { byName } = planOf(db, entity);
  for (const name in row) {
    const column = byName.get(name);
    if (!column) continue;
    const value = row[name];
    out[column.propertyName] = column.from ? column.from(value) : value;
  }
  return out as T;
}

/**
 * A row hydrated exactly as a repository find hydrates it: the driver's conversions (datetime
 * columns become Date, booleans...) and then the transformers, for entities read with raw SQL
 * whose callers expect the repository's shape.
 */
export function fromRowAsFind<T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const { databaseName, propertyName, column } of planOf(db, entity)) {
    if (!(databaseName in row)) continue;
    out[propertyName] = db.driver.prepareHydratedValue(row[databaseName], column);
  }
  return out as T;
}

type Value = string | number;

type Statement = { reader: boolean; all(...params: unknown[]): unknown[]; run(...params: unknown[]): { changes: number } };
type Execute = { execute(sql: string, params: unknown[], done: (error: Error | null, rows: unknown) => void): void };
type Drivers = {
  options: { type: string };
  databaseConnection?: { prepare(sql: string): Statement };
  pool?: Execute;
};
const statements = new WeakMap<object, Map<string, Statement>>();
const MAX_STATEMENTS = 500;

/** better-sqlite3's compiled statement for `sql` on `connection`, compiled once (TypeORM's runner compiles again per query runner, i.e. per transaction). */
function cachedStatement(connection: { prepare(sql: string): Statement }, sql: string): Statement {
  let cache = statements.get(connection);
  if (!cache) statements.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= MAX_STATEMENTS) cache.clear();
    cache.set(sql, (statement = connection.prepare(sql)));
  }
  return statement;
}

/**
 * A statement with an IN list of n placeholders, its text built once per n: hot lookups (prefix
 * candidates) then pass the statement cache the same string every time, not a new one to hash.
 */
export function perCount(build: (marks: string) => string): (n: number) => string {
  const built: string[] = [];
  return (n) => (built[n] ??= build(Array.from({ length: n }, () => '?').join(', ')));
}

/** What a write (INSERT, UPDATE, DELETE) answers through writeSql. */
export interface WriteResult {
  affectedRows: number;
}

/** runSql for a statement that returns no rows. */
export function writeSql(m: EntityManager, sql: string, params: readonly (Value | null)[] = []): Promise<WriteResult> {
  return runSql(m, sql, params) as unknown as Promise<WriteResult>;
}

/**
 * Any statement (read or write) on a hot path, inside `m`'s transaction when it has one, straight
 * on the driver: a compiled statement kept per SQL text on SQLite (the one connection the
 * transaction runs on), mysql2's `execute` on the transaction's own pooled connection (or the
 * pool) on MariaDB. A read answers its rows, a write `{ affectedRows }`. Failures arrive as
 * TypeORM's QueryFailedError, as from `m.query`, so unique-index and lock-conflict checks work alike.
 * `prepare = false` for statements built for n rows: MariaDB gets them as text (m.query).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are untyped, as m.query's are
export function runSql<T = any>(m: EntityManager, sql: string, params: readonly (Value | null)[] = [], prepare = true): Promise<T[]> {
  const driver = m.connection.driver as unknown as Drivers;
  const fail = (error: unknown) => Promise.reject(new QueryFailedError(sql, [...params], error as Error));
  if (driver.options.type === 'better-sqlite3' && driver.databaseConnection) {
    try {
      const statement = cachedStatement(driver.databaseConnection, sql);
      if (statement.reader) return Promise.resolve(statement.all(...params) as T[]);
      // A lone write while another request's transaction is open takes its turn (transaction.ts rule 4).
      if (!m.queryRunner && transactionOpen()) return m.transaction((tm) => runSql<T>(tm, sql, params, prepare));
      const bump = noteManagerWrite(m, sql);
      const affectedRows = statement.run(...params).changes;
      if (bump) cachedStatement(driver.databaseConnection, bump).run();
      return Promise.resolve({ affectedRows } as WriteResult as unknown as T[]);
    } catch (error) {
      return fail(error);
    }
  }
  const runner = m.queryRunner as unknown as { databaseConnection?: Execute; isReleased?: boolean } | undefined;
  const target = runner ? runner.databaseConnection : driver.pool;
  // A statement of varying shape (n rows, IN lists of n) is sent as text: prepared, each shape would stay allocated on the server.
  if (driver.options.type !== 'mysql' || !target || runner?.isReleased || !prepare) return m.query(sql, [...params]);
  const bump = noteManagerWrite(m, sql);
  const run = (text: string, values: readonly (Value | null)[]) => new Promise<T[]>((resolve, reject) =>
    target.execute(text, [...values], (error, rows) => (error ? reject(new QueryFailedError(text, [...values], error)) : resolve(rows as T[]))),
  );
  return bump ? run(sql, params).then(async (rows) => (await run(bump, []), rows)) : run(sql, params);
}

/**
 * Inserts one row per item (its values in `columns` order, made as it is written) into `table`
 * inside `m`'s transaction (a batch job's). SQLite: one compiled single-row statement run per row,
 * with no promise per row (binding costs the same in a multi-row statement, which compiles once per
 * row count). MariaDB: statements of up to `rowsPerStatement` rows sent as text, a round trip each.
 */
export async function insertValues<T>(
  m: EntityManager, table: string, columns: readonly string[], items: readonly T[], valuesOf: (item: T) => readonly (Value | null)[], rowsPerStatement = 1000,
): Promise<void> {
  if (items.length === 0) return;
  if (!m.queryRunner) return m.transaction((tm) => insertValues(tm, table, columns, items, valuesOf, rowsPerStatement));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const driver = m.connection.driver as unknown as Drivers;
  if (driver.options.type === 'better-sqlite3' && driver.databaseConnection) {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuple}`;
    const statement = cachedStatement(driver.databaseConnection, sql);
    const bump = noteManagerWrite(m, sql);
    let values: readonly (Value | null)[] = [];
    try {
      for (const item of items) statement.run((values = valuesOf(item)));
    } catch (error) {
      throw new QueryFailedError(sql, [...values], error as Error);
    }
    if (bump) cachedStatement(driver.databaseConnection, bump).run();
    return;
  }
  for (let i = 0; i < items.length; i += rowsPerStatement) {
    const part = items.slice(i, i + rowsPerStatement);
    await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => tuple).join(', ')}`, part.flatMap(valuesOf));
  }
}

/**
 * A read on the request path, straight on the driver with a prepared statement: better-sqlite3's
 * compiled statement (kept per SQL text) or mysql2's `execute` (prepared once per pooled
 * connection). TypeORM's query runner adds a connection checkout, events and logging per query.
 * Inside a transaction (a manager with its own query runner) it goes through that manager.
 */
export function readRows<T = Record<string, unknown>>(m: EntityManager, sql: string, params: readonly Value[] = []): Promise<T[]> {
  if (m.queryRunner) return m.query(sql, [...params]);
  const driver = m.connection.driver as unknown as Drivers;
  if (driver.options.type === 'better-sqlite3' && driver.databaseConnection) {
    try {
      return Promise.resolve(cachedStatement(driver.databaseConnection, sql).all(...params) as T[]);
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const pool = driver.pool;
  if (driver.options.type === 'mysql' && pool) {
    return new Promise((resolve, reject) => pool.execute(sql, [...params], (error, rows) => (error ? reject(error) : resolve(rows as T[]))));
  }
  return m.query(sql, [...params]);
}

/**
 * `SELECT * FROM <entity's table> WHERE a = ? AND b IN (?, ?) [ORDER BY c]`, hydrated with
 * fromRow: the plain-SQL equivalent of a simple repository find, for per-call paths.
 */
export async function selectRows<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  where: Record<string, Value | readonly Value[]>,
  orderBy?: string,
  hydrate: typeof fromRow = fromRow,
): Promise<T[]> {
  const conditions: string[] = [];
  const values: Value[] = [];
  for (const [column, value] of Object.entries(where)) {
    if (Array.isArray(value)) {
      if (value.length === 0) return [];
      conditions.push(`${column} IN (${value.map(() => '?').join(', ')})`);
      values.push(...value);
    } else {
      conditions.push(`${column} = ?`);
      values.push(value as Value);
    }
  }
  const table = metadataOf(m.connection, entity).tableName;
  const sql = `SELECT * FROM ${table}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  const rows = await readRows(m, sql, values);
  return rows.map((row) => hydrate(m.connection, entity, row));
}

/** selectRows hydrated as a repository find would (fromRowAsFind): a drop-in for `find({ where })`. */
export function findRows<T extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<T>, where: Record<string, Value | readonly Value[]>, orderBy?: string): Promise<T[]> {
  return selectRows(m, entity, where, orderBy, fromRowAsFind);
}

/** Inserts rows (all with the same keys) into a table by name in one statement, inside `m`. */
export async function insertRows(m: EntityManager, table: string, rows: readonly Record<string, Value | null>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => tuple).join(', ')}`, rows.flatMap((row) => columns.map((c) => row[c] ?? null)));
}

/** Inserts one row into a table by name (inside `m`) and returns its generated id, on both databases. */
export async function insertRow(m: EntityManager, table: string, values: Record<string, Value | null>): Promise<number> {
  await insertRows(m, table, [values]);
  const [row]: { id: number }[] = await m.query(m.connection.options.type === 'mysql' ? 'SELECT LAST_INSERT_ID() AS id' : 'SELECT last_insert_rowid() AS id');
  return Number(row.id);
}
