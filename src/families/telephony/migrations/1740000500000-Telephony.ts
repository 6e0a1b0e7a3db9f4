import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * Asterisk servers and what the switch-side methods read and write: queue log, IVR data,
 * recordings, autodialer campaigns, job leases. Calls in progress are the calls family's `activecalls`.
 */
export class Telephony1740000500000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'servers',
      columns: [col.id(), col.str('hostname', 255), col.str('server_ip', 255), col.int('port', 5060), col.int('ami_port', 5038),
        col.str('ami_username', 100), col.str('ami_secret', 255), col.flag('active', 1), col.str('comment', 255)],
    }));
    await q.createTable(new Table({
      name: 'server_devices',
      columns: [col.id(), col.int('server_id'), col.int('device_id')],
      indices: [index('ux_server_devices', ['server_id', 'device_id'], true), index('ix_server_devices_device', ['device_id'])],
    }));
    await q.addColumn('devices', new TableColumn(col.flag('record')));
    await q.createTable(new Table({
      name: 'queue_log',
      columns: [col.id(), col.datetime('time', false), col.str('callid', 80), col.str('queuename', 80), col.str('agent', 80), col.str('event', 32),
        col.str('data1', 255), col.str('data2', 255), col.str('data3', 255), col.str('data4', 255), col.str('data5', 255), col.str('import_key', 40, null)],
      indices: [index('ix_queue_log_time', ['time']), index('ux_queue_log_import', ['import_key'], true)],
    }));
    await q.createTable(new Table({ name: 'ivr_voices', columns: [col.id(), col.str('voice', 50), col.str('description', 255)] }));
    await q.createTable(new Table({ name: 'ivrs', columns: [col.id(), col.str('name', 100), col.int('user_id', 0)] }));
    await q.createTable(new Table({
      name: 'ivr_time_periods',
      columns: [col.id(), col.str('name', 100), col.int('user_id', 0), col.int('start_hour', 0), col.int('end_hour', 23), col.int('start_minute', 0),
        col.int('end_minute', 59), col.str('start_weekday', 3), col.str('end_weekday', 3), col.int('start_day', 0), col.int('end_day', 0),
        col.int('start_month', 0), col.int('end_month', 0)],
    }));
    await q.createTable(new Table({
      name: 'ivr_dial_plans',
      columns: [col.id(), col.str('name', 100), col.int('user_id', 0), col.int('time_period1_id', null), col.int('ivr1_id', null),
        col.int('time_period2_id', null), col.int('ivr2_id', null), col.int('time_period3_id', null), col.int('ivr3_id', null)],
    }));
    await q.createTable(new Table({
      name: 'recordings',
      columns: [col.id(), col.int('user_id', 0), col.int('dst_user_id', 0), col.int('src_device_id', 0), col.int('dst_device_id', 0),
        col.datetime('datetime', false), col.str('comment', 255), col.int('duration', 0), col.str('source', 100), col.str('destination', 100),
        col.bigint('size', 0), col.str('uniqueid', 100), col.str('callback_uniqueid', 100), col.str('file', 255)],
      indices: [index('ix_recordings_datetime', ['datetime']), index('ix_recordings_uniqueid', ['uniqueid']), index('ix_recordings_user', ['user_id'])],
    }));
    await q.createTable(new Table({
      name: 'campaigns',
      columns: [col.id(), col.str('name', 255), col.int('user_id', 0), col.int('device_id', 0), col.str('status', 20, 'disabled'),
        col.str('start_time', 8, '00:00:00'), col.str('stop_time', 8, '23:59:59'), col.int('max_retries', 0), col.int('retry_time', 120),
        col.int('wait_time', 30), col.str('callerid', 100), col.flag('allow_duplicates'), col.datetime('created_at')],
      indices: [index('ix_campaigns_user', ['user_id'])],
    }));
    await q.createTable(new Table({
      name: 'adactions',
      columns: [col.id(), col.int('campaign_id'), col.int('priority', 1), col.str('action', 20), col.str('data', 255)],
      indices: [index('ix_adactions_campaign', ['campaign_id'])],
    }));
    await q.createTable(new Table({
      name: 'adnumbers',
      columns: [col.id(), col.int('campaign_id'), col.str('number', 50), col.str('status', 20, 'new'), col.int('attempts', 0),
        col.bigint('next_attempt_at', 0), col.datetime('executed_time'), col.datetime('completed_time')],
      indices: [index('ix_adnumbers_dial', ['campaign_id', 'status', 'next_attempt_at'])],
    }));
    await q.createTable(new Table({
      name: 'campaign_calls',
      columns: [col.id(), col.int('campaign_id'), col.int('adnumber_id'), col.str('number', 50), col.int('attempt', 1), col.datetime('started_at', false),
        col.str('outcome', 20), col.str('uniqueid', 100), col.str('channel', 255), col.int('billsec', 0)],
      indices: [index('ix_campaign_calls', ['campaign_id', 'started_at'])],
    }));
    await q.createTable(new Table({
      name: 'campaign_poll_results',
      columns: [col.id(), col.int('campaign_id'), col.int('adnumber_id', 0), col.str('result', 100), col.datetime('created_at', false)],
      indices: [index('ix_campaign_poll_results', ['campaign_id'])],
    }));
    await q.createTable(new Table({
      name: 'job_leases',
      columns: [col.id(), col.str('name', 100), col.str('holder', 100), col.bigint('expires_at', 0)],
      indices: [index('ux_job_leases_name', ['name'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['job_leases', 'campaign_poll_results', 'campaign_calls', 'adnumbers', 'adactions', 'campaigns', 'recordings', 'ivr_dial_plans',
      'ivr_time_periods', 'ivrs', 'ivr_voices', 'queue_log', 'server_devices', 'servers']) {
      await q.dropTable(table);
    }
    await q.dropColumn('devices', 'record');
  }
}
