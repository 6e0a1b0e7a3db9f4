import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalColumn } from '../../database/decimal-column';

/** Something that places calls for a user: a SIP/IAX2 account, a fax, a virtual device. */
@Entity('devices')
export class Device {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: 0 }) user_id: number;
  @Column({ default: 'SIP' }) device_type: string;
  /** The device's SIP/IAX2 username. */
  @Column({ default: '' }) name: string;
  /** Never selected unless asked for (`addSelect`), so it cannot leak into a reply or a log by accident. */
  @Column({ select: false, default: '' }) secret: string;
  @Column({ default: '' }) extension: string;
  @Column({ default: '' }) callerid: string;
  @Column({ default: '' }) pin: string;
  @Column({ default: 1 }) location_id: number;
  @Column({ default: '' }) description: string;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
  @Column({ default: 0 }) devicegroup_id: number;
  @Column({ default: '' }) accountcode: string;
  @Column({ default: 'dynamic' }) host: string;
  @Column({ default: '' }) ipaddr: string;
  @Column({ default: 0 }) port: number;
  @Column({ default: '' }) hostname: string;
  @Column({ type: 'smallint', default: 1 }) dynamic: number;
  @Column({ default: 'mor_local' }) context: string;
  @Column({ default: 0 }) istrunk: number;
  @Column({ default: 0 }) call_limit: number;
  @Column({ default: 0 }) inbound_call_limit: number;
  @Column({ default: 0 }) total_call_limit: number;
  @Column({ default: 60 }) call_timeout: number;
  @Column({ default: 60 }) ringing_timeout: number;
  @Column({ default: '' }) fromuser: string;
  @Column({ default: '' }) fromdomain: string;
  @Column({ default: 'en' }) language: string;
  @Column({ type: 'smallint', default: 0 }) hidden: number;
  @Column({ type: 'smallint', default: 0 }) blocked: number;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ type: 'smallint', default: 0 }) encryption: number;
  @Column({ default: 'udp' }) transport: string;
  @Column({ type: 'smallint', default: 0 }) device_balance_enabled: number;
  @DecimalColumn() balance: string;
  @Column({ type: 'smallint', default: 0 }) cid_from_dids: number;
  @Column({ type: 'smallint', default: 0 }) allow_empty_callerid: number;
  @Column({ default: '' }) voicemail_email: string;
  @Column({ default: 'no' }) progressinband: string;
  @Column({ default: '' }) emergency_callerid: string;
  @Column({ default: 0 }) emergency_callerid_pool_id: number;
  @Column({ default: 'no' }) sendrpid: string;
  @Column({ default: 'no' }) t38_support: string;
  @Column({ type: 'smallint', default: 0 }) copy_lega_name_to_legb_number: number;
  @Column({ type: 'text', nullable: true }) fax_emails: string | null;
  @Column({ default: 0 }) primary_did_id: number;
  @Column({ type: 'smallint', default: 0 }) primary_device: number;
  @Column({ default: 'rfc2833' }) dtmfmode: string;
  @Column({ default: 'yes' }) nat: string;
  @Column({ default: 'yes' }) qualify: string;
  @Column({ default: 'alaw;ulaw;g729' }) allow: string;
  @Column({ default: 'all' }) disallow: string;
  @Column({ default: 0 }) regseconds: number;
  @Column({ default: '' }) fullcontact: string;
}
