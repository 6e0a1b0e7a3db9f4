import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalColumn } from '../../database/decimal-column';

/** A calling-card group (MOR's `cardgroups`): the settings every card of the batch shares. */
@Entity('cardgroups')
export class CardGroup {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) owner_id: number;
  @Column({ default: '' }) name: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ default: 'example.jpg' }) image: string;
  /** Tax included. */
  @DecimalColumn() price: string;
  @DecimalColumn() setup_fee: string;
  @DecimalColumn() daily_charge: string;
  @DecimalColumn({ default: '100' }) ghost_min_perc: string;
  @DecimalColumn({ default: '100' }) ghost_balance_perc: string;
  @Column({ default: 0 }) tariff_id: number;
  @Column({ default: 0 }) lcr_id: number;
  @Column({ default: 1 }) location_id: number;
  @Column({ type: 'datetime', nullable: true }) valid_from: Date | null;
  @Column({ type: 'datetime', nullable: true }) valid_till: Date | null;
  @Column({ default: 0 }) valid_after_first_use: number;
  @Column({ default: 10 }) number_length: number;
  @Column({ default: 4 }) pin_length: number;
  @Column({ default: 'VAT' }) tax1_name: string;
  @Column({ default: '' }) tax2_name: string;
  @Column({ default: '' }) tax3_name: string;
  @Column({ default: '' }) tax4_name: string;
  @DecimalColumn() tax1_value: string;
  @DecimalColumn() tax2_value: string;
  @DecimalColumn() tax3_value: string;
  @DecimalColumn() tax4_value: string;
  @Column({ default: 0 }) tax2_enabled: number;
  @Column({ default: 0 }) tax3_enabled: number;
  @Column({ default: 0 }) tax4_enabled: number;
  @Column({ default: 1 }) compound_tax: number;
  @Column({ default: 'TAX' }) total_tax_name: string;
  @Column({ default: 0 }) use_external_function: number;
  @Column({ default: 0 }) allow_loss_calls: number;
  @Column({ default: 0 }) tell_cents: number;
  @Column({ default: '' }) tell_balance_in_currency: string;
  @Column({ default: 0 }) solo_pinless: number;
  @Column({ default: 0 }) disable_voucher: number;
  @Column({ default: 0 }) callerid_leave: number;
  @Column({ default: 0 }) hidden: number;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}

/** A calling card: a prepaid balance (ledger account `card`) reached by number + PIN or by caller id. */
@Entity('cards')
export class Card {
  @PrimaryGeneratedColumn() id: number;
  @Column() cardgroup_id: number;
  @Column({ default: 0 }) owner_id: number;
  @Column() number: string;
  @Column() pin: string;
  @Column({ default: '' }) name: string;
  @DecimalColumn() balance: string;
  @DecimalColumn() min_balance: string;
  @Column({ default: 0 }) sold: number;
  @Column({ type: 'datetime', nullable: true }) first_use: Date | null;
  @Column({ type: 'datetime', nullable: true }) daily_charge_paid_till: Date | null;
  @Column({ default: '' }) batch_number: string;
  @Column({ default: 'en' }) language: string;
  @Column({ default: 0 }) distributor_id: number;
  @Column({ type: 'varchar', nullable: true }) callerid: string | null;
  @Column({ default: 0 }) disabled: number;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}

/** A voucher: credit (tax included, in its currency) for one user's balance, usable once. */
@Entity('vouchers')
export class Voucher {
  @PrimaryGeneratedColumn() id: number;
  @Column() number: string;
  @Column({ default: '' }) tag: string;
  @DecimalColumn() credit_with_tax: string;
  @DecimalColumn() tax_percent: string;
  @Column({ default: 'USD' }) currency: string;
  @Column({ type: 'datetime', nullable: true }) active_till: Date | null;
  @Column({ type: 'datetime', nullable: true }) used_at: Date | null;
  @Column({ type: 'int', nullable: true }) user_id: number | null;
  @Column({ type: 'int', nullable: true }) payment_id: number | null;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}
