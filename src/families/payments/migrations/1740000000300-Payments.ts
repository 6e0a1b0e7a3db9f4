import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * Payments (MOR's columns): API and manual payments, credit-note and subscription payments, card
 * top-ups. `amount` is net, `gross` net plus tax, both in `currency`; `amount_default` is what the
 * balance moved, in the default currency. (`user_id` or `card_id`, `transaction_id`) is unique when
 * a transaction id is given, so a retried payment is found, not applied twice.
 */
export class Payments1740000000300 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'payments',
      columns: [
        col.id(), col.str('paymenttype', 64), col.money('amount'), col.money('gross'), col.money('tax'), col.money('fee'),
        col.money('amount_default'), col.str('currency', 5, 'USD'), col.money('exchange_rate', '1'),
        col.str('email', 255), col.str('payer_email', 255), col.str('first_name', 255), col.str('last_name', 255),
        col.flag('completed', 1), col.str('pending_reason', 255), col.flag('confirmed_by_admin', 1), col.str('transaction_id', 255),
        col.int('user_id', 0), col.int('owner_id', 0), col.int('card_id', 0), col.int('credit_note_id', 0),
        col.str('description', 255), col.datetime('date_added', false), col.datetime('shipped_at'), col.money('vat_percent'),
        // The idempotency key of the balance change: `<kind>:<id>`, or the transaction id; NULL (many allowed) when none.
        col.str('idempotency_key', 255, null),
      ],
      indices: [
        index('ix_payments_user_date', ['user_id', 'date_added']),
        index('ix_payments_owner_date', ['owner_id', 'date_added']),
        index('ix_payments_card', ['card_id']),
        index('ix_payments_date', ['date_added']),
        index('ux_payments_idempotency', ['idempotency_key'], true),
      ],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payments');
  }
}
