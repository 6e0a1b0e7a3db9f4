import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** PBX pools (extension namespaces); the admin's Global pool (id 1) always exists. */
export class PbxPools1710000000500 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'pbx_pools',
      columns: [col.id(), col.int('owner_id', 0), col.str('name', 255), col.text('comment')],
      indices: [index('ux_pbx_pools_name', ['name'], true)],
    }));
    await q.query("INSERT INTO pbx_pools (owner_id, name, comment) VALUES (0, 'Global', '')");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('pbx_pools');
  }
}
