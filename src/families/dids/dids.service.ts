import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { accessibleUser, canAccessUser } from '../../api/ownership';
import { Errors, MorError } from '../../api/mor-error';
import { DID_TEXTS, DidAction, DidUserTarget, planDidTransition } from '../../billing/did-lifecycle';
import { DevicesService } from '../devices/devices.service';
import { didActor, didState, stateColumns } from './did-actor';
import { Did, DidRate, DID_RATE_TYPES } from './did.entity';

/** How a method names its DID: `did` (number) or `did_id` / `dids_id` (row id). */
export type DidKey = { number: string } | { id: number };

/** Columns did_details_update may set besides the lifecycle. */
export type DidDetails = Partial<Pick<Did, 'call_limit' | 'grace_time' | 'language' | 'provider_id' | 'custom_sip_header' | 'comment' | 'reseller_comment' | 'active_from' | 'active_till'>>;

/** Every DID state change goes through planDidTransition inside one transaction. */
@Injectable()
export class DidsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly devices: DevicesService,
  ) {}

  async find(m: EntityManager, key: DidKey): Promise<Did | null> {
    const repo = m.getRepository(Did);
    return 'number' in key ? repo.findOneBy({ did: key.number }) : repo.findOneBy({ id: key.id });
  }

  /** Loads the DID, builds the action in the transaction, plans, persists; answers the success text. */
  async transition(caller: Caller, key: DidKey, build: (m: EntityManager) => Promise<DidAction>, extra: DidDetails = {}): Promise<string> {
    return this.db.transaction(async (m) => {
      const row = await this.find(m, key);
      const plan = planDidTransition(row ? didState(row) : undefined, await build(m), { actor: didActor(caller) });
      if (!plan.ok) throw new MorError(plan.error);
      if (!row) throw new MorError(DID_TEXTS.notFound);
      if (plan.next === null) {
        await m.getRepository(DidRate).delete({ did_id: row.id });
        await m.getRepository(Did).delete(row.id);
      } else {
        const closedAt = plan.next.status === 'closed' && row.status !== 'closed' ? new Date() : row.closed_at;
        await m.getRepository(Did).update(row.id, { ...stateColumns(plan.next), ...extra, closed_at: closedAt });
      }
      return plan.success;
    });
  }

  async create(caller: Caller, number: string, providerId: number, fields: DidDetails): Promise<number> {
    return this.db.transaction(async (m) => {
      const existing = await this.find(m, { number });
      const plan = planDidTransition(existing ? didState(existing) : undefined, { kind: 'did_create', number }, { actor: didActor(caller) });
      if (!plan.ok || !plan.next) throw new MorError(plan.ok ? 'DID creation failed' : plan.error);
      const row = m.getRepository(Did).create({ did: number, provider_id: providerId, ...fields, ...stateColumns(plan.next), created_at: new Date() });
      await m.getRepository(Did).insert(row);
      await m.getRepository(DidRate).insert(DID_RATE_TYPES.map((rate_type) => ({ did_id: row.id, rate_type, rate: '0', connection_fee: '0' })));
      return row.id;
    });
  }

  /** The target device of an assignment, as the lifecycle needs it; null when missing or not the caller's to see. */
  async deviceRef(m: EntityManager, caller: Caller, deviceId: number) {
    const owned = await this.devices.findOwned(m, deviceId);
    if (!owned || !canAccessUser(caller, owned.user)) return null;
    return { id: owned.device.id, userId: owned.user.id, userOwnerId: owned.user.owner_id, isTrunk: owned.device.istrunk > 0 };
  }

  /** `did_user_id` of did_details_update: -1 frees, otherwise a user the caller may see. */
  async userTarget(m: EntityManager, caller: Caller, raw: string): Promise<DidUserTarget> {
    if (raw === '-1') return 'free';
    // Another owner's user answers as a missing one (foreign is missing).
    const user = await accessibleUser(m, caller, raw);
    if (!user || user.id === 0) throw new MorError(Errors.userNotFound);
    // A reseller naming a reseller (itself: it sees no other): the lifecycle answers Access Denied (decisions: DID lifecycle).
    return { id: user.id, isReseller: user.usertype === 'reseller' };
  }

  /** A DID the caller may read (rates): admin/accountant any, reseller its own. */
  async visible(caller: Caller, key: DidKey, m: EntityManager = this.db.manager): Promise<Did> {
    const row = await this.find(m, key);
    if (!row || (caller.role === 'reseller' && row.reseller_id !== caller.id)) throw new MorError(DID_TEXTS.notFound);
    return row;
  }

  /** Whether the user holds DIDs (blocks user_delete). */
  async userHasDids(m: EntityManager, userId: number): Promise<boolean> {
    const repo = m.getRepository(Did);
    return (await repo.exists({ where: { user_id: userId } })) || repo.exists({ where: { reseller_id: userId } });
  }
}
