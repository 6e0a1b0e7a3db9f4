import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A named template of per-method API rights (MOR's API Permission Groups). */
@Entity('api_permission_groups')
export class ApiPermissionGroup {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) description: string;
}

/** Disabled 0, Read 1, Write 2 (Write also grants Read). */
export enum PermissionLevel {
  Disabled = 0,
  Read = 1,
  Write = 2,
}

@Entity('api_permission_group_methods')
export class ApiPermissionGroupMethod {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) group_id: number;
  @Column({ default: '' }) method: string;
  @Column({ default: 0 }) level: number;
}
