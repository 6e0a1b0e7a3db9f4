import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, LogController } from 'fastify';
import type { ChildLoggerOptions } from 'fastify/types/logger';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { MorRequest } from '../api/context';
import { MorRegistry } from '../api/registry.service';
import type { AppConfig } from '../config/config';
import { addressMatcher } from './address-list';
import { installExplorer } from './explorer';
import { readiness } from './health';
import { observeLedger } from '../ledger/ledger';
import { Metrics } from './metrics';
import { Outcome, outcomeOf } from './outcome';

type OpsRequest = MorRequest & { opsOutcome?: Outcome };

const API_PREFIX = '/billing/api/';

/** Fastify options: request ids (the client's X-Request-Id when it is a plain token, else a UUID), no built-in request lines. */
export function fastifyLogOptions() {
  return {
    requestIdHeader: false as const,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    // Fastify's own two lines per request are replaced by ours (onResponse below).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyChildLogger,
  };
}

type Bindings = Record<string, unknown>;

/**
 * Fastify gives every request a child logger bound to its id (req.log); pino's child() serialises
 * and redacts those bindings, which costs on every request although our request line is written
 * with the parent logger and req.log is used only when Fastify itself reports an error. So the
 * child is made when something first logs through it.
 */
export function lazyChildLogger(this: unknown, logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}

type LogArgs = Parameters<FastifyBaseLogger['info']>;

class LazyChildLogger {
  private made?: FastifyBaseLogger;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  private get real(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.real.level;
  }
  set level(level: string) {
    this.real.level = level;
  }
  fatal(...args: LogArgs): void {
    this.real.fatal(...args);
  }
  error(...args: LogArgs): void {
    this.real.error(...args);
  }
  warn(...args: LogArgs): void {
    this.real.warn(...args);
  }
  info(...args: LogArgs): void {
    this.real.info(...args);
  }
  debug(...args: LogArgs): void {
    this.real.debug(...args);
  }
  trace(...args: LogArgs): void {
    this.real.trace(...args);
  }
  silent(...args: LogArgs): void {
    this.real.silent(...args);
  }
  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/**
 * Operations around the API, on Fastify itself so that no Nest guard, interceptor or filter of
 * the API applies: one log line and the metrics of every MOR request (hooks), /health/live,
 * /health/ready, /metrics and, when enabled, /explorer. Call before app.init().
 */
export function installOps(app: NestFastifyApplication, config: AppConfig, logger: Logger): void {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const metrics = app.get(Metrics);
  const db = app.get(DataSource);
  metrics.watchPool(db);
  // Money moved: every committed balance change, by account, ledger kind and direction (balances are in the default currency).
  observeLedger(db, (c) => metrics.moneyMoved(`${c.account}_${c.kind}_${c.amount.startsWith('-') ? 'debit' : 'credit'}`, c.amount, 'default'));
  let registry: MorRegistry | undefined; // looked up once: app.get searches the module graph
  observeRequests(fastify, metrics, () => (registry ??= app.get<MorRegistry, MorRegistry>(MorRegistry)), logger);

  const allowed = addressMatcher(config.opsAllowedIps);
  const guarded = (handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!allowed(req.ip)) return reply.status(403).send({ status: 'forbidden' });
    return handler(req, reply);
  };
  fastify.get('/health/live', guarded(async () => ({ status: 'ok' })));
  fastify.get('/health/ready', guarded(async (_req, reply) => {
    const { ready, body } = await readiness(db, (error) => logger.warn({ err: error }, 'readiness: database check failed'));
    return reply.status(ready ? 200 : 503).send(body);
  }));
  fastify.get('/metrics', guarded(async (_req, reply) => reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())));
  if (config.apiExplorer) installExplorer(fastify, () => app.get(MorRegistry));
}

/**
 * Per finished request: metrics for MOR methods, and one log line (ops routes at debug level).
 * These run on every request, so they are plain callback hooks (an async hook costs a promise and
 * a microtask turn each) and build the log line only when its level is written.
 */
function observeRequests(fastify: FastifyInstance, metrics: Metrics, registry: () => MorRegistry, logger: Logger): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('x-request-id', req.id);
    done();
  });
  fastify.addHook('onSend', (req, reply, payload, done) => {
    (req as OpsRequest).opsOutcome = outcomeOf(reply.statusCode, payload);
    done(null, payload);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const url = req.url;
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const { outcome, error } = (req as OpsRequest).opsOutcome ?? outcomeOf(reply.statusCode, undefined);
    const line = () => ({ reqId: req.id, verb: req.method, status: reply.statusCode, outcome, durationMs: Math.round(reply.elapsedTime * 1000) / 1000, ip: req.ip });
    if (!path.startsWith(API_PREFIX)) {
      if (logger.isLevelEnabled('debug')) logger.debug({ ...line(), path }, 'request');
      return done();
    }
    const calledAs = (req.params as { method?: string } | undefined)?.method ?? path.slice(API_PREFIX.length);
    const method = registry().find(calledAs)?.options.name ?? '(unknown)';
    metrics.observeRequest(method, outcome, reply.elapsedTime / 1000);
    if (logger.isLevelEnabled('info')) {
      const mor = (req as OpsRequest).mor;
      logger.info({ ...line(), method, ...(calledAs !== method && method !== '(unknown)' ? { alias: calledAs } : {}), callerId: mor?.caller?.id, error }, 'request');
    }
    done();
  });
}
