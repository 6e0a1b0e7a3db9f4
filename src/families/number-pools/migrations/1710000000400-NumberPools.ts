import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** Number pools (X17) of an owner and their numbers (stored form: `#` as `_`). */
export class NumberPools1710000000400 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'number_pools',
      columns: [col.id(), col.int('owner_id', 0), col.str('name', 255), col.text('comment')],
      indices: [index('ix_number_pools_owner', ['owner_id'])],
    }));
    await q.createTable(new Table({
      name: 'number_pool_numbers',
      columns: [col.id(), col.int('number_pool_id'), col.str('number', 100), col.str('comment', 255)],
      indices: [index('ux_number_pool_numbers', ['number_pool_id', 'number'], true)],
    }));
    await q.createTable(new Table({
      name: 'number_pool_users',
      columns: [col.id(), col.int('number_pool_id'), col.int('user_id'), col.str('list_type', 10, 'black')],
      indices: [index('ix_number_pool_users_pool', ['number_pool_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['number_pool_users', 'number_pool_numbers', 'number_pools']) await q.dropTable(t);
  }
}
