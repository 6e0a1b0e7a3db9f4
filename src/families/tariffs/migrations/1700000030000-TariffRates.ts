import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { col, index } from '../../../database/columns';
import { countrySeed, currencySeed } from '../reference-data';

/**
 * Rates of tariffs (wholesale per prefix, retail per destination group), their details,
 * users' custom rates, destinations with their groups and directions, currencies.
 * Directions, destinations and groups are seeded from libphonenumber-js metadata; currencies
 * from the ISO 4217 list the runtime's ICU carries (USD active, rate 1).
 */
export class TariffRates1700000030000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('tariffs', new TableColumn(col.datetime('last_update_date')));
    await q.createTable(new Table({
      name: 'rates',
      columns: [col.id(), col.int('tariff_id'), col.str('prefix', 50), col.int('destinationgroup_id', null), col.datetime('effective_from')],
      indices: [index('ix_rates_tariff_prefix', ['tariff_id', 'prefix']), index('ix_rates_tariff_group', ['tariff_id', 'destinationgroup_id'])],
    }));
    const band = [col.str('start_time', 8, '00:00:00'), col.str('end_time', 8, '23:59:59'), col.str('daytype', 2, '')];
    await q.createTable(new Table({
      name: 'ratedetails',
      columns: [col.id(), col.int('rate_id'), col.money('rate'), col.money('connection_fee'), col.int('increment_s', 1), col.int('min_time', 0), ...band],
      indices: [index('ix_ratedetails_rate', ['rate_id'])],
    }));
    await q.createTable(new Table({
      name: 'customrates',
      columns: [col.id(), col.int('user_id'), col.int('destinationgroup_id')],
      indices: [index('ux_customrates_user_group', ['user_id', 'destinationgroup_id'], true)],
    }));
    await q.createTable(new Table({
      name: 'aratedetails',
      columns: [
        col.id(), col.int('rate_id', null), col.int('customrate_id', null), col.int('from_s', 1), col.int('duration', -1),
        col.str('artype', 10, 'minute'), col.int('round_by', 1), col.money('price'), ...band,
      ],
      indices: [index('ix_aratedetails_rate', ['rate_id']), index('ix_aratedetails_customrate', ['customrate_id'])],
    }));
    await q.createTable(new Table({
      name: 'directions',
      columns: [col.id(), col.str('name', 255), col.str('code', 10)],
      indices: [index('ux_directions_code', ['code'], true)],
    }));
    await q.createTable(new Table({
      name: 'destinationgroups',
      columns: [col.id(), col.str('name', 255), col.str('desttype', 10, 'FIX'), col.str('flag', 10)],
      indices: [index('ux_destinationgroups_name_type', ['name', 'desttype'], true)],
    }));
    await q.createTable(new Table({
      name: 'destinations',
      columns: [col.id(), col.str('prefix', 50), col.str('direction_code', 10), col.str('subcode', 10, 'FIX'), col.str('name', 255), col.int('destinationgroup_id', null)],
      indices: [index('ux_destinations_prefix', ['prefix'], true), index('ix_destinations_group', ['destinationgroup_id'])],
    }));
    await q.createTable(new Table({
      name: 'currencies',
      columns: [col.id(), col.str('name', 10), col.str('full_name', 255), col.money('exchange_rate', '1'), col.flag('active'), col.flag('curr_update'), col.datetime('last_update')],
      indices: [index('ux_currencies_name', ['name'], true)],
    }));
    await this.seed(q);
  }

  private async seed(q: QueryRunner): Promise<void> {
    const countries = countrySeed();
    await insertChunked(q, 'directions', countries.map((c) => ({ name: c.name, code: c.code })));
    await insertChunked(q, 'destinationgroups', countries.map((c) => ({ name: c.name, desttype: 'FIX', flag: c.code.toLowerCase() })));
    const groups: { id: number; flag: string }[] = await q.manager.createQueryBuilder().select(['id', 'flag']).from('destinationgroups', 'g').getRawMany();
    const groupOf = new Map(groups.map((g) => [g.flag, Number(g.id)]));
    await insertChunked(q, 'destinations', countries.filter((c) => c.callingCode !== '').map((c) => ({
      prefix: c.callingCode, direction_code: c.code, subcode: 'FIX', name: c.name, destinationgroup_id: groupOf.get(c.code.toLowerCase()) ?? null,
    })));
    await insertChunked(q, 'currencies', currencySeed());
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['currencies', 'destinations', 'destinationgroups', 'directions', 'aratedetails', 'customrates', 'ratedetails', 'rates']) await q.dropTable(t);
    await q.dropColumn('tariffs', 'last_update_date');
  }
}

async function insertChunked(q: QueryRunner, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await q.manager.createQueryBuilder().insert().into(table).values(rows.slice(i, i + 100)).execute();
  }
}
