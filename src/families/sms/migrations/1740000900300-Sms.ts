import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * The SMS addon: SMS tariffs (price per destination prefix), SMS providers reached over HTTP
 * (API type: a URL template and the "good keywords" that mark a reply as sent), SMS LCRs (ordered
 * providers), users' SMS subscriptions, and the messages sent with their prices.
 */
export class Sms1740000900300 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'sms_tariffs',
      columns: [col.id(), col.str('name', 255), col.int('owner_id', 0), col.str('currency', 5, 'USD')],
    }));
    await q.createTable(new Table({
      name: 'sms_rates',
      columns: [col.id(), col.int('sms_tariff_id', 0), col.str('prefix', 50), col.money('price')],
      indices: [index('ux_sms_rates_prefix', ['sms_tariff_id', 'prefix'], true)],
    }));
    await q.createTable(new Table({
      name: 'sms_providers',
      columns: [
        col.id(), col.str('name', 255), col.str('provider_type', 16, 'api'), col.text('api_url'), col.text('good_keywords'),
        col.int('sms_tariff_id', 0), col.int('owner_id', 0), col.int('timeout', 10),
      ],
    }));
    await q.createTable(new Table({
      name: 'sms_lcrs',
      columns: [col.id(), col.str('name', 255), col.int('owner_id', 0)],
    }));
    await q.createTable(new Table({
      name: 'sms_lcr_providers',
      columns: [col.id(), col.int('sms_lcr_id', 0), col.int('sms_provider_id', 0), col.int('priority', 1)],
      indices: [index('ux_sms_lcr_providers', ['sms_lcr_id', 'sms_provider_id'], true)],
    }));
    await q.createTable(new Table({
      name: 'sms_subscriptions',
      columns: [col.id(), col.int('user_id', 0), col.int('sms_tariff_id', 0), col.int('sms_lcr_id', 0), col.datetime('created_at', false)],
      indices: [index('ux_sms_subscriptions_user', ['user_id'], true)],
    }));
    await q.createTable(new Table({
      name: 'sms_messages',
      columns: [
        col.id(), col.datetime('sending_date', false), col.int('status_code', 1), col.int('provider_id', 0), col.money('provider_rate'), col.money('provider_price'),
        col.int('user_id', 0), col.money('user_rate'), col.money('user_price'), col.int('reseller_id', 0), col.money('reseller_rate'), col.money('reseller_price'),
        col.str('prefix', 50), col.str('number', 80), col.str('src', 80), col.str('clickatell_message_id', 255), col.text('provider_response'),
      ],
      indices: [index('ix_sms_messages_user_date', ['user_id', 'sending_date']), index('ix_sms_messages_reseller_date', ['reseller_id', 'sending_date'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sms_messages', 'sms_subscriptions', 'sms_lcr_providers', 'sms_lcrs', 'sms_providers', 'sms_rates', 'sms_tariffs']) await q.dropTable(t);
  }
}
