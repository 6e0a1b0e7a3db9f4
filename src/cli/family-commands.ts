import { Command } from 'commander';
import { registerMonitoringCommands } from '../families/monitorings/monitoring-cli';
import { registerChargingCommands } from '../families/services/charging-cli';
import { registerSmsCommands } from '../families/sms/sms-cli';
import { DataSource } from 'typeorm';
import { registerCardCommands } from '../families/calling-cards/card-cli';
import { registerCallCommands } from '../families/calls/calls-cli';
import { registerInvoiceCommands } from '../families/invoices/invoice-cli';
import { confirmPayment } from '../families/payments/payment-records';
import { routeCommand } from '../families/routing/route-command';
import { registerTariffCommands } from '../families/tariffs/tariff-cli';
import { registerTelephonyCommands } from '../families/telephony/telephony-cli';
import { balanceAudit } from '../ledger/audit-command';
import { withApp } from './context';

/** Commands that families add (tariff import/export, route); each family registers its own here. */
export function registerFamilyCommands(program: Command): void {
  registerTariffCommands(program, withApp);
  registerChargingCommands(program, withApp);
  registerMonitoringCommands(program, withApp);
  registerSmsCommands(program, withApp);
  registerTelephonyCommands(program, withApp);
  registerCallCommands(program, withApp);
  registerInvoiceCommands(program, withApp);
  program.command('payments').description('payments').command('confirm <payment-id>').description('confirm a payment that waits for the admin ("API Payment Confirmation"): the balance moves now')
    .action((id: string) => withApp(async (app) => {
      if (!/^\d{1,10}$/.test(id)) throw new Error(`No payment ${id}`);
      const done = await app.get(DataSource).transaction((m) => confirmPayment(m, Number(id)));
      console.log(done ? `payment ${id} confirmed` : `payment ${id} is not waiting for confirmation`);
    }));
  program.command('balance').description('balances and their ledger').command('audit').description('prove every balance = opening balance + ledger; names any account that differs')
    .option('--user <user>', 'one user (id or username)')
    .action((opts: { user?: string }) => withApp(async (app) => {
      const report = await balanceAudit(app.get(DataSource), opts.user);
      for (const line of report.lines) console.log(line);
      if (!report.consistent) process.exitCode = 1;
    }));
  registerCardCommands(program, withApp);
  program.command('route <user> <number>').description('Where a call of <user> (id or username) to <number> would go, and why')
    .option('--caller-id <number>', 'caller id (for combined location rules and src provider rules)')
    .option('--device <id>', "the calling device (default: the user's first device)")
    .option('--at <iso-datetime>', 'call start (default now)')
    .option('--json', 'machine-readable output')
    .action((user: string, number: string, opts: { callerId?: string; device?: string; at?: string; json?: boolean }) =>
      withApp(async (app) => console.log(await routeCommand(app, user, number, opts))));
}
