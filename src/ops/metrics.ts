import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { Decimal, DecimalInput } from '../billing/money';

/** What a pool reports: open connections, how many are lent out, callers waiting, the cap. */
export interface PoolUse {
  open: number;
  inUse: number;
  waiting: number;
  max: number;
}

/** Seconds: MOR requests answer in about a millisecond; tariff imports may take many seconds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The application's Prometheus metrics (GET /metrics), one registry per application.
 *
 * Families record their own events by injecting `Metrics` (OpsModule is global):
 *   this.metrics.callStarted();          this.metrics.callEnded();
 *   this.metrics.callRated('answered');  this.metrics.moneyMoved('payment', amount, 'EUR');
 * Request counts, latencies and database pool use are recorded here; no family needs to.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  /** mor_api_requests_total{method, outcome}: outcome is ok, internal, not_found or a MOR error class. */
  readonly requests = new Counter({ name: 'mor_api_requests_total', help: 'MOR API requests by canonical method name and outcome', labelNames: ['method', 'outcome'] as const, registers: [this.registry] });

  readonly requestSeconds = new Histogram({ name: 'mor_api_request_duration_seconds', help: 'MOR API request latency by method and outcome', labelNames: ['method', 'outcome'] as const, buckets: LATENCY_BUCKETS, registers: [this.registry] });

  readonly activeCalls = new Gauge({ name: 'mor_active_calls', help: 'Calls in progress', registers: [this.registry] });

  readonly ratedCalls = new Counter({ name: 'mor_rated_calls_total', help: 'Calls rated, by kind (e.g. answered, failed)', labelNames: ['kind'] as const, registers: [this.registry] });

  /** Absolute amounts: a counter only grows, so the direction belongs in the kind (payment, refund, call_charge...). */
  readonly money = new Counter({ name: 'mor_money_moved_total', help: 'Money moved by kind and currency (monitoring figure; the books are in the database)', labelNames: ['kind', 'currency'] as const, registers: [this.registry] });

  private pool: () => PoolUse = () => ({ open: 0, inUse: 0, waiting: 0, max: 0 });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const pool = () => this.pool();
    const read = (pick: (use: PoolUse) => number) =>
      function (this: Gauge) {
        this.set(pick(pool()));
      };
    new Gauge({ name: 'mor_db_pool_connections_open', help: 'Database connections open', registers: [this.registry], collect: read((u) => u.open) });
    new Gauge({ name: 'mor_db_pool_connections_in_use', help: 'Database connections lent to a query or transaction', registers: [this.registry], collect: read((u) => u.inUse) });
    new Gauge({ name: 'mor_db_pool_waiting', help: 'Queries waiting for a free database connection', registers: [this.registry], collect: read((u) => u.waiting) });
    new Gauge({ name: 'mor_db_pool_max', help: 'Most database connections the pool opens', registers: [this.registry], collect: read((u) => u.max) });
  }

  callStarted(): void {
    this.activeCalls.inc();
  }

  callEnded(): void {
    this.activeCalls.dec();
  }

  callRated(kind: string): void {
    this.ratedCalls.inc({ kind });
  }

  moneyMoved(kind: string, amount: DecimalInput, currency: string): void {
    this.money.inc({ kind, currency }, new Decimal(amount).abs().toNumber());
  }

  /** Reads the pool of this data source at every scrape. */
  watchPool(db: DataSource): void {
    this.pool = () => poolUse(db);
  }

  /** Per (method, outcome): the counter's and the histogram's label children, made once rather than a labels object per request. */
  private readonly requestSeries = new Map<string, { count: Counter.Internal; seconds: Histogram.Internal<'method' | 'outcome'> }>();

  /** One finished API request. */
  observeRequest(method: string, outcome: string, seconds: number): void {
    const key = `${method}\0${outcome}`;
    let series = this.requestSeries.get(key);
    if (!series) {
      series = { count: this.requests.labels(method, outcome), seconds: this.requestSeconds.labels(method, outcome) };
      this.requestSeries.set(key, series);
    }
    series.count.inc();
    series.seconds.observe(seconds);
  }
}

interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
  config?: { connectionLimit?: number };
}

/** mysql2 keeps its pool's state in fields it does not document; SQLite has one connection. */
export function poolUse(db: DataSource): PoolUse {
  if (db.options.type !== 'mysql') return { open: db.isInitialized ? 1 : 0, inUse: 0, waiting: 0, max: 1 };
  const pool = (db.driver as unknown as { pool?: Mysql2Pool }).pool;
  const open = pool?._allConnections?.length ?? 0;
  return { open, inUse: open - (pool?._freeConnections?.length ?? 0), waiting: pool?._connectionQueue?.length ?? 0, max: pool?.config?.connectionLimit ?? 0 };
}
