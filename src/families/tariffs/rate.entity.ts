import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One rate of a tariff: a prefix (wholesale tariffs) or a destination group (retail tariffs). */
@Entity('rates')
export class Rate {
  @PrimaryGeneratedColumn() id: number;
  @Column() tariff_id: number;
  @Column({ default: '' }) prefix: string;
  @Column({ type: 'int', nullable: true }) destinationgroup_id: number | null;
  @Column({ type: 'datetime', nullable: true }) effective_from: Date | null;
}
