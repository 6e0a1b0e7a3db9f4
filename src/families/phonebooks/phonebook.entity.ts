import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A phonebook record of a user (user_id 0: global), reachable by its speed dial. */
@Entity('phonebooks')
export class Phonebook {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) user_id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: '' }) number: string;
  @Column({ default: '' }) speeddial: string;
  @Column({ type: 'datetime', nullable: true }) added_at: Date | null;
}
