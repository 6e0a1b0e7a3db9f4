import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../../../database/columns';

/**
 * Provider settings providers_get reports (02 "Providers") that describe the provider itself:
 * failover interpretation, registration details, P-Asserted-Identity, balance, CPS limit, SIP
 * privacy/URI settings and the technical-details note. No method writes them yet (the reference
 * documents none as a provider_create/provider_update param); MOR's defaults until then.
 */
export const PROVIDER_MOR_COLUMNS = [
  col.flag('interpret_noanswer_as_failed'), col.flag('interpret_busy_as_failed'),
  col.str('reg_extension', 255), col.str('reg_line', 255), col.flag('use_p_asserted_identity'),
  col.money('balance'), col.int('cps_call_limit', 0), col.int('cps_period', 0), col.text('tech_details_info'),
  col.str('privacy_from_domain', 255), col.str('privacy_callerid', 255), col.str('sip_request_uri', 255), col.str('sip_to_uri', 255),
];

export class ProviderMorSettings1730000004005 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('providers', PROVIDER_MOR_COLUMNS.map((c) => new TableColumn(c)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of [...PROVIDER_MOR_COLUMNS].reverse()) await q.dropColumn('providers', c.name);
  }
}
