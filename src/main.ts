import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/config';
import { AutodialerScheduler } from './families/telephony/autodialer-scheduler';

async function main(): Promise<void> {
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
