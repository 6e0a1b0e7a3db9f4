import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A country (MOR "direction"). */
@Entity('directions')
export class Direction {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) code: string;
}

/** Destinations sold together at one retail rate. desttype: FIX, MOB or NGN. */
@Entity('destinationgroups')
export class DestinationGroup {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 'FIX' }) desttype: string;
  @Column({ default: '' }) flag: string;
}

/** A destination: one unique E.164 prefix, in at most one group. */
@Entity('destinations')
export class Destination {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) prefix: string;
  @Column({ default: '' }) direction_code: string;
  @Column({ default: 'FIX' }) subcode: string;
  @Column({ default: '' }) name: string;
  @Column({ type: 'int', nullable: true }) destinationgroup_id: number | null;
}
