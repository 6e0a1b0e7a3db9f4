import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { ChargingService } from './charging.service';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** `charge run [--at]`: charge prepaid subscriptions for what is due; safe to rerun at any time. */
export function registerChargingCommands(program: Command, withApp: WithApp): void {
  const charge = program.command('charge').description('Subscription charging (prepaid users; postpaid users pay through invoices)');
  charge.command('run').description('charge every period due by the given day; periods already charged are skipped, so a rerun is safe')
    .option('--at <iso-date>', 'the day to charge for (default today, UTC)')
    .action((opts: { at?: string }) => withApp(async (app) => {
      const at = opts.at ? new Date(opts.at) : new Date();
      if (Number.isNaN(at.getTime())) throw new Error(`--at must be a date (YYYY-MM-DD), got "${opts.at}"`);
      const summary = await app.get(ChargingService).run(at, (done) => process.stderr.write(`\r${done.toLocaleString('en')} subscriptions checked`));
      process.stderr.write('\n');
      console.log(`${summary.subscriptions} subscriptions, ${summary.periods} period(s) charged, total ${summary.charged.toFixed(6)}; ${summary.unpaid} left unpaid (balance too low); ${summary.racedAway} charged by another process`);
    }));
}
