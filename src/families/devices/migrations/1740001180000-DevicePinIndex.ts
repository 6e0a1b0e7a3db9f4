import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from '../../../database/columns';

/** PINs are unique across every tenant's devices (device_create, device_update): the check reads by index. */
export class DevicePinIndex1740001180000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('devices', new TableIndex(index('ix_devices_pin', ['pin'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('devices', 'ix_devices_pin');
  }
}
