import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * Services (what is sold: periodic, one-time, flat-rate fees), subscriptions (a user to a
 * service) and the charges made for them: one row per subscription and period, the key that
 * makes every charge happen exactly once whatever runs it, how often, in how many processes.
 */
export class Services1740000900000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'services',
      columns: [
        col.id(), col.str('name', 255), col.str('servicetype', 32), col.text('memo'), col.str('period', 10), col.money('price'), col.money('selfcost_price'),
        col.int('quantity', 0), col.int('owner_id', 0), col.datetime('created_at', false),
      ],
      indices: [index('ix_services_owner', ['owner_id'])],
    }));
    await q.createTable(new Table({
      name: 'subscriptions',
      columns: [
        col.id(), col.int('service_id', 0), col.int('user_id', 0), col.str('memo', 255), col.datetime('activation_start', false), col.datetime('activation_end'),
        col.datetime('added', false), col.int('charge_balance_on', 1), col.int('start_period_day', 1), col.int('start_period_month', 1),
        col.flag('until_canceled'), col.flag('no_expiration'), col.flag('ignore_balance'), col.money('discount_percent'), col.flag('charge_for_past'),
        col.flag('disabled'),
      ],
      indices: [index('ix_subscriptions_user', ['user_id']), index('ix_subscriptions_service', ['service_id'])],
    }));
    await q.createTable(new Table({
      name: 'subscription_charges',
      columns: [
        col.id(), col.int('subscription_id', 0), col.int('user_id', 0), col.date('period_start'), col.date('period_end'), col.money('amount'),
        col.int('payment_id', 0), col.datetime('created_at', false),
      ],
      indices: [
        index('ux_subscription_charges_period', ['subscription_id', 'period_start'], true),
        index('ix_subscription_charges_user', ['user_id', 'period_start']),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['subscription_charges', 'subscriptions', 'services']) await q.dropTable(table);
  }
}
