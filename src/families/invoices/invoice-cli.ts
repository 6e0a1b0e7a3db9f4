import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { callerOf } from '../../api/caller';
import { progressBar } from '../../cli/progress';
import { User } from '../users/user.entity';
import { invoicePdf, invoiceXlsx } from './invoice-files';
import { type InvoiceUsers, InvoiceGenerator } from './invoice-generator.service';
import { InvoicesService } from './invoices.service';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** The user a `--user` option names (id or username). */
async function userId(app: INestApplicationContext, user: string): Promise<number> {
  const rows: { id: number }[] = await app.get(DataSource).query('SELECT id FROM users WHERE username = ? OR id = ?', [user, /^\d{1,10}$/.test(user) ? Number(user) : -1]);
  if (rows.length === 0) throw new Error(`No user ${user}`);
  return Number(rows[0].id);
}

/** `invoices generate` (MOR's GUI "Generate invoices") and `invoices file` (PDF / XLSX of one invoice). */
export function registerInvoiceCommands(program: Command, withApp: WithApp): void {
  const invoices = program.command('invoices').description('invoices: generate for a period, write an invoice file');
  invoices.command('generate').description('one invoice per user and period from rated calls and charges; an unsent unpaid one is recalculated')
    .requiredOption('--from <YYYY-MM-DD>', 'first day of the period').requiredOption('--till <YYYY-MM-DD>', 'last day of the period')
    .option('--issue-date <YYYY-MM-DD>', 'issue date (default today)').option('--users <kind>', 'postpaid | prepaid | all', 'postpaid').option('--user <user>', 'only this user (id or username)')
    .action((opts: { from: string; till: string; issueDate?: string; users: InvoiceUsers; user?: string }) => withApp(async (app) => {
      if (!['postpaid', 'prepaid', 'all'].includes(opts.users)) throw new Error('--users must be postpaid, prepaid or all');
      const bar = progressBar('users');
      const result = await app.get(InvoiceGenerator).generate(
        { from: opts.from, till: opts.till, issueDate: opts.issueDate, users: opts.users, userId: opts.user === undefined ? undefined : await userId(app, opts.user) },
        (done, total) => bar.update(done, total),
      );
      bar.end();
      console.log(`${result.users} users: ${result.created} invoices created, ${result.recalculated} recalculated, ${result.kept} kept (paid or sent), ${result.empty} with nothing to invoice`);
    }));
  invoices.command('file <invoice-id> <out>').description('write the invoice as PDF or XLSX (by the file name\'s extension)')
    .action((id: string, out: string) => withApp(async (app) => {
      const admin = await app.get(DataSource).getRepository(User).findOneByOrFail({ id: 0 });
      const doc = await app.get(InvoicesService).document(callerOf(admin), id);
      await writeFile(out, out.toLowerCase().endsWith('.xlsx') ? await invoiceXlsx(doc) : await invoicePdf(doc));
      console.log(`invoice ${doc.invoice.number} written to ${out}`);
    }));
}
