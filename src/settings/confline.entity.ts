import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One MOR configuration line: a named setting of the admin (owner 0) or of a reseller. */
@Entity('conflines')
export class Confline {
  @PrimaryGeneratedColumn() id: number;
  @Column() name: string;
  @Column({ type: 'text', nullable: true }) value: string | null;
  @Column() owner_id: number;
}
