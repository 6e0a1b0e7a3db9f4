import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Rewrites the number (or caller id) sent to one provider. */
@Entity('provider_rules')
export class ProviderRuleRow {
  @PrimaryGeneratedColumn() id: number;
  @Column() provider_id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 1 }) enabled: number;
  @Column({ default: '' }) cut: string;
  @Column({ default: '' }) add: string;
  @Column({ default: 1 }) minlen: number;
  @Column({ default: 100 }) maxlen: number;
  @Column({ default: 'dst' }) pr_type: string;
  @Column({ default: 0 }) change_callerid_name: number;
  @Column({ type: 'int', nullable: true }) tariff_id: number | null;
  @Column({ default: 0 }) set_pai: number;
  @Column({ default: '' }) suffix: string;
}
