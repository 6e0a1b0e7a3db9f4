import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { createReadStream, statSync } from 'node:fs';
import { progressPrinter } from '../../cli/progress';
import { CsvImportError } from '../tariffs/tariff-csv';
import { CdrImportService, CDR_CSV_HEADER } from './cdr-import.service';
import { RerateService } from './rerate.service';
import { simulateCalls } from './simulate';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** `2026-01-31`, `2026-01-31 12:00:00` (UTC) or unix seconds. */
function parseWhen(text: string, endOfDay: boolean): Date {
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T${endOfDay ? '23:59:59' : '00:00:00'}Z` : `${text.replace(' ', 'T')}Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`bad date '${text}'`);
  return d;
}

/** `calls import`, `calls rerate`, `calls simulate`. */
export function registerCallCommands(program: Command, withApp: WithApp): void {
  const calls = program.command('calls').description('CDRs: import a switch CSV, re-rate a period, simulate load');
  calls.command('import <file>').description(`CSV columns: ${CDR_CSV_HEADER}; duplicates (by uniqueid) are skipped and counted; a bad line stops the import naming it`)
    .action((file: string) => withApp(async (app) => {
      try {
        const result = await app.get(CdrImportService).import(createReadStream(file), progressPrinter(statSync(file).size));
        process.stderr.write('\n');
        console.log(`${result.imported} calls imported, ${result.duplicates} duplicates skipped, ${result.lines} lines read`);
      } catch (error) {
        process.stderr.write('\n');
        if (error instanceof CsvImportError) throw new Error(`${file}: ${error.message}; the lines before its batch were imported`);
        throw error;
      }
    }));
  calls.command('rerate').description("rate a period's CDRs again with today's tariffs; balances move by the difference")
    .requiredOption('--from <date>', 'YYYY-MM-DD[ HH:MM:SS] (UTC) or unix seconds')
    .requiredOption('--till <date>', 'YYYY-MM-DD[ HH:MM:SS] (UTC) or unix seconds')
    .option('--user <id>', 'only this user\'s calls')
    .action((opts: { from: string; till: string; user?: string }) => withApp(async (app) => {
      const result = await app.get(RerateService).rerate(parseWhen(opts.from, false), parseWhen(opts.till, true), opts.user ? Number(opts.user) : undefined,
        (n) => process.stderr.write(`\r${n.toLocaleString('en')} calls checked`));
      process.stderr.write('\n');
      console.log(`${result.checked} calls checked, ${result.changed} re-rated, users' prices changed by ${result.userDifference.toFixed(6)}`);
    }));
  calls.command('simulate').description('load tool: call lifecycles (authorize, start, end) over HTTP against a running server')
    .requiredOption('--url <base>', 'server base URL, e.g. http://127.0.0.1:3000')
    .requiredOption('--device <id>', 'calling device id (or several, comma-separated, taken in turn)').requiredOption('--dst <number>', 'number to dial')
    .option('--key <secret>', "the admin's API secret key", process.env.MOR_API_SECRET_KEY ?? '')
    .option('--calls <n>', 'lifecycles to run', '1000').option('--concurrency <n>', 'lifecycles in flight', '16')
    .action(async (opts: { url: string; device: string; dst: string; key: string; calls: string; concurrency: string }) => {
      const r = await simulateCalls({ ...opts, calls: Number(opts.calls), concurrency: Number(opts.concurrency) });
      console.log(`${r.lifecycles} lifecycles in ${r.seconds.toFixed(2)} s: ${r.perSecond.toFixed(0)}/s (${r.failures} failed)`);
    });
}
