import 'reflect-metadata';
import { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MorRegistry } from '../api/registry.service';
import { Setting } from '../settings/setting-names';
import { SettingsService } from '../settings/settings.service';
import { variablesHelp } from '../config/config';
import { withApp } from './context';
import { hashForUrl, signUrl } from './generate-hash';
import { methodsMarkdown } from './methods-doc';
import { Operator } from './operator';
import { registerFamilyCommands } from './family-commands';


/** Exported for the test that asks every command for its --help. */
export const program = new Command('mor').description("Operator commands for what MOR does in its GUI (database from DATABASE_URL)")
  .addHelpText('after', `\nEnvironment (validated at start):\n${variablesHelp()}`);

const op = <A extends unknown[]>(work: (o: Operator, ...args: A) => Promise<void>) => (...args: A) => withApp((app) => work(new Operator(app), ...args));

const settings = program.command('settings').description('API settings of the admin, or of a reseller with --reseller');
settings.command('show').description('print every setting of the admin (or --reseller)').option('--reseller <username>', "a reseller's own settings").action(op(async (o, opts: { reseller?: string }) => {
  for (const row of await o.settingsOf(await o.ownerOf(opts.reseller))) console.log(`${row.name} = ${row.value}`);
}));
settings.command('set <name> <value>').description(`name: ${Object.values(Setting).join(', ')} or default_user_* / default_device_*`).option('--reseller <username>', "a reseller's own setting")
  .action(op(async (o, name: string, value: string, opts: { reseller?: string }) => {
    await o.setSetting(name, value, await o.ownerOf(opts.reseller));
    console.log(`${name} updated`);
  }));

const whitelist = program.command('whitelist').description('Whitelisted IPs for "Restrict API access by IP"');
whitelist.command('add <entry>').description('a.b.c.d, a.b.c.d/nn or a.b.c.x-y').option('--no-api', 'listed but without API access').option('--reason <text>', 'reason', 'MOR-WHITELIST-CLI')
  .action(op(async (o, entry: string, opts: { api: boolean; reason: string }) => {
    const ips = await o.addWhitelist(entry, opts.api, opts.reason);
    console.log(`${ips.length} address(es) whitelisted${opts.api ? ' with API access' : ''}`);
  }));
whitelist.command('list').description('print the whitelisted addresses').action(op(async (o) => {
  for (const row of await o.listWhitelist()) console.log(`${row.ip}\tapi_access=${row.api_access}\t${row.reason}`);
}));
whitelist.command('remove <ip>').description('remove one whitelisted address').action(op(async (o, ip: string) => console.log(`${await o.removeWhitelist(ip)} removed`)));

const groups = program.command('permission-group').description('API permission groups (Disabled / Read / Write per method)');
groups.command('create <name>').description('a new group (every method Disabled)').option('--description <text>', 'what the group is for', '').action(op(async (o, name: string, opts: { description: string }) => {
  await o.createGroup(name, opts.description);
  console.log(`group ${name} created`);
}));
groups.command('set <group> <method> <level>').description('level: disabled, read or write').action(op(async (o, group: string, method: string, level: string) => {
  await o.setGroupMethod(group, method, level);
  console.log(`${group}: ${method} = ${level}`);
}));
groups.command('list').description('print every group with its methods and levels').action(op(async (o) => {
  for (const g of await o.groups()) console.log(`${g.name}: ${g.methods.map((m) => `${m.method}=${['disabled', 'read', 'write'][m.level]}`).join(', ') || '(no methods)'}`);
}));
groups.command('assign <username> <group>').description('makes the user or accountant API restricted; group "none" lifts it').action(op(async (o, username: string, group: string) => {
  await o.assignGroup(username, group);
  console.log(`${username}: ${group === 'none' ? 'not API restricted' : `API restricted, group ${group}`}`);
}));

program.command('user-create <username>').description('create a reseller, accountant or user')
  .requiredOption('--type <type>', 'reseller | accountant | user').option('--password <password>', 'generated when omitted').option('--owner <reseller>', 'the reseller it belongs to (default: the admin)').option('--email <email>', 'its e-mail address')
  .action(op(async (o, username: string, opts: { type: 'reseller' | 'accountant' | 'user'; password?: string; owner?: string; email?: string }) => {
    const made = await o.createAccount({ username, ...opts });
    console.log(`${opts.type} ${username} created with id ${made.id}`);
    if (made.generated) process.stdout.write(`password: ${made.generated}\n(store it now; it is not shown again)\n`);
  }));

program.command('hash <url>').description('MOR\'s "Generate hash": the hash of a request URL')
  .option('--key <key>', "secret key (default: the admin's, or --reseller's)").option('--reseller <username>')
  .action((url: string, opts: { key?: string; reseller?: string }) => withApp(async (app) => {
    const owner = await new Operator(app).ownerOf(opts.reseller);
    const key = opts.key ?? (await app.get(SettingsService).get(Setting.apiSecretKey, owner)) ?? '';
    const result = hashForUrl(app.get(MorRegistry), url, key);
    console.log(`method: ${result.method}\nhash params in order: ${result.order.join(', ') || '(none)'}\nstring before key: ${result.values}\nhash: ${result.hash}`);
  }));

program.command('sign <url>').description('a signed request (api_signed_requests on): the URL with ts and signature, and the string signed')
  .option('--key <key>', "secret key (default: the admin's, or --reseller's)").option('--reseller <username>').option('--ts <unix seconds>', 'timestamp (default: now)')
  .action((url: string, opts: { key?: string; reseller?: string; ts?: string }) => withApp(async (app) => {
    const owner = await new Operator(app).ownerOf(opts.reseller);
    const key = opts.key ?? (await app.get(SettingsService).get(Setting.apiSecretKey, owner)) ?? '';
    const result = signUrl(url, key, opts.ts);
    console.log(`string signed:\n${result.canonical}\n\nsigned URL: ${result.url}`);
  }));

program.command('docs').description('write docs/methods.md from the method registry').action(() => {
  process.env.DATABASE_URL = 'sqlite::memory:';
  return withApp(async (app) => {
    const file = join(__dirname, '..', '..', 'docs', 'methods.md');
    const methods = app.get(MorRegistry).methods();
    writeFileSync(file, methodsMarkdown(methods));
    console.log(`${file}: ${methods.length} methods`);
  });
});

registerFamilyCommands(program);

if (require.main === module) {
  program.parseAsync().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
