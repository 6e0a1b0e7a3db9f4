import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { toStorage } from '../../billing/money';
import { Tariff } from '../tariffs/tariff.entity';
import { DidsService } from './dids.service';
import { Did, DidRate } from './did.entity';

const RATES_NOT_FOUND = 'Rates were not found';
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

/** did_rates_get/update and did_rates_details_get/update. */
@Injectable()
export class DidRatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dids: DidsService,
  ) {}

  async list(caller: Caller, number: string): Promise<DidRate[]> {
    const did = await this.dids.visible(caller, { number });
    const rates = await this.db.getRepository(DidRate).find({ where: { did_id: did.id }, order: { id: 'ASC' } });
    if (rates.length === 0) throw new MorError(RATES_NOT_FOUND);
    return rates;
  }

  /** Updates the rate `s_id` or every rate of `s_rate_type`; answers the updated rows. */
  async update(caller: Caller, number: string, p: Params): Promise<DidRate[]> {
    return this.db.transaction(async (m) => {
      const did = await this.dids.visible(caller, { number }, m);
      const repo = m.getRepository(DidRate);
      const where = p.s_id ? { did_id: did.id, id: Number(p.s_id) } : p.s_rate_type ? { did_id: did.id, rate_type: p.s_rate_type } : null;
      const rates = where ? await repo.find({ where, order: { id: 'ASC' } }) : [];
      if (rates.length === 0) throw new MorError(RATES_NOT_FOUND);
      const changes = rateChanges(p);
      if (Object.keys(changes).length > 0) await repo.update(rates.map((r) => r.id), changes);
      return rates.map((r) => ({ ...r, ...changes }));
    });
  }

  async details(caller: Caller, id: number): Promise<Did> {
    return this.dids.visible(caller, { id });
  }

  /** The tariffs must exist: a provider (buy) tariff, and a sell tariff or 0 (None) for the owner. */
  async updateDetails(caller: Caller, id: number, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const did = await this.dids.visible(caller, { id }, m);
      const changes: Partial<Did> = {};
      if (p.provider_tariff_id) changes.provider_tariff_id = await this.tariffId(m, p.provider_tariff_id, true);
      if (p.owner_tariff_id) changes.owner_tariff_id = p.owner_tariff_id === '0' ? 0 : await this.tariffId(m, p.owner_tariff_id, false);
      if (p.allow_call_reject_provider) changes.allow_call_reject_provider = Number(p.allow_call_reject_provider);
      if (p.allow_call_reject) changes.allow_call_reject = Number(p.allow_call_reject);
      if (Object.keys(changes).length > 0) await m.getRepository(Did).update(did.id, changes);
    });
  }

  private async tariffId(m: EntityManager, raw: string, provider: boolean): Promise<number> {
    const tariff = await m.getRepository(Tariff).findOneBy({ id: Number(raw), owner_id: 0 });
    if (!tariff || (tariff.purpose === 'provider') !== provider) throw new MorError(RATES_NOT_FOUND);
    return tariff.id;
  }
}

function rateChanges(p: Params): Partial<DidRate> {
  const changes: Partial<DidRate> = {};
  if (p.rate) changes.rate = toStorage(p.rate);
  if (p.connection_fee) changes.connection_fee = toStorage(p.connection_fee);
  if (p.increment_s) changes.increment_s = Number(p.increment_s);
  if (p.min_time) changes.min_time = Number(p.min_time);
  if (p.s_daytype) changes.daytype = p.s_daytype;
  for (const [param, column] of [['s_start_time', 'start_time'], ['s_end_time', 'end_time']] as const) {
    if (!p[param]) continue;
    if (!TIME.test(p[param])) throw new MorError(RATES_NOT_FOUND);
    changes[column] = p[param];
  }
  return changes;
}
