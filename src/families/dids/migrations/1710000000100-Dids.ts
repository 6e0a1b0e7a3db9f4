import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** DIDs with MOR's lifecycle and their rates. provider_id is a plain column (providers belong to the LCR family). */
export class Dids1710000000100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'dids',
      columns: [
        col.id(), col.str('did', 50), col.str('status', 20, 'free'), col.int('provider_id', 0), col.int('reseller_id', null),
        col.int('user_id', null), col.int('device_id', null), col.int('dialplan_id', null), col.str('language', 10),
        col.int('call_limit', 0), col.int('grace_time', 0), col.datetime('active_from'), col.datetime('active_till'),
        col.str('custom_sip_header', 255), col.text('comment'), col.text('reseller_comment'), col.str('tone_zone', 20),
        col.int('provider_tariff_id', 0), col.flag('allow_call_reject_provider'), col.int('owner_tariff_id', 0),
        col.flag('allow_call_reject'), col.datetime('closed_at'), col.int('pbx_pool_id', 1), col.datetime('created_at'),
      ],
      indices: [index('ux_dids_did', ['did'], true), index('ix_dids_user', ['user_id']), index('ix_dids_reseller', ['reseller_id']), index('ix_dids_device', ['device_id'])],
    }));
    await q.createTable(new Table({
      name: 'did_rates',
      columns: [
        col.id(), col.int('did_id'), col.str('rate_type', 20), col.str('start_time', 8, '00:00:00'), col.str('end_time', 8, '23:59:59'),
        col.str('daytype', 2), col.money('rate'), col.money('connection_fee'), col.int('increment_s', 1), col.int('min_time', 0),
      ],
      indices: [index('ix_did_rates_did', ['did_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('did_rates');
    await q.dropTable('dids');
  }
}
