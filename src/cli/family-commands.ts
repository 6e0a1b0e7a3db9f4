import { Command } from 'commander';

/** Commands that families add (tariff import/export, route); each family registers its own here. */
export function registerFamilyCommands(_program: Command): void {}
