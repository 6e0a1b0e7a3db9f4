import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';

const TAX_COLUMNS = [
  col.str('tax1_name', 255, 'VAT'), col.str('tax2_name', 255), col.str('tax3_name', 255), col.str('tax4_name', 255),
  col.money('tax1_value'), col.money('tax2_value'), col.money('tax3_value'), col.money('tax4_value'),
  col.flag('tax2_enabled'), col.flag('tax3_enabled'), col.flag('tax4_enabled'), col.flag('compound_tax', 1), col.str('total_tax_name', 255, 'TAX'),
];

/**
 * Calling cards (MOR's `cardgroups`, `cards`) and vouchers. A card group is the template of a batch
 * (tariff, LCR, location, validity, taxes, fees, ghost percentages, IVR flags); a card carries a
 * balance (a ledger account), a number and a PIN, both unique everywhere (the IVR finds a card by
 * either), and an optional caller id for pinless use, unique when set. A voucher tops up a user once.
 */
export class CallingCards1740000800000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'cardgroups',
      columns: [
        col.id(), col.int('owner_id', 0), col.str('name', 255), col.text('description'), col.str('image', 255, 'example.jpg'),
        // The card's price to a buyer, tax included (the balance a new card gets is this without tax).
        col.money('price'), col.money('setup_fee'), col.money('daily_charge'), col.money('ghost_min_perc', '100'), col.money('ghost_balance_perc', '100'),
        col.int('tariff_id', 0), col.int('lcr_id', 0), col.int('location_id', 1),
        col.datetime('valid_from'), col.datetime('valid_till'), col.int('valid_after_first_use', 0),
        col.int('number_length', 10), col.int('pin_length', 4), ...TAX_COLUMNS,
        col.flag('use_external_function'), col.flag('allow_loss_calls'), col.flag('tell_cents'), col.str('tell_balance_in_currency', 5),
        col.flag('solo_pinless'), col.flag('disable_voucher'), col.flag('callerid_leave'), col.flag('hidden'), col.datetime('created_at'),
      ],
      indices: [index('ix_cardgroups_owner', ['owner_id'])],
    }));
    await q.createTable(new Table({
      name: 'cards',
      columns: [
        col.id(), col.int('cardgroup_id'), col.int('owner_id', 0), col.str('number', 30), col.str('pin', 30), col.str('name', 255),
        col.money('balance'), col.money('min_balance'), col.flag('sold'), col.datetime('first_use'), col.datetime('daily_charge_paid_till'),
        col.str('batch_number', 255), col.str('language', 10, 'en'), col.int('distributor_id', 0), col.str('callerid', 30, null),
        col.flag('disabled'), col.datetime('created_at'),
      ],
      indices: [
        index('ux_cards_number', ['number'], true),
        index('ux_cards_pin', ['pin'], true),
        index('ux_cards_callerid', ['callerid'], true),
        index('ix_cards_group_sold', ['cardgroup_id', 'sold']),
        index('ix_cards_owner', ['owner_id']),
      ],
    }));
    await q.createTable(new Table({
      name: 'vouchers',
      columns: [
        col.id(), col.str('number', 30), col.str('tag', 255), col.money('credit_with_tax'), col.money('tax_percent'), col.str('currency', 5, 'USD'),
        col.datetime('active_till'), col.datetime('used_at'), col.int('user_id', null), col.int('payment_id', null), col.datetime('created_at'),
      ],
      indices: [index('ux_vouchers_number', ['number'], true), index('ix_vouchers_tag', ['tag'])],
    }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['vouchers', 'cards', 'cardgroups']) await q.dropTable(t);
  }
}
