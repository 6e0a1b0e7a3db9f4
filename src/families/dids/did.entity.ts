import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DidStatus } from '../../billing/did-lifecycle';
import { DecimalColumn } from '../../database/decimal-column';

/** A DID: a number that reaches a device (or dial plan), with MOR's free/reserved/active/closed/terminated lifecycle. */
@Entity('dids')
export class Did {
  @PrimaryGeneratedColumn() id: number;
  @Column() did: string;
  @Column({ type: 'varchar', default: 'free' }) status: DidStatus;
  @Column({ default: 0 }) provider_id: number;
  @Column({ type: 'int', nullable: true }) reseller_id: number | null;
  @Column({ type: 'int', nullable: true }) user_id: number | null;
  @Column({ type: 'int', nullable: true }) device_id: number | null;
  @Column({ type: 'int', nullable: true }) dialplan_id: number | null;
  @Column({ default: '' }) language: string;
  @Column({ default: 0 }) call_limit: number;
  @Column({ default: 0 }) grace_time: number;
  @Column({ type: 'datetime', nullable: true }) active_from: Date | null;
  @Column({ type: 'datetime', nullable: true }) active_till: Date | null;
  @Column({ default: '' }) custom_sip_header: string;
  @Column({ type: 'text', nullable: true }) comment: string | null;
  @Column({ type: 'text', nullable: true }) reseller_comment: string | null;
  @Column({ default: '' }) tone_zone: string;
  @Column({ default: 0 }) provider_tariff_id: number;
  @Column({ type: 'smallint', default: 0 }) allow_call_reject_provider: number;
  @Column({ default: 0 }) owner_tariff_id: number;
  @Column({ type: 'smallint', default: 0 }) allow_call_reject: number;
  @Column({ type: 'datetime', nullable: true }) closed_at: Date | null;
  @Column({ default: 1 }) pbx_pool_id: number;
  @Column({ type: 'datetime', nullable: true }) created_at: Date | null;
}

export const DID_RATE_TYPES = ['provider', 'owner', 'incoming'] as const;

/** One rate of a DID: what the provider charges, what the owner charges, or the incoming rate. */
@Entity('did_rates')
export class DidRate {
  @PrimaryGeneratedColumn() id: number;
  @Column() did_id: number;
  @Column() rate_type: string;
  @Column({ default: '00:00:00' }) start_time: string;
  @Column({ default: '23:59:59' }) end_time: string;
  @Column({ default: '' }) daytype: string;
  @DecimalColumn() rate: string;
  @DecimalColumn() connection_fee: string;
  @Column({ default: 1 }) increment_s: number;
  @Column({ default: 0 }) min_time: number;
}
