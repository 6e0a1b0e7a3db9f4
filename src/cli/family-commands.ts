import { Command } from 'commander';
import { registerCardCommands } from '../families/calling-cards/card-cli';
import { routeCommand } from '../families/routing/route-command';
import { registerTariffCommands } from '../families/tariffs/tariff-cli';
import { withApp } from './context';

/** Commands that families add (tariff import/export, route); each family registers its own here. */
export function registerFamilyCommands(program: Command): void {
  registerTariffCommands(program, withApp);
  registerCardCommands(program, withApp);
  program.command('route <user> <number>').description('Where a call of <user> (id or username) to <number> would go, and why')
    .option('--caller-id <number>', 'caller id (for combined location rules and src provider rules)')
    .option('--device <id>', "the calling device (default: the user's first device)")
    .option('--at <iso-datetime>', 'call start (default now)')
    .option('--json', 'machine-readable output')
    .action((user: string, number: string, opts: { callerId?: string; device?: string; at?: string; json?: boolean }) =>
      withApp(async (app) => console.log(await routeCommand(app, user, number, opts))));
}
