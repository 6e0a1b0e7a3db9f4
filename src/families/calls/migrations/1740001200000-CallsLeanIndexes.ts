import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from '../../../database/columns';

/**
 * Every CDR written (call_end, `calls import`) updates each index of `calls`; issue 9 measured
 * about 40% of an import in them. Kept: uniqueid (idempotency), a user's / a reseller's calls in a
 * period (user_calls_get, invoices, statistics), a provider's (aggregate_get by terminator) and
 * the period alone (aggregation, rerate). Dropped: device and DID by date, whose filters always
 * come with a user (user_calls_get s_device, s_did) or a period (aggregate_get s_device), which
 * the kept indexes narrow first.
 */
export class CallsLeanIndexes1740001200000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('calls', 'ix_calls_device_date');
    await q.dropIndex('calls', 'ix_calls_did_date');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('calls', new TableIndex(index('ix_calls_device_date', ['src_device_id', 'calldate'])));
    await q.createIndex('calls', new TableIndex(index('ix_calls_did_date', ['did_id', 'calldate'])));
  }
}
