import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * What payments need beyond the shared table (comments shown to the user, the invoice a payment
 * paid) and MOR's credit notes: a document giving money back, paid or not; paying one creates a
 * "Credit note" payment (payment_id).
 */
export class PaymentDocuments1740000700000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('payments', [new TableColumn(col.text('comments_for_user')), new TableColumn(col.int('invoice_id', 0))]);
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
    await q.dropColumn('payments', 'invoice_id');
    await q.dropColumn('payments', 'comments_for_user');
  }
}
