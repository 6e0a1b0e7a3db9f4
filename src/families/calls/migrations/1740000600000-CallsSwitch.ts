import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { col, index } from '../../../database/columns';

/**
 * What the switch API keeps beside the foundation's call tables: on an active call, who holds
 * money for it (the payer: the caller's user, or a DID's user for an incoming call) and its
 * reseller and DID user; on a CDR, how many times it was re-rated (the ledger key of each rerate).
 */
export class CallsSwitch1740000600000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('activecalls', [col.int('payer_id', 0), col.int('reseller_id', 0), col.int('dst_user_id', 0), col.int('did_provider_id', 0)].map((c) => new TableColumn(c)));
    await q.createIndex('activecalls', new TableIndex(index('ix_activecalls_payer', ['payer_id'])));
    await q.createIndex('activecalls', new TableIndex(index('ix_activecalls_reseller', ['reseller_id'])));
    await q.addColumn('calls', new TableColumn(col.int('rerate_count', 0)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('calls', 'rerate_count');
    await q.dropIndex('activecalls', 'ix_activecalls_reseller');
    await q.dropIndex('activecalls', 'ix_activecalls_payer');
    for (const name of ['did_provider_id', 'dst_user_id', 'reseller_id', 'payer_id']) await q.dropColumn('activecalls', name);
  }
}
