import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from '../../../database/columns';

/**
 * number_pools_get pages a pool's numbers in id order (LIMIT/OFFSET); without this index both
 * databases sort the whole pool for every page (1.2 s for 500,000 numbers on SQLite, blocking).
 */
export class NumberPoolNumbersById1740001200000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('number_pool_numbers', new TableIndex(index('ix_number_pool_numbers_pool_id', ['number_pool_id', 'id'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('number_pool_numbers', 'ix_number_pool_numbers_pool_id');
  }
}
