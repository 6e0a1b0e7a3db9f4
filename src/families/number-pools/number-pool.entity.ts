import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('number_pools')
export class NumberPool {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) owner_id: number;
  @Column({ default: '' }) name: string;
  @Column({ type: 'text', nullable: true }) comment: string | null;
}

@Entity('number_pool_numbers')
export class NumberPoolNumber {
  @PrimaryGeneratedColumn() id: number;
  @Column() number_pool_id: number;
  @Column() number: string;
  @Column({ default: '' }) comment: string;
}

/** A user's use of a pool as a blacklist or whitelist. */
@Entity('number_pool_users')
export class NumberPoolUser {
  @PrimaryGeneratedColumn() id: number;
  @Column() number_pool_id: number;
  @Column() user_id: number;
  @Column({ default: 'black' }) list_type: string;
}
