import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalColumn } from '../../database/decimal-column';

/** Columns of a time band, shared by wholesale and retail details. */
export abstract class BandColumns {
  @Column({ default: '00:00:00' }) start_time: string;
  @Column({ default: '23:59:59' }) end_time: string;
  /** 'WD', 'FD' or '' (every day). */
  @Column({ default: '' }) daytype: string;
}

/** A wholesale rate detail: per-minute rate, connection fee, increment, minimal time in one band. */
@Entity('ratedetails')
export class RateDetailRow extends BandColumns {
  @PrimaryGeneratedColumn() id: number;
  @Column() rate_id: number;
  @DecimalColumn() rate: string;
  @DecimalColumn() connection_fee: string;
  @Column({ default: 1 }) increment_s: number;
  @Column({ default: 0 }) min_time: number;
}

/** A retail (advanced) rate detail of a tariff rate (rate_id) or of a user's custom rate (customrate_id). */
@Entity('aratedetails')
export class RetailDetailRow extends BandColumns {
  @PrimaryGeneratedColumn() id: number;
  @Column({ type: 'int', nullable: true }) rate_id: number | null;
  @Column({ type: 'int', nullable: true }) customrate_id: number | null;
  @Column({ default: 1 }) from_s: number;
  @Column({ default: -1 }) duration: number;
  @Column({ default: 'minute' }) artype: string;
  @Column({ default: 1 }) round_by: number;
  @DecimalColumn() price: string;
}

/** A user's own rate for a destination group, replacing the retail tariff's rate. */
@Entity('customrates')
export class CustomRate {
  @PrimaryGeneratedColumn() id: number;
  @Column() user_id: number;
  @Column() destinationgroup_id: number;
}
