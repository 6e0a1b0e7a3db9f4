import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** A call in progress, as the calls family keeps it in `activecalls`. */
export interface ActiveCall {
  id: number;
  uniqueid: string;
  channel: string;
  user_id: number;
  device_id: number;
  server_id: number;
}

/** A call this family asked Asterisk to place, billed to `deviceId`'s user when its CDR is rated. */
export interface OriginatedCall {
  kind: 'callback' | 'c2c' | 'autodialer';
  deviceId: number;
  userId: number;
  /** The number dialed first (leg A, or the campaign's number). */
  number: string;
  /** Asterisk's Uniqueid of the call when known (autodialer answered calls), else ''. */
  uniqueid: string;
  campaignId?: number;
}

/**
 * What telephony needs from the calls family (active calls, rating of the legs it originates).
 * ActiveCallsTable reads the calls family's `activecalls` and leaves billing to the CDRs the switch
 * reports (every originated leg carries the device's accountcode and MOR_* variables naming device,
 * user and campaign, and comes back through call_authorize / call_end like any other call).
 */
export interface CallsPort {
  activeCall(id: number, m: EntityManager): Promise<ActiveCall | null>;
  originated(call: OriginatedCall): Promise<void>;
}

export const CALLS_PORT = Symbol('CallsPort');

@Injectable()
export class ActiveCallsTable implements CallsPort {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async activeCall(id: number, m: EntityManager = this.db.manager): Promise<ActiveCall | null> {
    const rows: Record<string, unknown>[] = await m.query('SELECT id, uniqueid, channel, user_id, src_device_id AS device_id, server_id FROM activecalls WHERE id = ?', [id]);
    const row = rows[0];
    if (!row) return null;
    return { id: Number(row.id), uniqueid: String(row.uniqueid), channel: String(row.channel), user_id: Number(row.user_id), device_id: Number(row.device_id), server_id: Number(row.server_id) };
  }

  async originated(): Promise<void> {
    // Rated from the switch's CDRs (accountcode = the device) until the calls family wires its own.
  }
}
