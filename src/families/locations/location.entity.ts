import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A device location whose rules localize dialed numbers; id 1 is MOR's "Global". */
@Entity('locations')
export class Location {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 0 }) owner_id: number;
}
