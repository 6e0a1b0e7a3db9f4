import { LIMITS, cappedRowCount } from '../../api/limits';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { parseDidStatus } from '../../billing/did-lifecycle';
import { Device } from '../devices/device.entity';
import { User } from '../users/user.entity';
import { Did } from './did.entity';
import { DidRowNames } from './did-xml';

/** dids_get: the DIDs visible to the caller, filtered by the search params. */
@Injectable()
export class DidSearchService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async search(caller: Caller, params: Params): Promise<{ did: Did; names: DidRowNames }[]> {
    const q = this.db.getRepository(Did).createQueryBuilder('d');
    this.scope(q, caller);
    this.filter(q, params);
    if (params.search_did_owner && (caller.role === 'admin' || caller.role === 'accountant')) await this.ownerFilter(q, params.search_did_owner);
    const from = Math.max(parseId(params.from) ?? 1, 1);
    // MOR lists every match without max_results; here at most LIMITS.rowsPerReply, the rest by `from` (decisions: per-request limits).
    const max = cappedRowCount(parseId(params.max_results), LIMITS.rowsPerReply);
    const rows = await q.orderBy('d.id', 'ASC').skip(from - 1).take(max).getMany();
    if (rows.length === 0) throw new MorError('No DIDs found');
    return Promise.all(rows.map(async (did) => ({ did, names: await this.names(this.db.manager, did) })));
  }

  /** D-12: admin/accountant all, reseller the DIDs it holds, a user its own. */
  private scope(q: SelectQueryBuilder<Did>, caller: Caller): void {
    if (caller.role === 'reseller') q.andWhere('d.reseller_id = :me', { me: caller.id });
    if (caller.role === 'user') q.andWhere('d.user_id = :me', { me: caller.id });
  }

  private filter(q: SelectQueryBuilder<Did>, p: Params): void {
    if (p.search_did_number) q.andWhere('d.did LIKE :num', { num: `%${p.search_did_number.replace(/[%_\\]/g, '\\$&')}%` });
    if (p.search_status) q.andWhere('d.status = :st', { st: parseDidStatus(p.search_status) ?? '-' });
    if (p.search_user) q.andWhere('d.user_id = :su', { su: parseId(p.search_user) ?? -1 });
    if (p.search_device) q.andWhere('d.device_id = :sd', { sd: parseId(p.search_device) ?? -1 });
    if (p.search_dialplan) q.andWhere('d.dialplan_id = :sp', { sp: parseId(p.search_dialplan) ?? -1 });
    if (p.search_provider) q.andWhere('d.provider_id = :pr', { pr: parseId(p.search_provider) ?? -1 });
    if (p.search_language && p.search_language !== 'all') q.andWhere('d.language = :lang', { lang: p.search_language });
    if (p.search_hide_terminated_dids === '1') q.andWhere("d.status <> 'terminated'");
  }

  /** `search_did_owner`: the owner's display name (first and last name) or username. */
  private async ownerFilter(q: SelectQueryBuilder<Did>, name: string): Promise<void> {
    const users = await this.db.getRepository(User).find();
    const ids = users.filter((u) => u.username === name || `${u.first_name} ${u.last_name}`.trim() === name.trim()).map((u) => u.id);
    q.andWhere(ids.length ? 'd.user_id IN (:...owners)' : '1 = 0', { owners: ids });
  }

  private async names(m: EntityManager, did: Did): Promise<DidRowNames> {
    const users = m.getRepository(User);
    const reseller = did.reseller_id === null ? null : await users.findOneBy({ id: did.reseller_id });
    const owner = did.user_id === null ? null : await users.findOneBy({ id: did.user_id });
    const device = did.device_id === null ? null : await m.getRepository(Device).findOneBy({ id: did.device_id });
    return {
      provider: await providerName(m, did.provider_id),
      reseller: reseller?.username ?? '',
      owner: owner?.username ?? '',
      device: device ? `${device.device_type}/${device.name}` : '',
    };
  }
}

/** Providers belong to the LCR family; their table may not exist in this build. */
export async function providersTableExists(m: EntityManager): Promise<boolean> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    return await runner.hasTable('providers');
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

async function providerName(m: EntityManager, id: number): Promise<string> {
  if (id === 0 || !(await providersTableExists(m))) return '';
  const rows: { name: string }[] = await m.query('SELECT name FROM providers WHERE id = ?', [id]);
  return rows[0]?.name ?? '';
}
