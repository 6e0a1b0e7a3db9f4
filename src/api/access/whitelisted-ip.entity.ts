import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A client address (single IPv4 or CIDR network) and whether it may call the API. */
@Entity('whitelisted_ips')
export class WhitelistedIp {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) ip: string;
  @Column({ default: 0 }) api_access: number;
  @Column({ default: '' }) reason: string;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}
