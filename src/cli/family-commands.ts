import { Command } from 'commander';
import { registerCallCommands } from '../families/calls/calls-cli';
import { routeCommand } from '../families/routing/route-command';
import { registerTariffCommands } from '../families/tariffs/tariff-cli';
import { registerTelephonyCommands } from '../families/telephony/telephony-cli';
import { withApp } from './context';

/** Commands that families add (tariff import/export, route); each family registers its own here. */
export function registerFamilyCommands(program: Command): void {
  registerTariffCommands(program, withApp);
  registerTelephonyCommands(program, withApp);
  registerCallCommands(program, withApp);
  program.command('route <user> <number>').description('Where a call of <user> (id or username) to <number> would go, and why')
    .option('--caller-id <number>', 'caller id (for combined location rules and src provider rules)')
    .option('--device <id>', "the calling device (default: the user's first device)")
    .option('--at <iso-datetime>', 'call start (default now)')
    .option('--json', 'machine-readable output')
    .action((user: string, number: string, opts: { callerId?: string; device?: string; at?: string; json?: boolean }) =>
      withApp(async (app) => console.log(await routeCommand(app, user, number, opts))));
}
