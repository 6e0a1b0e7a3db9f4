import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../columns';

/**
 * The replay cache of signed requests (docs/signed-requests.md): one row per accepted signature
 * until its timestamp leaves the window. The unique index makes "seen before" atomic across
 * processes. The per-signer switch itself is a settings row (`api_signed_requests`, conflines).
 */
export class SignedRequests1740001200100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'api_signed_requests',
      columns: [col.id(), col.str('signature', 64), col.bigint('expires_at', 0)],
      indices: [index('ux_api_signed_requests_signature', ['signature'], true), index('ix_api_signed_requests_expires', ['expires_at'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('api_signed_requests');
  }
}
