import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { CsvImportError } from './tariff-csv';
import { progressPrinter } from '../../cli/progress';
import { TariffCsvService } from './tariff-csv.service';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** `tariff import <file> --tariff <id>` and `tariff export <file> --tariff <id>` (wholesale CSV). */
export function registerTariffCommands(program: Command, withApp: WithApp): void {
  const tariff = program.command('tariff').description('Wholesale tariff CSV: prefix,rate[,connection_fee[,increment[,min_time]]]');
  tariff.command('import <file>').description('all-or-nothing: a bad row is reported with its line number and nothing is applied')
    .requiredOption('--tariff <id>', 'wholesale tariff id')
    .action((file: string, opts: { tariff: string }) => withApp(async (app) => {
      try {
        const result = await app.get(TariffCsvService).import(Number(opts.tariff), createReadStream(file), progressPrinter(statSync(file).size));
        process.stderr.write('\n');
        console.log(`${result.rows} rates imported from ${result.lines} lines into tariff ${opts.tariff}`);
      } catch (error) {
        process.stderr.write('\n');
        if (error instanceof CsvImportError) throw new Error(`${file}: ${error.message}; nothing was imported`);
        throw error;
      }
    }));
  tariff.command('export <file>').description('"-" writes to stdout').requiredOption('--tariff <id>', 'wholesale tariff id')
    .action((file: string, opts: { tariff: string }) => withApp(async (app) => {
      const output = file === '-' ? process.stdout : createWriteStream(file);
      const rows = await app.get(TariffCsvService).export(Number(opts.tariff), output);
      if (output !== process.stdout) {
        output.end();
        await once(output, 'finish');
        console.log(`${rows} rates exported to ${file}`);
      }
    }));
}
