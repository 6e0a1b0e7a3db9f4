import { INestApplicationContext } from '@nestjs/common';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { isMoneyText, toStorage } from '../../billing/money';
import { insertReturningId } from '../../database/insert';
import { sqlDateTime } from '../../ledger/ledger';
import { MonitoringsService } from './monitorings.service';

type WithApp = <T>(work: (app: INestApplicationContext) => Promise<T>) => Promise<T>;

const ACTIONS: Record<string, { block: number; email: number }> = { notify: { block: 0, email: 1 }, block: { block: 1, email: 0 }, block_notify: { block: 1, email: 1 } };

/** `monitoring add|list|run` (MOR manages monitorings in its GUI; there is no API to create them). */
export function registerMonitoringCommands(program: Command, withApp: WithApp): void {
  const monitoring = program.command('monitoring').description('Monitorings: act when call spending over a period rises above or drops below an amount');
  monitoring.command('add').description('a new monitoring of the admin\'s users')
    .requiredOption('--amount <amount>', 'the threshold, in the default currency').requiredOption('--mtype <1|2>', '1 increases more than, 2 drops below than')
    .option('--period <minutes>', 'how far back call prices are summed', '60').option('--action <notify|block|block_notify>', 'what to do', 'notify')
    .option('--users <all|postpaid|prepaid|user-id>', 'whom it watches', 'all')
    .action((opts: { amount: string; mtype: string; period: string; action: string; users: string }) => withApp(async (app) => {
      if (!isMoneyText(opts.amount)) throw new Error(`--amount must be a number, got "${opts.amount}"`);
      if (opts.mtype !== '1' && opts.mtype !== '2') throw new Error('--mtype must be 1 or 2');
      if (!/^\d{1,7}$/.test(opts.period)) throw new Error('--period must be whole minutes');
      const action = ACTIONS[opts.action];
      if (!action) throw new Error('--action must be notify, block or block_notify');
      const personal = /^\d+$/.test(opts.users);
      if (!personal && !['all', 'postpaid', 'prepaid'].includes(opts.users)) throw new Error('--users must be all, postpaid, prepaid or a user id');
      const db = app.get(DataSource);
      const id = await insertReturningId(db.manager, 'INSERT INTO monitorings (amount, period_in_past, mtype, block, email, user_type, user_id, owner_id, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 1, ?)',
        [toStorage(opts.amount), Number(opts.period), Number(opts.mtype), action.block, action.email, personal ? 'user' : opts.users, personal ? Number(opts.users) : 0, sqlDateTime(new Date())]);
      console.log(`monitoring ${id} created`);
    }));
  monitoring.command('list').description('every monitoring with its threshold, period, users and actions').action(() => withApp(async (app) => {
    for (const m of await app.get(DataSource).query('SELECT id, amount, period_in_past, mtype, block, email, user_type, user_id, active FROM monitorings ORDER BY id')) {
      console.log(`${m.id}\t${m.mtype === 1 ? 'increases more than' : 'drops below'} ${m.amount} in ${m.period_in_past} min\tusers=${m.user_type === 'user' ? m.user_id : m.user_type}\tblock=${m.block} notify=${m.email}\tactive=${m.active}`);
    }
  }));
  monitoring.command('run').description('check every monitoring and warning balance now').action(() => withApp(async (app) => {
    const service = app.get(MonitoringsService);
    const now = new Date();
    console.log(`${await service.run(now)} monitoring action(s), ${await service.warnBalances(now)} warning e-mail(s)`);
  }));
}
