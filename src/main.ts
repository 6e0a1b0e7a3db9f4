import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory';
import { loadConfig } from './config/config';

/**
 * SIGTERM / SIGINT: stop accepting connections, finish the requests in flight, then close the
 * database (app.close() closes the HTTP server first, then runs the shutdown hooks that close the
 * data source), and exit 0. A second signal while closing is ignored.
 */
function closeOnSignals(app: NestFastifyApplication): void {
  let closing = false;
  const close = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    new Logger('Main').log(`${signal}: finishing requests in flight, then closing the database`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        new Logger('Main').error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', close);
  process.on('SIGINT', close);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  closeOnSignals(app);
  await app.listen(config.port, config.host);
  new Logger('Main').log(`MOR API listening on http://${config.host}:${config.port}/billing/api/<method>`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
