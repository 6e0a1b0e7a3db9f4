import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A tariff (price list). purpose: provider (wholesale), user (retail), user_wholesale. */
@Entity('tariffs')
export class Tariff {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) purpose: string;
  @Column({ default: 0 }) owner_id: number;
  @Column({ default: '' }) currency: string;
}
