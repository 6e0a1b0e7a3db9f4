import 'reflect-metadata';
import { Logger } from '@nestjs/common';
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

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
  const config = loadConfig();
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  app.get(AutodialerScheduler).start();
  new Logger('Main').log(`MOR API listening on http://${config.host}:${config.port}/billing/api/<method>`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
