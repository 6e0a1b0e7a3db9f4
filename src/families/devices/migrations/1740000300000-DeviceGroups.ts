import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

/** MOR's device groups: device_create refuses a devicegroup_id that is not a group of the device's user. */
export class DeviceGroups1740000300000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'devicegroups',
      columns: [col.id(), col.int('user_id'), col.str('name', 255), col.datetime('added')],
      indices: [index('ix_devicegroups_user', ['user_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('devicegroups');
  }
}
