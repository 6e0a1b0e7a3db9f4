import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * Invoices (MOR's documents for a period), their lines, the charges other families add to them,
 * the number sequences and the claims of scheduled runs. One invoice per user and period
 * (unique), numbers unique; a sequence row per prefix hands out numbers inside the transaction that
 * writes the invoice, so a rolled-back invoice gives its number back and numbers stay gapless.
 */
export class Invoices1740000700100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'invoices',
      columns: [
        col.id(), col.int('user_id', 0), col.int('owner_id', 0), col.str('number', 64), col.datetime('period_start', false), col.datetime('period_end', false),
        col.datetime('issue_date', false), col.str('invoice_type', 10, 'postpaid'),
        // Amounts in the default currency; `currency`/`exchange_rate` are the user's at generation time.
        col.money('price'), col.money('tax'), col.money('price_with_tax'), col.str('currency', 10, 'USD'), col.money('exchange_rate', '1'), col.int('total_time', 0),
        col.flag('paid'), col.datetime('paid_date'), col.int('payment_id', 0), col.flag('sent_manually'), col.flag('sent_email'), col.flag('hidden'),
        col.str('client_name', 255), col.str('address', 255), col.str('city', 255), col.str('postcode', 64), col.str('state', 255), col.int('country_id', 0),
        col.str('phone', 64), col.str('tax_reg_number', 64), col.text('comment'), col.datetime('created_at', false), col.datetime('updated_at', false),
      ],
      indices: [
        index('ux_invoices_user_period', ['user_id', 'period_start', 'period_end'], true),
        index('ux_invoices_number', ['number'], true),
        index('ix_invoices_owner', ['owner_id']),
        index('ix_invoices_issue', ['issue_date']),
      ],
    }));
    await q.createTable(new Table({
      name: 'invoicedetails',
      columns: [
        col.id(), col.int('invoice_id', 0), col.str('kind', 16, 'calls'), col.str('name', 255), col.int('quantity', 0), col.money('price'),
        col.int('total_time', 0), col.str('prefix', 50), col.int('service_id', 0), col.datetime('date_added', false),
      ],
      indices: [index('ix_invoicedetails_invoice', ['invoice_id'])],
    }));
    await q.createTable(new Table({
      name: 'invoice_charges',
      columns: [
        col.id(), col.int('user_id', 0), col.str('source', 32), col.str('source_id', 64), col.str('name', 255), col.int('quantity', 1),
        col.money('price'), col.int('service_id', 0), col.datetime('charged_at', false),
      ],
      indices: [index('ux_invoice_charges_source', ['source', 'source_id'], true), index('ix_invoice_charges_user', ['user_id', 'charged_at'])],
    }));
    await q.createTable(new Table({
      name: 'invoice_sequences',
      columns: [col.id(), col.str('prefix', 32), col.int('last_number', 0)],
      indices: [index('ux_invoice_sequences_prefix', ['prefix'], true)],
    }));
    await q.createTable(new Table({
      name: 'job_runs',
      columns: [col.id(), col.str('job', 64), col.str('period', 32), col.str('claimed_by', 128), col.datetime('started_at', false), col.datetime('finished_at')],
      indices: [index('ux_job_runs_job_period', ['job', 'period'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['job_runs', 'invoice_sequences', 'invoice_charges', 'invoicedetails', 'invoices']) await q.dropTable(table);
  }
}
