import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** A user's quick forward of one of its DIDs to a number. */
export class QuickforwardDids1710000000300 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'quickforwards_dids',
      columns: [col.id(), col.int('user_id'), col.int('did_id'), col.str('forward_to', 100), col.str('description', 255)],
      indices: [index('ux_quickforwards_dids', ['user_id', 'did_id'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('quickforwards_dids');
  }
}
