import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** Phonebook records with speed dials, unique per user. */
export class Phonebooks1710000000200 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'phonebooks',
      columns: [col.id(), col.int('user_id', 0), col.str('name', 255), col.str('number', 100), col.str('speeddial', 20), col.datetime('added_at')],
      indices: [index('ux_phonebooks_speeddial', ['user_id', 'speeddial'], true)],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('phonebooks');
  }
}
