import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../columns';

/** Accounts, settings and API access control; the core rows other families point at. */
export class Foundation1700000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'users',
      columns: [
        col.id(),
        col.str('username', 100),
        col.str('password', 255),
        col.str('usertype', 20, 'user'),
        col.int('owner_id', 0),
        col.str('first_name', 255),
        col.str('last_name', 255),
        col.str('email', 255),
        col.money('balance'),
        col.money('credit'),
        col.flag('postpaid'),
        col.flag('blocked'),
        col.flag('hidden'),
        col.flag('logged'),
        col.int('lcr_id', null),
        col.int('tariff_id', null),
        col.int('currency_id', null),
        col.str('uniquehash', 64),
        col.str('clientid', 100),
        col.str('vat_number', 100),
        col.money('vat_percent'),
        col.str('agreement_number', 100),
        col.date('agreement_date'),
        col.int('taxation_country', null),
        col.str('accounting_number', 100),
        col.str('language', 10, 'en'),
        col.int('call_limit', 0),
        col.text('comment'),
        col.str('address', 255),
        col.str('postcode', 50),
        col.str('city', 100),
        col.str('county', 100),
        col.str('state', 100),
        col.int('country_id', null),
        col.str('phone', 50),
        col.str('mob_phone', 50),
        col.str('fax', 50),
        col.flag('allow_loss_calls'),
        col.flag('hide_destination_end'),
        col.flag('warning_email_active'),
        col.money('warning_email_balance'),
        col.int('warning_email_hour', -1),
        col.flag('warning_balance_call'),
        col.int('warning_balance_sound_file_id', null),
        col.int('spy_device_id', null),
        col.int('acc_group_id', null),
        col.flag('generate_invoice', 1),
        col.int('send_invoice_types', 0),
        col.int('quickforwards_rule_id', null),
        col.int('recording_hdd_quota', 0),
        col.flag('cyberplat_active'),
        col.str('recordings_email', 255),
        col.flag('recording_enabled'),
        col.flag('recording_forced_enabled'),
        col.int('pbx_pool_id', null),
        col.flag('hide_non_answered_calls'),
        col.int('responsible_accountant_id', null),
        col.money('daily_balance_limit'),
        col.date('block_at'),
        col.int('block_at_conditional', 15),
        col.flag('privacy_gui'),
        col.flag('privacy_csv'),
        col.flag('privacy_pdf'),
        col.flag('show_zero_calls'),
        col.flag('ignore_global_monitorings'),
        col.flag('tax1_enabled', 1),
        col.flag('tax2_enabled'),
        col.flag('tax3_enabled'),
        col.flag('tax4_enabled'),
        col.str('tax1_name', 100, 'VAT'),
        col.str('tax2_name', 100),
        col.str('tax3_name', 100),
        col.str('tax4_name', 100),
        col.money('tax1_value'),
        col.money('tax2_value'),
        col.money('tax3_value'),
        col.money('tax4_value'),
        col.str('total_tax_name', 100, 'TAX'),
        col.flag('compound_tax', 1),
        col.int('reseller_group_id', null),
        col.flag('api_restricted'),
        col.int('api_permission_group_id', null),
        col.datetime('created_at'),
      ],
      indices: [index('ux_users_username', ['username'], true), index('ix_users_owner', ['owner_id']), index('ix_users_uniquehash', ['uniquehash'])],
    }));
    await q.createTable(new Table({
      name: 'conflines',
      columns: [col.id(), col.str('name', 100), col.text('value'), col.int('owner_id', 0)],
      indices: [index('ux_conflines_name_owner', ['name', 'owner_id'], true)],
    }));
    await q.createTable(new Table({
      name: 'whitelisted_ips',
      columns: [col.id(), col.str('ip', 50), col.flag('api_access'), col.str('reason', 255), col.datetime('created_at')],
      indices: [index('ux_whitelisted_ips_ip', ['ip'], true)],
    }));
    await q.createTable(new Table({
      name: 'api_permission_groups',
      columns: [col.id(), col.str('name', 100), col.str('description', 255)],
      indices: [index('ux_api_permission_groups_name', ['name'], true)],
    }));
    await q.createTable(new Table({
      name: 'api_permission_group_methods',
      columns: [col.id(), col.int('group_id'), col.str('method', 100), col.int('level', 0)],
      indices: [index('ux_api_permission_group_methods', ['group_id', 'method'], true)],
    }));
    await q.createTable(new Table({
      name: 'reseller_groups',
      columns: [
        col.id(), col.str('name', 255), col.str('description', 255),
        col.flag('calling_cards'), col.flag('call_shop'), col.flag('sms_addon'),
        col.flag('payment_gateways'), col.flag('autodialer'), col.flag('pbx_functions'),
      ],
      indices: [index('ux_reseller_groups_name', ['name'], true)],
    }));
    // Core rows of other families that user methods validate; those families add their columns.
    await q.createTable(new Table({
      name: 'tariffs',
      columns: [col.id(), col.str('name', 255), col.str('purpose', 20, 'user'), col.int('owner_id', 0), col.str('currency', 10, 'USD')],
      indices: [index('ix_tariffs_owner', ['owner_id'])],
    }));
    await q.createTable(new Table({
      name: 'lcrs',
      columns: [col.id(), col.str('name', 255), col.str('lcr_order', 20, 'price'), col.int('owner_id', 0)],
      indices: [index('ix_lcrs_owner', ['owner_id'])],
    }));
    await q.createTable(new Table({
      name: 'locations',
      columns: [col.id(), col.str('name', 255), col.int('owner_id', 0)],
    }));
    await q.createTable(new Table({
      name: 'devices',
      columns: [
        col.id(), col.int('user_id'), col.str('device_type', 20, 'SIP'), col.str('name', 100),
        col.str('secret', 100), col.str('extension', 50), col.str('callerid', 255), col.str('pin', 20),
        col.int('location_id', 1), col.str('description', 255), col.datetime('created_at'),
      ],
      indices: [index('ux_devices_name', ['name'], true), index('ix_devices_user', ['user_id']), index('ix_devices_extension', ['extension'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['devices', 'locations', 'lcrs', 'tariffs', 'reseller_groups', 'api_permission_group_methods', 'api_permission_groups', 'whitelisted_ips', 'conflines', 'users']) {
      await q.dropTable(t);
    }
  }
}
