import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, index } from '../../../database/columns';

/** LCR routing settings (lcr_update) and the LCR ↔ provider links (lcr_add_provider). */
export class LcrProviders1730000004001 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('lcrs', [
      col.money('first_provider_percent_limit'), col.int('failover_provider_id', null), col.flag('no_failover'),
      col.money('minimal_rate_margin_percent'), col.int('quality_routing_id', -1), col.flag('allow_loss_calls'),
    ].map((c) => new TableColumn(c)));
    await q.createTable(new Table({
      name: 'lcr_providers',
      columns: [col.id(), col.int('lcr_id'), col.int('provider_id'), col.int('priority', 1), col.int('percent', 0), col.flag('active', 1)],
      indices: [index('ix_lcr_providers_lcr', ['lcr_id']), index('ix_lcr_providers_provider', ['provider_id'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('lcr_providers');
    for (const c of ['allow_loss_calls', 'quality_routing_id', 'minimal_rate_margin_percent', 'no_failover', 'failover_provider_id', 'first_provider_percent_limit']) {
      await q.dropColumn('lcrs', c);
    }
  }
}
