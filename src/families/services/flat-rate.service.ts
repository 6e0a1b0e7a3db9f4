import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { accessibleUser } from '../../api/ownership';
import { flatRateCovers } from './flat-rate';

export interface NumberStatus {
  number: string;
  included: boolean;
  prefix: string;
}

/** A flat-rate service's destination list as the CLI shows it. */
export interface DestinationRow {
  prefix: string;
  included: boolean;
}

const PREFIX = /^[0-9]{1,50}$/;

/** Flat-rate coverage: subscription_flat_rate_number_status_get and the destination lists (CLI). */
@Injectable()
export class FlatRateService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 05: is `number` included in the user's flat-rate subscriptions active now (the prefix that decides), or excluded? */
  async numberStatus(caller: Caller, p: Params): Promise<NumberStatus> {
    if (p.user_id === undefined || p.user_id === '') throw new MorError('user_id must be provided');
    if (parseId(p.user_id) === null) throw new MorError('user_id must be non negative integer');
    const number = (p.number ?? '').trim();
    if (number === '') throw new MorError('Number must be provided');
    const user = await accessibleUser(this.db.manager, caller, p.user_id);
    if (!user) throw new MorError('User was not found');
    const covers = await flatRateCovers(this.db.manager, user.id, number, new Date());
    if (covers.length === 0) throw new MorError('User does not have any Flat-Rate subscriptions');
    const hit = covers.find((c) => c.destination?.included);
    return { number, included: hit !== undefined, prefix: hit?.destination?.prefix ?? '' };
  }

  /** Adds (or changes) a prefix of a flat-rate service's destination list. */
  async setDestination(serviceId: number, prefix: string, included: boolean): Promise<void> {
    if (!PREFIX.test(prefix)) throw new Error(`prefix must be 1-50 digits, got "${prefix}"`);
    await this.db.transaction(async (m) => {
      const [service] = await m.query("SELECT id FROM services WHERE id = ? AND servicetype IN ('flat_rate', 'dynamic_flat_rate')", [serviceId]);
      if (!service) throw new Error(`flat-rate service ${serviceId} was not found`);
      const [known] = await m.query('SELECT id FROM flatrate_destinations WHERE service_id = ? AND prefix = ?', [serviceId, prefix]);
      if (known) await m.query('UPDATE flatrate_destinations SET included = ? WHERE id = ?', [included ? 1 : 0, known.id]);
      else await m.query('INSERT INTO flatrate_destinations (service_id, prefix, included) VALUES (?, ?, ?)', [serviceId, prefix, included ? 1 : 0]);
    });
  }

  async removeDestination(serviceId: number, prefix: string): Promise<boolean> {
    const result = await this.db.createQueryBuilder().delete().from('flatrate_destinations').where('service_id = :serviceId AND prefix = :prefix', { serviceId, prefix }).execute();
    return (result.affected ?? 0) > 0;
  }

  async destinations(serviceId: number): Promise<DestinationRow[]> {
    const rows: { prefix: string; included: number }[] = await this.db.query('SELECT prefix, included FROM flatrate_destinations WHERE service_id = ? ORDER BY prefix', [serviceId]);
    return rows.map((r) => ({ prefix: String(r.prefix), included: Number(r.included) === 1 }));
  }
}
