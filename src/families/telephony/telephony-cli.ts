import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { AutodialerEngine } from './autodialer-engine';
import { IvrService } from './ivr.service';
import { QueueService } from './queue.service';
import { Server } from './telephony.entity';
import { ServerSpec, ServersService } from './servers.service';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

interface ServerOptions {
  hostname?: string;
  ip?: string;
  port?: string;
  amiPort?: string;
  amiUser?: string;
  amiSecret?: string;
  active?: string;
  comment?: string;
}

const int = (raw: string | undefined): number | undefined => (raw === undefined ? undefined : /^\d+$/.test(raw) ? Number(raw) : NaN);

function specOf(o: ServerOptions): ServerSpec {
  return {
    hostname: o.hostname, server_ip: o.ip, port: int(o.port), ami_port: int(o.amiPort), ami_username: o.amiUser, ami_secret: o.amiSecret,
    active: int(o.active), comment: o.comment,
  };
}

/** One line per server; the manager secret only as set / not set. */
export function serverLine(s: Server): string {
  return `${s.id}\t${s.hostname || '-'}\t${s.server_ip || '-'}\tsip:${s.port}\tami:${s.ami_username || '-'}@${s.ami_port}\tactive=${s.active}${s.comment ? `\t${s.comment}` : ''}`;
}

function serverOptions(command: Command): Command {
  return command.option('--hostname <name>').option('--ip <address>', "the server's address (the manager interface is reached there)")
    .option('--port <n>', 'SIP port (5060)').option('--ami-port <n>', 'manager interface port (5038)').option('--ami-user <name>')
    .option('--ami-secret <secret>', 'manager interface secret (never printed)').option('--active <0|1>').option('--comment <text>');
}

/** `server add|update|list|remove|check`, `queue-log-import`, `ivr ...`, `autodialer-run`. */
export function registerTelephonyCommands(program: Command, withApp: WithApp): void {
  const server = program.command('server').description("Asterisk servers and their manager interface (AMI)");
  serverOptions(server.command('add').description('a new Asterisk server with its manager interface')).action((o: ServerOptions) => withApp(async (app) => {
    console.log(serverLine(await app.get(ServersService).create(specOf(o))));
  }));
  serverOptions(server.command('update <id>').description("change a server's address or manager-interface login")).action((id: string, o: ServerOptions) => withApp(async (app) => {
    console.log(serverLine(await app.get(ServersService).update(Number(id), specOf(o))));
  }));
  server.command('list').description('every server (the manager secret is never printed)').action(() => withApp(async (app) => {
    for (const s of await app.get(ServersService).list()) console.log(serverLine(s));
  }));
  server.command('remove <id>').description('delete a server').action((id: string) => withApp(async (app) => {
    await app.get(ServersService).remove(Number(id));
    console.log(`server ${id} removed`);
  }));
  server.command('check <id>').description('log in to the manager interface and ping it').action((id: string) => withApp(async (app) => {
    console.log(await app.get(ServersService).check(Number(id)));
  }));

  program.command('queue-log-import <file>').description("import Asterisk's queue_log file (all or nothing; lines already imported are skipped)")
    .action((file: string) => withApp(async (app) => {
      const result = await app.get(QueueService).importFile(file);
      console.log(`${result.imported} events imported from ${result.lines} lines`);
    }));

  const ivr = program.command('ivr').description('IVR time periods and dial plans (the API updates them)');
  ivr.command('time-period-create <name>').description('a new IVR time period (edit it with ivr_time_period_update)').option('--owner <id>', 'admin 0 or a reseller id', '0').action((name: string, o: { owner: string }) => withApp(async (app) => {
    console.log(`time period ${(await app.get(IvrService).createTimePeriod(Number(o.owner), name)).id} created`);
  }));
  ivr.command('dial-plan-create <name>').description('a new IVR dial plan with up to three IVRs').option('--owner <id>', 'admin 0 or a reseller id', '0').option('--ivr1 <id>').option('--ivr2 <id>').option('--ivr3 <id>')
    .action((name: string, o: { owner: string; ivr1?: string; ivr2?: string; ivr3?: string }) => withApp(async (app) => {
      const ivrs = [o.ivr1, o.ivr2, o.ivr3].map(int);
      console.log(`IVR dial plan ${(await app.get(IvrService).createDialPlan(Number(o.owner), name, ivrs)).id} created`);
    }));
  ivr.command('create <name>').description('a new IVR').option('--owner <id>', 'admin 0 or a reseller id', '0').action((name: string, o: { owner: string }) => withApp(async (app) => {
    console.log(`IVR ${(await app.get(IvrService).createIvr(Number(o.owner), name)).id} created`);
  }));
  ivr.command('voice-add <voice>').description('a new IVR voice (a language of recorded prompts)').option('--description <text>', '', '').action((voice: string, o: { description: string }) => withApp(async (app) => {
    console.log(`voice ${(await app.get(IvrService).addVoice(voice, o.description)).voice} added`);
  }));

  program.command('autodialer-run').description('one autodialer run now (skipped while another process holds the run)').action(() => withApp(async (app) => {
    const r = await app.get(AutodialerEngine).runOnce();
    console.log(r.claimed ? `dialed ${r.dialed} numbers in ${r.campaigns} campaigns: ${JSON.stringify(r.outcomes)}` : 'another process is running the autodialer');
  }));
}
