import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** Localization rules per location (location_rule_create); defaults as the wiki documents. */
export class LocationRules1730000004004 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'location_rules',
      columns: [
        col.id(), col.int('location_id'), col.str('name', 255), col.flag('enabled', 1), col.str('cut', 100), col.str('add', 100),
        col.int('minlen', 1), col.int('maxlen', 99), col.str('lr_type', 10, 'dst'), col.int('lcr_id', null), col.int('tariff_id', null),
        col.int('did_id', null), col.int('device_id', null), col.flag('change_callerid_name'), col.str('src_cut', 100),
        col.str('src_add', 100), col.int('src_minlen', 1), col.int('src_maxlen', 99), col.int('locationgroup_id', null),
      ],
      indices: [index('ix_location_rules_location', ['location_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('location_rules');
  }
}
