import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from '../../../database/columns';

/**
 * An active call is written three times (call_authorize inserts it, call_start answers it,
 * call_end deletes it), and each insert and delete writes a page of every index of `activecalls`.
 * Kept: uniqueid (every lookup) and the payer and reseller (their holds are summed at every
 * authorization). Dropped: owner, device, provider and DID, read only by active_calls_get's filters
 * and by the call-limit counts of those parties (only when a limit is set), on a table as small as
 * the calls in progress. The user's index stays: user limits are the common ones.
 */
const DROPPED: [string, string][] = [
  ['ix_activecalls_owner', 'owner_id'],
  ['ix_activecalls_device', 'src_device_id'],
  ['ix_activecalls_provider', 'provider_id'],
  ['ix_activecalls_did', 'did_id'],
];

export class ActiveCallsLeanIndexes1740001400000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    for (const [name] of DROPPED) await q.dropIndex('activecalls', name);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, column] of DROPPED) await q.createIndex('activecalls', new TableIndex(index(name, [column])));
  }
}
