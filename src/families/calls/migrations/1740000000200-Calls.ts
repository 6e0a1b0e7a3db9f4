import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * CDRs (`calls`, MOR's column names) and calls in progress (`activecalls`). A call is rated for
 * its user, the user's reseller, the provider and the DID; its uniqueid is the idempotency key
 * of everything it charges.
 */
export class Calls1740000000200 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'calls',
      columns: [
        col.id(), col.datetime('calldate', false), col.str('clid', 80), col.str('src', 80), col.str('dst', 80), col.str('localized_dst', 80),
        col.str('dcontext', 80), col.str('channel', 80), col.str('dstchannel', 80), col.str('lastapp', 80), col.str('lastdata', 80),
        col.int('duration', 0), col.int('billsec', 0), col.int('real_duration', 0), col.int('real_billsec', 0),
        col.str('disposition', 45), col.int('hangupcause', 0), col.str('uniqueid', 64), col.str('accountcode', 20), col.str('userfield', 255),
        col.str('callertype', 20, 'Local'), col.int('server_id', 1), col.str('prefix', 50), col.str('destination', 255),
        col.int('src_device_id', 0), col.int('dst_device_id', 0), col.int('dst_user_id', 0), col.int('card_id', 0),
        col.int('user_id', 0), col.money('user_rate'), col.int('user_billsec', 0), col.money('user_price'),
        col.int('reseller_id', 0), col.money('reseller_rate'), col.int('reseller_billsec', 0), col.money('reseller_price'),
        col.int('provider_id', 0), col.money('provider_rate'), col.int('provider_billsec', 0), col.money('provider_price'),
        col.int('did_id', 0), col.int('did_provider_id', 0), col.money('did_price'), col.money('did_inc_price'), col.money('did_prov_price'), col.int('did_billsec', 0),
        col.str('peerip', 255), col.str('recvip', 255), col.str('originator_ip', 255), col.str('terminator_ip', 255),
        col.str('originator_codec', 255), col.str('terminator_codec', 255), col.str('useragent', 255), col.flag('processed'),
      ],
      indices: [
        index('ux_calls_uniqueid', ['uniqueid'], true),
        index('ix_calls_user_date', ['user_id', 'calldate']),
        index('ix_calls_reseller_date', ['reseller_id', 'calldate']),
        index('ix_calls_provider_date', ['provider_id', 'calldate']),
        index('ix_calls_device_date', ['src_device_id', 'calldate']),
        index('ix_calls_did_date', ['did_id', 'calldate']),
        index('ix_calls_date', ['calldate']),
      ],
    }));
    await q.createTable(new Table({
      name: 'activecalls',
      columns: [
        col.id(), col.str('uniqueid', 64), col.int('server_id', 1), col.datetime('start_time', false), col.datetime('answer_time'),
        col.str('src', 80), col.str('dst', 80), col.str('localized_dst', 80), col.str('prefix', 50), col.str('channel', 80), col.str('dstchannel', 80),
        col.int('src_device_id', 0), col.int('dst_device_id', 0), col.int('user_id', 0), col.int('owner_id', 0), col.int('card_id', 0),
        col.int('provider_id', 0), col.int('did_id', 0), col.money('user_rate'), col.int('max_duration', 0),
        // What the call's maximum duration could cost the payer: held until call_end settles it.
        col.money('hold_amount'), col.money('reseller_hold_amount'), col.str('status', 20, 'authorized'),
      ],
      indices: [
        index('ux_activecalls_uniqueid', ['uniqueid'], true),
        index('ix_activecalls_user', ['user_id']),
        index('ix_activecalls_owner', ['owner_id']),
        index('ix_activecalls_device', ['src_device_id']),
        index('ix_activecalls_provider', ['provider_id']),
        index('ix_activecalls_did', ['did_id']),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('activecalls');
    await q.dropTable('calls');
  }
}
