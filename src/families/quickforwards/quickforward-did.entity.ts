import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A user's quick forward of one DID. */
@Entity('quickforwards_dids')
export class QuickforwardDid {
  @PrimaryGeneratedColumn() id: number;
  @Column() user_id: number;
  @Column() did_id: number;
  @Column({ default: '' }) forward_to: string;
  @Column({ default: '' }) description: string;
}
