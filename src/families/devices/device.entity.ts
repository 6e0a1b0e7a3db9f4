import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Something that places calls for a user: a SIP/IAX2 account, a fax, a virtual device. */
@Entity('devices')
export class Device {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) user_id: number;
  @Column({ default: 'SIP' }) device_type: string;
  /** The device's SIP/IAX2 username. */
  @Column({ default: '' }) name: string;
  @Column({ select: false, default: '' }) secret: string;
  @Column({ default: '' }) extension: string;
  @Column({ default: '' }) callerid: string;
  @Column({ default: '' }) pin: string;
  @Column({ default: 1 }) location_id: number;
  @Column({ default: '' }) description: string;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}
