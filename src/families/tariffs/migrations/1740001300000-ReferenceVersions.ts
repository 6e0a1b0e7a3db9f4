import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col } from '../../../database/columns';

/**
 * Change counters of the tables every process keeps whole in memory (src/database/reference-versions.ts):
 * `rates` (rates and ratedetails) and `destinations`. Bumped by the server on every write to them.
 */
export class ReferenceVersions1740001300000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'reference_versions',
      columns: [{ ...col.str('name', 32), isPrimary: true }, col.bigint('version', 0)],
    }));
    await q.query("INSERT INTO reference_versions (name, version) VALUES ('rates', 0), ('destinations', 0)");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('reference_versions');
  }
}
