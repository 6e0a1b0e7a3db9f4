import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A reseller group: which add-on features its resellers may use. */
@Entity('reseller_groups')
export class ResellerGroup {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) description: string;
  @Column({ default: 0 }) calling_cards: number;
  @Column({ default: 0 }) call_shop: number;
  @Column({ default: 0 }) sms_addon: number;
  @Column({ default: 0 }) payment_gateways: number;
  @Column({ default: 0 }) autodialer: number;
  @Column({ default: 0 }) pbx_functions: number;
}

export const RESELLER_GROUP_FEATURES = ['calling_cards', 'call_shop', 'sms_addon', 'payment_gateways', 'autodialer', 'pbx_functions'] as const;
