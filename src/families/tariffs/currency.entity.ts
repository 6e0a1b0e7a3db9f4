import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalColumn } from '../../database/decimal-column';

/** A currency and its exchange rate against the default currency (default ÷ this; default = 1). */
@Entity('currencies')
export class Currency {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) full_name: string;
  @DecimalColumn({ default: '1' }) exchange_rate: string;
  @Column({ default: 0 }) active: number;
  /** 1 = refreshed automatically; then manual updates are refused. */
  @Column({ default: 0 }) curr_update: number;
  @Column({ type: 'datetime', nullable: true }) last_update: Date | null;
}
