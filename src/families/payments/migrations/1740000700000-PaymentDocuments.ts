import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../../../database/columns';

/** What payments need beyond the shared table: comments shown to the user, the invoice a payment paid. */
export class PaymentDocuments1740000700000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('payments', [new TableColumn(col.text('comments_for_user')), new TableColumn(col.int('invoice_id', 0))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('payments', 'invoice_id');
    await q.dropColumn('payments', 'comments_for_user');
  }
}
