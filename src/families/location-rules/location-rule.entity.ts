import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A localization rule of one location. */
@Entity('location_rules')
export class LocationRuleRow {
  @PrimaryGeneratedColumn() id: number;
  @Column() location_id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 1 }) enabled: number;
  @Column({ default: '' }) cut: string;
  @Column({ default: '' }) add: string;
  @Column({ default: 1 }) minlen: number;
  @Column({ default: 99 }) maxlen: number;
  @Column({ default: 'dst' }) lr_type: string;
  @Column({ type: 'int', nullable: true }) lcr_id: number | null;
  @Column({ type: 'int', nullable: true }) tariff_id: number | null;
  @Column({ type: 'int', nullable: true }) did_id: number | null;
  @Column({ type: 'int', nullable: true }) device_id: number | null;
  @Column({ default: 0 }) change_callerid_name: number;
  @Column({ default: '' }) src_cut: string;
  @Column({ default: '' }) src_add: string;
  @Column({ default: 1 }) src_minlen: number;
  @Column({ default: 99 }) src_maxlen: number;
  @Column({ type: 'int', nullable: true }) locationgroup_id: number | null;
}
