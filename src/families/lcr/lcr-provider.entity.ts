import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A provider in an LCR's list, with this LCR's priority/percent and on/off switch. */
@Entity('lcr_providers')
export class LcrProvider {
  @PrimaryGeneratedColumn() id: number;
  @Column() lcr_id: number;
  @Column() provider_id: number;
  @Column({ default: 1 }) priority: number;
  @Column({ default: 0 }) percent: number;
  @Column({ default: 1 }) active: number;
}
