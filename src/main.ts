import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory';
import { loadConfig, variablesHelp } from './config/config';
import { AutodialerScheduler } from './families/telephony/autodialer-scheduler';

const USAGE = `Usage: node dist/main.js

Serves MOR's XML API on http://HOST:PORT/billing/api/<method>, with /health/live,
/health/ready, /metrics and (API_EXPLORER=on) /explorer. Migrations run at every start.
Operator commands: node dist/cli/main.js --help

Environment (every variable is validated before anything starts):
${variablesHelp()}
`;

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
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig();
  const app = await createApp(config);
  closeOnSignals(app);
  await app.listen(config.port, config.host);
  app.get(AutodialerScheduler).start();
  new Logger('Main').log(`MOR API listening on http://${config.host}:${config.port}/billing/api/<method>`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
