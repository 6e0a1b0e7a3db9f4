import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import { BODY_LIMIT, closeGracefully, configureHttp, frameworkErrors, parseQuery, rewriteUrl } from './api/http';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { installPlainAsyncBind } from './ops/async-resource-bind';
import { installOps, fastifyLogOptions } from './ops/install';
import { createLogger, PinoNestLogger } from './ops/logger';

export interface AppOptions {
  /** Where JSON log lines go instead of stdout (the tests write them to files). */
  logDestination?: DestinationStream;
}

/** Builds the HTTP application (used by main.ts, the e2e tests and the benchmark). */
export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  // Node 20's AsyncResource#bind costs ~20 µs per call, three calls per request (src/ops/async-resource-bind.ts).
  installPlainAsyncBind();
  const logger: Logger = createLogger(config, options.logDestination);
  // return503OnClosing off: a request already on an open connection while closing is served, not refused.
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy, bodyLimit: BODY_LIMIT, rewriteUrl, frameworkErrors, routerOptions: { querystringParser: parseQuery }, loggerInstance: logger, return503OnClosing: false, ...fastifyLogOptions(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bodyParser: false, logger: new PinoNestLogger(logger) });
  await configureHttp(app.getHttpAdapter().getInstance());
  closeGracefully(app.getHttpAdapter().getInstance());
  installOps(app, config, logger);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
