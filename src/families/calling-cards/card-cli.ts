import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { formatAmount } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';
import { CardGroup } from './calling-card.entity';
import { BatchProgress, CardBatchService } from './card-batch.service';
import { VouchersService } from './vouchers.service';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

/** Rows per page when exporting (keyset paging by id: memory stays flat for any size). */
const EXPORT_PAGE = 5000;

/** One progress line on stderr, rewritten in place: a bar, done/total, rows/s. */
export function progressBar(label: string): (p: BatchProgress) => void {
  const started = Date.now();
  return ({ done, total }) => {
    const pct = total > 0 ? (done / total) * 100 : 100;
    const secs = Math.max((Date.now() - started) / 1000, 0.001);
    process.stderr.write(`\r${label} [${'#'.repeat(Math.round(pct / 5)).padEnd(20, '.')}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${Math.round(done / secs).toLocaleString('en')}/s`);
  };
}

const csvField = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Streams `SELECT columns FROM table WHERE ...` as CSV (header first), page by page. */
export async function exportCsv(db: DataSource, out: Writable, table: string, header: string[], select: string, where: string, values: (string | number)[], row: (r: Record<string, unknown>) => unknown[]): Promise<number> {
  out.write(`${header.join(',')}\n`);
  let last = 0;
  let count = 0;
  for (;;) {
    const rows: Record<string, unknown>[] = await db.query(`SELECT id, ${select} FROM ${table} WHERE id > ?${where ? ` AND ${where}` : ''} ORDER BY id LIMIT ${EXPORT_PAGE}`, [last, ...values]);
    if (rows.length === 0) return count;
    const chunk = rows.map((r) => row(r).map(csvField).join(',')).join('\n');
    if (!out.write(`${chunk}\n`)) await once(out, 'drain');
    count += rows.length;
    last = Number(rows[rows.length - 1].id);
  }
}

async function toFile(file: string, work: (out: Writable) => Promise<number>): Promise<number> {
  const out = file === '-' ? process.stdout : createWriteStream(file);
  const n = await work(out);
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  return n;
}

/**
 * `cards create`, `cards export`, `vouchers create`, `vouchers export`: batches written in one
 * transaction with a progress bar; CSV exports streamed (for printing cards and vouchers).
 */
export function registerCardCommands(program: Command, withApp: WithApp): void {
  const cards = program.command('cards').description('Calling cards: create a number range in a group, export as CSV');
  cards.command('create').description('every number from..till not yet taken; random unique PINs; balance = group price without tax')
    .requiredOption('--group <id>', 'card group id').requiredOption('--from <number>').requiredOption('--till <number>')
    .option('--batch <text>', 'batch number').option('--min-balance <amount>').option('--language <code>').option('--distributor <userId>')
    .action((opts: { group: string; from: string; till: string; batch?: string; minBalance?: string; language?: string; distributor?: string }) => withApp(async (app) => {
      const db = app.get(DataSource);
      const started = Date.now();
      const result = await db.transaction(async (m) => {
        const group = await m.getRepository(CardGroup).findOneBy({ id: Number(opts.group) });
        if (!group) throw new Error(`Card group ${opts.group} was not found`);
        return app.get(CardBatchService).create(m, group, {
          from: opts.from, till: opts.till, batchNumber: opts.batch, minBalance: opts.minBalance, language: opts.language, distributorId: opts.distributor ? Number(opts.distributor) : 0,
        }, progressBar('cards'));
      });
      process.stderr.write('\n');
      console.log(`Cards created: ${result.created}/${result.requested} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }));
  cards.command('export <file>').description('CSV number,pin,balance,batch_number,sold,callerid,cardgroup_id ("-" = stdout)')
    .option('--group <id>').option('--batch <text>')
    .action((file: string, opts: { group?: string; batch?: string }) => withApp(async (app) => {
      const where: string[] = [];
      const values: (string | number)[] = [];
      if (opts.group) { where.push('cardgroup_id = ?'); values.push(Number(opts.group)); }
      if (opts.batch) { where.push('batch_number = ?'); values.push(opts.batch); }
      const n = await toFile(file, (out) => exportCsv(app.get(DataSource), out, 'cards', ['number', 'pin', 'balance', 'batch_number', 'sold', 'callerid', 'cardgroup_id'],
        'number, pin, balance, batch_number, sold, callerid, cardgroup_id', where.join(' AND '), values,
        (r) => [r.number, r.pin, formatAmount(r.balance as string), r.batch_number, r.sold, r.callerid, r.cardgroup_id]));
      if (file !== '-') console.log(`${n} cards exported to ${file}`);
    }));

  const vouchers = program.command('vouchers').description('Vouchers: create a batch, export as CSV');
  vouchers.command('create').description('random unique numbers; credit is tax included, in --currency')
    .requiredOption('--count <n>').requiredOption('--credit <amount>').option('--length <digits>', 'number length', '10')
    .option('--tax <percent>', 'tax included in the credit', '0').option('--currency <code>').option('--tag <text>').option('--active-till <iso-date>')
    .action((opts: { count: string; credit: string; length: string; tax: string; currency?: string; tag?: string; activeTill?: string }) => withApp(async (app) => {
      const activeTill = opts.activeTill ? new Date(opts.activeTill) : null;
      if (activeTill && Number.isNaN(activeTill.getTime())) throw new Error('--active-till is not a date');
      const numbers = await app.get(VouchersService).createBatch({
        count: Number(opts.count), numberLength: Number(opts.length), creditWithTax: opts.credit, taxPercent: opts.tax, currency: opts.currency, tag: opts.tag, activeTill,
      }, progressBar('vouchers'));
      process.stderr.write('\n');
      console.log(`${numbers.length} vouchers created${opts.tag ? ` with tag ${opts.tag}` : ''}`);
    }));
  vouchers.command('export <file>').description('CSV number,credit_with_tax,tax_percent,currency,tag,active_till,used ("-" = stdout)').option('--tag <text>')
    .action((file: string, opts: { tag?: string }) => withApp(async (app) => {
      const n = await toFile(file, (out) => exportCsv(app.get(DataSource), out, 'vouchers', ['number', 'credit_with_tax', 'tax_percent', 'currency', 'tag', 'active_till', 'used'],
        'number, credit_with_tax, tax_percent, currency, tag, active_till, used_at', opts.tag ? 'tag = ?' : '', opts.tag ? [opts.tag] : [],
        (r) => [r.number, formatAmount(r.credit_with_tax as string), formatAmount(r.tax_percent as string), r.currency, r.tag, r.active_till instanceof Date ? sqlDateTime(r.active_till) : (r.active_till ?? ''), r.used_at ? 1 : 0]));
      if (file !== '-') console.log(`${n} vouchers exported to ${file}`);
    }));
}
