import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TARIFF_PURPOSES = ['provider', 'user', 'user_wholesale'] as const;

/** A tariff (price list). purpose: provider (wholesale), user (retail), user_wholesale. */
@Entity('tariffs')
export class Tariff {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 'user' }) purpose: string;
  @Column({ default: 0 }) owner_id: number;
  @Column({ default: 'USD' }) currency: string;
  @Column({ type: 'datetime', nullable: true }) last_update_date: Date | null;
}

/** Retail tariffs price destination groups; the others price prefixes. */
export const isRetail = (tariff: Pick<Tariff, 'purpose'>): boolean => tariff.purpose === 'user';
