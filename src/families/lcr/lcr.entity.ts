import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalColumn } from '../../database/decimal-column';

/** A least-cost-routing plan: an ordered set of providers. */
@Entity('lcrs')
export class Lcr {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 'price' }) lcr_order: string;
  @Column({ default: 0 }) owner_id: number;
  @DecimalColumn() first_provider_percent_limit: string;
  @Column({ type: 'int', nullable: true }) failover_provider_id: number | null;
  @Column({ default: 0 }) no_failover: number;
  @DecimalColumn() minimal_rate_margin_percent: string;
  @Column({ default: -1 }) quality_routing_id: number;
  @Column({ default: 0 }) allow_loss_calls: number;
}
