import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An extension namespace; id 1 is the admin's Global pool. */
@Entity('pbx_pools')
export class PbxPool {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) owner_id: number;
  @Column({ default: '' }) name: string;
  @Column({ type: 'text', nullable: true }) comment: string | null;
}
