import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A least-cost-routing plan: an ordered set of providers. */
@Entity('lcrs')
export class Lcr {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) lcr_order: string;
  @Column({ default: 0 }) owner_id: number;
}
