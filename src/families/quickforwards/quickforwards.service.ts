import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import type { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { visibleOrMissing } from '../../api/visible-ref';
import { Did } from '../dids/did.entity';
import { QuickforwardDid } from './quickforward-did.entity';

const DID_NOT_FOUND = 'DID was not found';

export interface QuickforwardView {
  did: string;
  forward_to: string;
  description: string;
}

/** Quick forwards are the caller's own: one row per (caller, DID). */
@Injectable()
export class QuickforwardsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: Caller): Promise<QuickforwardView[]> {
    const rows = await this.db.getRepository(QuickforwardDid).find({ where: { user_id: caller.id }, order: { id: 'ASC' } });
    const dids = new Map(rows.length ? (await this.db.getRepository(Did).findBy({ id: In(rows.map((r) => r.did_id)) })).map((d) => [d.id, d.did]) : []);
    // A forward whose DID was deleted since is not listed.
    const views = rows.filter((r) => dids.has(r.did_id)).map((r) => ({ did: dids.get(r.did_id)!, forward_to: r.forward_to, description: r.description }));
    if (views.length === 0) throw new MorError('Quickforwards list is empty');
    return views;
  }

  /** The DID must be one the caller may use (src/api/visible-ref.ts): the admin any, a reseller those it holds, a user its own. */
  async update(caller: Caller, number: string, forwardTo: string | undefined, description: string | undefined): Promise<QuickforwardView> {
    // Values longer than their columns (forward_to 100, description 255) get the method's one refusal text (decisions: Devices and DIDs).
    if ((forwardTo ?? '').length > 100 || (description ?? '').length > 255) throw new MorError(DID_NOT_FOUND);
    return this.db.transaction(async (m) => {
      const did = await visibleOrMissing<{ id: number; did: string }>(m, caller, 'did_number', number, DID_NOT_FOUND, 't.id, t.did');
      const repo = m.getRepository(QuickforwardDid);
      const row = (await repo.findOneBy({ user_id: caller.id, did_id: did.id })) ?? repo.create({ user_id: caller.id, did_id: did.id, forward_to: '', description: '' });
      if (forwardTo !== undefined) row.forward_to = forwardTo;
      if (description !== undefined) row.description = description;
      await repo.save(row);
      return { did: did.did, forward_to: row.forward_to, description: row.description };
    });
  }

  /** Only the caller's own forward row is ever touched; a DID the caller may not use answers as a missing one. */
  async delete(caller: Caller, number: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const did = await visibleOrMissing(m, caller, 'did_number', number, DID_NOT_FOUND);
      const { affected } = await m.getRepository(QuickforwardDid).delete({ user_id: caller.id, did_id: did.id });
      if (!affected) throw new MorError('No Quickforward is assigned to specified DID');
    });
  }
}

