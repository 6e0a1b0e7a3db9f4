import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest, LogController } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { MorRequest } from '../api/context';
import { MorRegistry } from '../api/registry.service';
import type { AppConfig } from '../config/config';
import { addressMatcher } from './address-list';
import { installExplorer } from './explorer';
import { readiness } from './health';
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
  };
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
  observeRequests(fastify, metrics, () => app.get(MorRegistry), logger);

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

/** Per finished request: metrics for MOR methods, and one log line (ops routes at debug level). */
function observeRequests(fastify: FastifyInstance, metrics: Metrics, registry: () => MorRegistry, logger: Logger): void {
  fastify.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
  });
  fastify.addHook('onSend', async (req, reply, payload) => {
    (req as OpsRequest).opsOutcome = outcomeOf(reply.statusCode, payload);
    return payload;
  });
  fastify.addHook('onResponse', async (req, reply) => {
    const path = req.url.split('?')[0];
    const seconds = reply.elapsedTime / 1000;
    const { outcome, error } = (req as OpsRequest).opsOutcome ?? outcomeOf(reply.statusCode, undefined);
    const line = { reqId: req.id, verb: req.method, status: reply.statusCode, outcome, durationMs: Math.round(reply.elapsedTime * 1000) / 1000, ip: req.ip };
    if (!path.startsWith(API_PREFIX)) {
      logger.debug({ ...line, path }, 'request');
      return;
    }
    const calledAs = (req.params as { method?: string } | undefined)?.method ?? path.slice(API_PREFIX.length);
    const method = registry().find(calledAs)?.options.name ?? '(unknown)';
    metrics.observeRequest(method, outcome, seconds);
    const mor = (req as OpsRequest).mor;
    logger.info({ ...line, method, ...(calledAs !== method && method !== '(unknown)' ? { alias: calledAs } : {}), callerId: mor?.caller?.id, error }, 'request');
  });
}
