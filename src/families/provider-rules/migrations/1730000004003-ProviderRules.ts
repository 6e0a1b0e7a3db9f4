import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** Number rewriting per provider (provider_rule_create); defaults as the wiki documents. */
export class ProviderRules1730000004003 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'provider_rules',
      columns: [
        col.id(), col.int('provider_id'), col.str('name', 255), col.flag('enabled', 1), col.str('cut', 100), col.str('add', 100),
        col.int('minlen', 1), col.int('maxlen', 100), col.str('pr_type', 10, 'dst'), col.flag('change_callerid_name'),
        col.int('tariff_id', null), col.flag('set_pai'), col.str('suffix', 100),
      ],
      indices: [index('ix_provider_rules_provider', ['provider_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('provider_rules');
  }
}
