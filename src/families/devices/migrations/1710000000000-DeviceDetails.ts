import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, index } from '../../../database/columns';

/** The device fields MOR's device methods read and write, and the device's call flows, CLIs and rules. */
export const DEVICE_EXTRA_COLUMNS = [
  col.int('devicegroup_id', 0), col.str('accountcode', 50), col.str('host', 255, 'dynamic'), col.str('ipaddr', 255),
  col.int('port', 0), col.str('hostname', 255), col.flag('dynamic', 1), col.str('context', 50, 'mor_local'),
  col.int('istrunk', 0), col.int('call_limit', 0), col.int('inbound_call_limit', 0), col.int('total_call_limit', 0),
  col.int('call_timeout', 60), col.int('ringing_timeout', 60), col.str('fromuser', 255), col.str('fromdomain', 255),
  col.str('language', 10, 'en'), col.flag('hidden'), col.flag('blocked'), col.text('comment'), col.flag('encryption'),
  col.str('transport', 20, 'udp'), col.flag('device_balance_enabled'), col.money('balance'), col.flag('cid_from_dids'),
  col.flag('allow_empty_callerid'), col.str('voicemail_email', 255), col.str('progressinband', 10, 'no'),
  col.str('emergency_callerid', 255), col.int('emergency_callerid_pool_id', 0), col.str('sendrpid', 10, 'no'),
  col.str('t38_support', 20, 'no'), col.flag('copy_lega_name_to_legb_number'), col.text('fax_emails'),
  col.int('primary_did_id', 0), col.flag('primary_device'), col.str('dtmfmode', 20, 'rfc2833'), col.str('nat', 20, 'yes'),
  col.str('qualify', 20, 'yes'), col.str('allow', 255, 'alaw;ulaw;g729'), col.str('disallow', 255, 'all'),
  col.int('regseconds', 0), col.str('fullcontact', 255),
];

export class DeviceDetails1710000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('devices', DEVICE_EXTRA_COLUMNS.map((c) => new TableColumn(c)));
    await q.createTable(new Table({
      name: 'device_callflows',
      columns: [col.id(), col.int('device_id'), col.str('state', 20), col.int('priority', 1), col.str('action', 30, 'empty'),
        col.str('data', 255), col.str('data2', 255), col.str('data3', 255), col.str('data4', 255), col.str('data5', 255)],
      indices: [index('ux_device_callflows_state', ['device_id', 'state'], true)],
    }));
    await q.createTable(new Table({
      name: 'device_clis',
      columns: [col.id(), col.int('device_id'), col.str('cli', 100), col.str('domain', 255, null), col.str('description', 255),
        col.text('comment'), col.flag('banned'), col.flag('email_callback'), col.int('ivr_id', 0), col.datetime('added_at'), col.datetime('updated_at')],
      indices: [index('ux_device_clis_cli', ['cli'], true), index('ux_device_clis_domain', ['domain'], true), index('ix_device_clis_device', ['device_id'])],
    }));
    await q.createTable(new Table({
      name: 'device_rules',
      columns: [col.id(), col.int('device_id'), col.int('devicerulegroup_id', 0), col.str('name', 255), col.flag('enabled', 1),
        col.str('cut', 100), col.str('add', 100), col.int('minlen', 1), col.int('maxlen', 100), col.str('pr_type', 10, 'dst'), col.flag('change_callerid_name')],
      indices: [index('ix_device_rules_device', ['device_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['device_rules', 'device_clis', 'device_callflows']) await q.dropTable(t);
    for (const c of [...DEVICE_EXTRA_COLUMNS].reverse()) await q.dropColumn('devices', c.name);
  }
}
