import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { lockRow } from '../../database/transaction';
import { toStorage } from '../../billing/money';
import { ownedProvider } from '../providers/provider-scope';
import { LcrProviderDto, LcrUpdateDto } from './dto/lcr.dto';
import { LcrProvider } from './lcr-provider.entity';
import { LcrTexts } from './lcr-texts';
import { Lcr } from './lcr.entity';

/** Rows elsewhere that keep an LCR from being deleted. */
const LCR_USERS = ['SELECT COUNT(*) AS n FROM users WHERE lcr_id = ?', 'SELECT COUNT(*) AS n FROM location_rules WHERE lcr_id = ?'];

@Injectable()
export class LcrService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: Caller, name: string | undefined): Promise<Lcr[]> {
    const where = { owner_id: managedOwnerId(caller), ...(name ? { name } : {}) };
    const lcrs = await this.db.getRepository(Lcr).find({ where, order: { id: 'ASC' } });
    if (lcrs.length === 0) throw new MorError(LcrTexts.noneFound);
    return lcrs;
  }

  async create(caller: Caller, name: string, order: string | undefined): Promise<void> {
    await this.db.getRepository(Lcr).insert({ name, lcr_order: order || 'price', owner_id: managedOwnerId(caller) });
  }

  async update(caller: Caller, input: LcrUpdateDto): Promise<void> {
    await this.db.transaction(async (m) => {
      const lcr = await ownedLcr(m, caller, input.lcr_id);
      const changes = lcrChanges(input);
      // Nothing sent to change is still a successful update (TypeORM refuses an empty SET).
      if (Object.keys(changes).length > 0) await m.getRepository(Lcr).update(lcr.id, changes);
    });
  }

  async delete(caller: Caller, lcrId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const lcr = await ownedLcr(m, caller, lcrId);
      for (const sql of LCR_USERS) {
        const rows: { n: number | string }[] = await m.query(sql, [lcr.id]);
        if (Number(rows[0]?.n ?? 0) > 0) throw new MorError(LcrTexts.inUse);
      }
      await m.getRepository(LcrProvider).delete({ lcr_id: lcr.id });
      await m.getRepository(Lcr).delete(lcr.id);
    });
  }

  async addProvider(caller: Caller, input: LcrProviderDto): Promise<void> {
    await this.db.transaction(async (m) => {
      const lcr = await ownedLcr(m, caller, input.lcr_id);
      const provider = await ownedProvider(m, caller, input.provider_id);
      if (input.failover === '1') {
        await m.getRepository(Lcr).update(lcr.id, { failover_provider_id: provider.id });
        return;
      }
      // The next priority and the "already in LCR" check: one link write per LCR at a time.
      await lockRow(m, 'lcrs', lcr.id);
      const links = m.getRepository(LcrProvider);
      if (await links.exists({ where: { lcr_id: lcr.id, provider_id: provider.id } })) throw new MorError(LcrTexts.alreadyInLcr);
      await links.insert({ lcr_id: lcr.id, provider_id: provider.id, priority: input.priority ? Number(input.priority) : await nextPriority(m, lcr.id), percent: Number(input.percent || 0), active: 1 });
    });
  }

  async deleteProvider(caller: Caller, input: LcrProviderDto): Promise<void> {
    await this.db.transaction(async (m) => {
      const lcr = await ownedLcr(m, caller, input.lcr_id);
      const providerId = Number(input.provider_id);
      if (input.failover === '1') {
        if (lcr.failover_provider_id !== providerId) throw new MorError(LcrTexts.providerNotInLcr);
        await m.getRepository(Lcr).update(lcr.id, { failover_provider_id: null });
        return;
      }
      const result = await m.getRepository(LcrProvider).delete({ lcr_id: lcr.id, provider_id: providerId });
      if (!result.affected) throw new MorError(LcrTexts.providerNotInLcr);
    });
  }
}

/** An LCR the caller manages; anyone else's is "LCR was not found". */
export async function ownedLcr(m: EntityManager, caller: Caller, id: number | string): Promise<Lcr> {
  const lcr = await m.getRepository(Lcr).findOneBy({ id: Number(id), owner_id: managedOwnerId(caller) });
  if (lcr === null) throw new MorError(LcrTexts.notFound);
  return lcr;
}


/** New links go to the end of the priority list. */
async function nextPriority(m: EntityManager, lcrId: number): Promise<number> {
  const rows: { p: number | string | null }[] = await m.query('SELECT MAX(priority) AS p FROM lcr_providers WHERE lcr_id = ?', [lcrId]);
  return Number(rows[0]?.p ?? 0) + 1;
}

/** Only the params that were sent change; an omitted param keeps its stored value. */
function lcrChanges(input: LcrUpdateDto): Partial<Lcr> {
  const changes: Partial<Lcr> = {};
  if (input.name) changes.name = input.name;
  if (input.order) changes.lcr_order = input.order;
  if (input.allow_loss_calls) changes.allow_loss_calls = Number(input.allow_loss_calls);
  if (input.no_failover) changes.no_failover = Number(input.no_failover);
  if (input.quality_routing_id) changes.quality_routing_id = Number(input.quality_routing_id);
  if (input.minimal_rate_margin_percent) changes.minimal_rate_margin_percent = toStorage(input.minimal_rate_margin_percent);
  if (input.first_provider_percent_limit) changes.first_provider_percent_limit = toStorage(input.first_provider_percent_limit);
  return changes;
}
