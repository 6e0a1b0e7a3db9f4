import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { isMoneyText, toStorage } from '../../billing/money';
import { digitsOf } from '../../billing/prefix';
import { insertReturningId } from '../../database/insert';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** `sms tariff|rate|provider|lcr ...`: the SMS addon's reference data (MOR edits it in its GUI). */
export function registerSmsCommands(program: Command, withApp: WithApp): void {
  const sms = program.command('sms').description('SMS addon: tariffs, rates, API providers and SMS LCRs (the admin\'s)');
  const insert = (sql: string, values: unknown[], what: string) => withApp(async (app) => {
    console.log(`${what} ${await insertReturningId(app.get(DataSource).manager, sql, values)} created`);
  });
  sms.command('tariff-add <name>').description('a new SMS tariff of the admin').option('--currency <code>', 'currency', 'USD')
    .action((name: string, o: { currency: string }) => insert('INSERT INTO sms_tariffs (name, owner_id, currency) VALUES (?, 0, ?)', [name, o.currency], 'SMS tariff'));
  sms.command('rate-add <tariff-id> <prefix> <price>').description('the price of one SMS to numbers starting with <prefix>').action((tariff: string, prefix: string, price: string) => {
    if (!isMoneyText(price)) throw new Error(`price must be a number, got "${price}"`);
    return insert('INSERT INTO sms_rates (sms_tariff_id, prefix, price) VALUES (?, ?, ?)', [Number(tariff), digitsOf(prefix), toStorage(price)], 'SMS rate');
  });
  sms.command('provider-add <name> <api-url>').description('api-url: a URL with <%= dst %>, <%= src %>, <%= message %> placeholders')
    .requiredOption('--keywords <list>', 'comma-separated good keywords marking a reply as sent').option('--tariff <id>', "the provider's own (buy) SMS tariff", '0')
    .action((name: string, url: string, o: { keywords: string; tariff: string }) =>
      insert("INSERT INTO sms_providers (name, provider_type, api_url, good_keywords, sms_tariff_id, owner_id, timeout) VALUES (?, 'api', ?, ?, ?, 0, 10)", [name, url, o.keywords, Number(o.tariff)], 'SMS provider'));
  sms.command('lcr-add <name>').description('a new SMS LCR (its providers are tried in priority order)').action((name: string) => insert('INSERT INTO sms_lcrs (name, owner_id) VALUES (?, 0)', [name], 'SMS LCR'));
  sms.command('lcr-provider-add <lcr-id> <provider-id>').description('put an SMS provider on an SMS LCR').option('--priority <n>', 'lower goes first', '1')
    .action((lcr: string, provider: string, o: { priority: string }) =>
      insert('INSERT INTO sms_lcr_providers (sms_lcr_id, sms_provider_id, priority) VALUES (?, ?, ?)', [Number(lcr), Number(provider), Number(o.priority)], 'SMS LCR provider link'));
}
