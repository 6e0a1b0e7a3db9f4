import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * Monitorings (MOR's addon): the sum of a user's call prices over the past period rising above
 * (mtype 1) or dropping below (mtype 2) an amount makes it notify the admin, block the user, or
 * both; `monitoring_events` records each action, one per monitoring, user and day.
 * `warning_balance_notices` records the warning-balance e-mails sent.
 */
export class Monitorings1740000900200 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'monitorings',
      columns: [
        col.id(), col.money('amount'), col.int('period_in_past', 60), col.int('mtype', 1), col.flag('block'), col.flag('email', 1),
        col.str('user_type', 16, 'all'), col.int('user_id', 0), col.int('owner_id', 0), col.flag('active', 1), col.datetime('created_at', false),
      ],
      indices: [index('ix_monitorings_owner', ['owner_id'])],
    }));
    await q.createTable(new Table({
      name: 'monitoring_events',
      columns: [col.id(), col.int('monitoring_id', 0), col.int('user_id', 0), col.date('day'), col.str('action', 32), col.money('amount'), col.datetime('created_at', false)],
      indices: [index('ux_monitoring_events_day', ['monitoring_id', 'user_id', 'day'], true)],
    }));
    await q.createTable(new Table({
      name: 'warning_balance_notices',
      columns: [col.id(), col.int('user_id', 0), col.str('period', 16), col.datetime('created_at', false)],
      indices: [index('ux_warning_balance_notices', ['user_id', 'period'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['warning_balance_notices', 'monitoring_events', 'monitorings']) await q.dropTable(table);
  }
}
