import { Command } from 'commander';
import { registerTariffCommands } from '../families/tariffs/tariff-cli';
import { withApp } from './context';

/** Commands that families add (tariff import/export, route); each family registers its own here. */
export function registerFamilyCommands(program: Command): void {
  registerTariffCommands(program, withApp);
}
