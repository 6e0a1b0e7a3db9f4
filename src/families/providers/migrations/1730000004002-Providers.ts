import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** Termination providers (provider_create). `user_id` is the owner, as in MOR. */
export class Providers1730000004002 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'providers',
      columns: [
        col.id(), col.str('name', 255), col.str('tech', 20, 'SIP'), col.str('channel', 255), col.str('login', 255),
        col.str('password', 255), col.str('network_type', 20, 'ip'), col.str('server_ip', 255), col.str('ipaddr', 255),
        col.int('port', 5060), col.str('dtmfmode', 20, 'rfc2833'), col.int('tariff_id', 0), col.int('timeout', 60),
        col.int('max_timeout', 7200), col.int('call_limit', 0), col.money('balance_limit'), col.flag('register'),
        col.str('cid_name', 255), col.str('cid_number', 255), col.str('fromdomain', 255), col.int('location_id', 1),
        col.str('server_ids', 255), col.flag('active', 1), col.flag('hidden'), col.int('user_id', 0),
      ],
      indices: [index('ix_providers_user', ['user_id']), index('ix_providers_tariff', ['tariff_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('providers');
  }
}
