import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** MOR's device group of a user (its devices share an address); device_create's devicegroup_id names one. */
@Entity('devicegroups')
export class DeviceGroup {
  @PrimaryGeneratedColumn() id: number;
  @Column() user_id: number;
  @Column({ default: '' }) name: string;
  @Column({ type: 'datetime', nullable: true }) added: Date | null;
}
