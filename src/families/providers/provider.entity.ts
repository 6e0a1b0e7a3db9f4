import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DecimalColumn } from '../../database/decimal-column';

/** A termination provider. `password` is a SIP/IAX2 credential: never logged. */
@Entity('providers')
export class Provider {
  @PrimaryGeneratedColumn() id: number;
  @Column({ default: '' }) name: string;
  @Column({ default: 'SIP' }) tech: string;
  @Column({ default: '' }) channel: string;
  @Column({ default: '' }) login: string;
  @Column({ default: '' }) password: string;
  @Column({ default: 'ip' }) network_type: string;
  @Column({ default: '' }) server_ip: string;
  @Column({ default: '' }) ipaddr: string;
  @Column({ default: 5060 }) port: number;
  @Column({ default: 'rfc2833' }) dtmfmode: string;
  @Column({ default: 0 }) tariff_id: number;
  @Column({ default: 60 }) timeout: number;
  @Column({ default: 7200 }) max_timeout: number;
  @Column({ default: 0 }) call_limit: number;
  @DecimalColumn() balance_limit: string;
  @Column({ default: 0 }) register: number;
  @Column({ default: '' }) cid_name: string;
  @Column({ default: '' }) cid_number: string;
  @Column({ default: '' }) fromdomain: string;
  @Column({ default: 1 }) location_id: number;
  @Column({ default: '' }) server_ids: string;
  @Column({ default: 1 }) active: number;
  @Column({ default: 0 }) hidden: number;
  /** The owner: 0 = admin, else a reseller. */
  @Column({ default: 0 }) user_id: number;
  // Migration 1730000004005: reported by providers_get, not writable through the API yet.
  @Column({ default: 0 }) interpret_noanswer_as_failed: number;
  @Column({ default: 0 }) interpret_busy_as_failed: number;
  @Column({ default: '' }) reg_extension: string;
  @Column({ default: '' }) reg_line: string;
  @Column({ default: 0 }) use_p_asserted_identity: number;
  @DecimalColumn() balance: string;
  @Column({ default: 0 }) cps_call_limit: number;
  @Column({ default: 0 }) cps_period: number;
  @Column({ type: 'text', nullable: true }) tech_details_info: string | null;
  @Column({ default: '' }) privacy_from_domain: string;
  @Column({ default: '' }) privacy_callerid: string;
  @Column({ default: '' }) sip_request_uri: string;
  @Column({ default: '' }) sip_to_uri: string;
}
