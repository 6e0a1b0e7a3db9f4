import { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { BODY_LIMIT, closeGracefully, configureHttp, frameworkErrors, rewriteUrl } from './api/http';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';

const LEVELS: Record<AppConfig['logLevel'], LogLevel[]> = {
  error: ['error', 'fatal'],
  warn: ['error', 'fatal', 'warn'],
  log: ['error', 'fatal', 'warn', 'log'],
  debug: ['error', 'fatal', 'warn', 'log', 'debug'],
};

/** Builds the HTTP application (used by main.ts, the e2e tests and the benchmark). */
export async function createApp(config: AppConfig, logger: LogLevel[] | false = LEVELS[config.logLevel]): Promise<NestFastifyApplication> {
  // return503OnClosing off: a request already on an open connection while closing is served, not refused.
  const adapter = new FastifyAdapter({ trustProxy: config.trustProxy, bodyLimit: BODY_LIMIT, rewriteUrl, frameworkErrors, logger: false, return503OnClosing: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bodyParser: false, logger });
  await configureHttp(app.getHttpAdapter().getInstance());
  closeGracefully(app.getHttpAdapter().getInstance());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

