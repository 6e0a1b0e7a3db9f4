import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { ChargingService } from './charging.service';
import { FlatRateService } from './flat-rate.service';

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

  registerFlatRateCommands(program, withApp);
}

const serviceIdOf = (raw: string) => {
  if (!/^\d{1,10}$/.test(raw)) throw new Error(`service id must be a number, got "${raw}"`);
  return Number(raw);
};

/** `services destinations list|add|remove`: the prefixes a flat-rate service covers (included) or carves out (excluded; the longest prefix decides). */
function registerFlatRateCommands(program: Command, withApp: WithApp): void {
  const destinations = program.command('services').description('Services').command('destinations').description("a flat-rate service's destination prefixes");
  destinations.command('list <service-id>').description('the prefixes and whether each is included or excluded')
    .action((id: string) => withApp(async (app) => {
      for (const d of await app.get(FlatRateService).destinations(serviceIdOf(id))) console.log(`${d.prefix}\t${d.included ? 'included' : 'excluded'}`);
    }));
  destinations.command('add <service-id> <prefix>').description('cover numbers starting with the prefix (or, with --excluded, exclude them)')
    .option('--excluded', 'exclude the prefix instead of including it')
    .action((id: string, prefix: string, opts: { excluded?: boolean }) => withApp(async (app) => {
      await app.get(FlatRateService).setDestination(serviceIdOf(id), prefix, !opts.excluded);
      console.log(`${prefix} ${opts.excluded ? 'excluded from' : 'included in'} service ${id}`);
    }));
  destinations.command('remove <service-id> <prefix>').description('drop the prefix from the list')
    .action((id: string, prefix: string) => withApp(async (app) => {
      console.log((await app.get(FlatRateService).removeDestination(serviceIdOf(id), prefix)) ? `${prefix} removed` : `${prefix} was not in the list`);
    }));
}
