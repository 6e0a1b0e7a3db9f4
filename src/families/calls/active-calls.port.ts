import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ActiveCall, CallsPort } from '../telephony/calls-port';

/** The calls family's side of telephony's CALLS_PORT: a call in progress from `activecalls`. */
@Injectable()
export class ActiveCallsPort implements CallsPort {
  async activeCall(id: number, m: EntityManager): Promise<ActiveCall | null> {
    const rows: Record<string, unknown>[] = await m.query('SELECT id, uniqueid, channel, user_id, src_device_id AS device_id, server_id FROM activecalls WHERE id = ?', [id]);
    const row = rows[0];
    if (!row) return null;
    return { id: Number(row.id), uniqueid: String(row.uniqueid), channel: String(row.channel), user_id: Number(row.user_id), device_id: Number(row.device_id), server_id: Number(row.server_id) };
  }
}
