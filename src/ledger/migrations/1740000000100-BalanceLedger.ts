import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../database/columns';
import { moneySql } from '../../database/exact-money';
import { LEDGER_ACCOUNTS } from '../ledger';

/**
 * The balance ledger: one row per change of an account's balance, with its cause. Every account
 * that already has a balance gets an `opening` row, so balance = sum of its ledger from here on.
 */
export class BalanceLedger1740000000100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'balance_ledger',
      columns: [
        col.id(), col.str('account_type', 16), col.int('account_id', 0), col.str('kind', 32), col.str('cause_id', 128),
        col.money('amount'), col.money('balance_after'), col.str('description', 255), col.datetime('created_at', false),
      ],
      indices: [
        // The idempotency key: one change per account, kind and cause (a call's uniqueid, a payment id...).
        index('ux_balance_ledger_cause', ['account_type', 'account_id', 'kind', 'cause_id'], true),
        index('ix_balance_ledger_account', ['account_type', 'account_id', 'id']),
        index('ix_balance_ledger_created', ['created_at']),
      ],
    }));
    for (const [type, { table }] of Object.entries(LEDGER_ACCOUNTS)) {
      if (!(await q.hasTable(table))) continue;
      await q.query(
        `INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at)
         SELECT ?, id, 'opening', '', balance, balance, 'Opening balance', CURRENT_TIMESTAMP FROM ${table} WHERE ${moneySql(q.manager).compare('balance', '<>', "'0'")}`,
        [type],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('balance_ledger');
  }
}
