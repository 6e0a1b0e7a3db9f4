import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * Flat-rate services' destinations (prefixes included or excluded, managed from the CLI) and the
 * flat-rate seconds each call took from a subscription's monthly quantity: one row per
 * (subscription, call uniqueid), so a retried call_end never consumes twice.
 */
export class FlatRateDestinations1740001100000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'flatrate_destinations',
      columns: [col.id(), col.int('service_id', 0), col.str('prefix', 50), col.flag('included', 1)],
      indices: [index('ux_flatrate_destinations_prefix', ['service_id', 'prefix'], true)],
    }));
    await q.createTable(new Table({
      name: 'flatrate_usage',
      columns: [
        col.id(), col.int('subscription_id', 0), col.int('user_id', 0), col.str('period', 7), col.str('uniqueid', 64), col.int('seconds', 0),
        col.datetime('created_at', false),
      ],
      indices: [index('ux_flatrate_usage_call', ['subscription_id', 'uniqueid'], true), index('ix_flatrate_usage_period', ['subscription_id', 'period'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['flatrate_usage', 'flatrate_destinations']) await q.dropTable(table);
  }
}
