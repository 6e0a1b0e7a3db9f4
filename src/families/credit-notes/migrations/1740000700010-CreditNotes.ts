import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** MOR's credit notes: a document giving money back, paid or not; paying one creates a "Credit note" payment (payment_id). */
export class CreditNotes1740000700010 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'credit_notes',
      columns: [
        col.id(), col.int('user_id', 0), col.int('owner_id', 0), col.str('number', 255), col.text('comment'),
        col.money('price'), col.money('price_with_vat'), col.datetime('issue_date', false), col.str('status', 10, 'unpaid'),
        col.datetime('pay_date'), col.int('payment_id', 0), col.datetime('created_at', false),
      ],
      indices: [index('ix_credit_notes_user', ['user_id', 'issue_date']), index('ix_credit_notes_owner', ['owner_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('credit_notes');
  }
}
