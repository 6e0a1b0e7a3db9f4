import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One state of a device's call flow (before_call, call, answered, no_answer, busy, failed). */
@Entity('device_callflows')
export class DeviceCallflow {
  @PrimaryGeneratedColumn() id: number;
  @Column() device_id: number;
  @Column() state: string;
  @Column({ default: 1 }) priority: number;
  @Column({ default: 'empty' }) action: string;
  @Column({ default: '' }) data: string;
  @Column({ default: '' }) data2: string;
  @Column({ default: '' }) data3: string;
  @Column({ default: '' }) data4: string;
  @Column({ default: '' }) data5: string;
}

/** A caller ID (CLI) that identifies a device. */
@Entity('device_clis')
export class DeviceCli {
  @PrimaryGeneratedColumn() id: number;
  @Column() device_id: number;
  @Column() cli: string;
  @Column({ type: 'varchar', nullable: true }) domain: string | null;
  @Column({ default: '' }) description: string;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ type: 'smallint', default: 0 }) banned: number;
  @Column({ type: 'smallint', default: 0 }) email_callback: number;
  @Column({ default: 0 }) ivr_id: number;
  @Column({ type: 'datetime', nullable: true }) added_at: Date | null;
  @Column({ type: 'datetime', nullable: true }) updated_at: Date | null;
}

/** A number transformation rule of a device (cut a prefix, add one). */
@Entity('device_rules')
export class DeviceRule {
  @PrimaryGeneratedColumn() id: number;
  @Column() device_id: number;
  @Column({ default: 0 }) devicerulegroup_id: number;
  @Column() name: string;
  @Column({ type: 'smallint', default: 1 }) enabled: number;
  @Column({ default: '' }) cut: string;
  @Column({ default: '' }) add: string;
  @Column({ default: 1 }) minlen: number;
  @Column({ default: 100 }) maxlen: number;
  @Column({ default: 'dst' }) pr_type: string;
  @Column({ type: 'smallint', default: 0 }) change_callerid_name: number;
}
