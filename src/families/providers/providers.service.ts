import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { lockRow } from '../../database/transaction';
import { Location } from '../locations/location.entity';
import { Tariff } from '../tariffs/tariff.entity';
import { ProviderCreateDto, ProviderUpdateDto } from './dto/provider.dto';
import { normalizeNetwork, providerSettings } from './provider-fields';
import { ownedProvider } from './provider-scope';
import { ProviderTexts } from './provider-texts';
import { Provider } from './provider.entity';

/** Rows that keep a provider from being deleted: LCR links and failover assignments. */
const PROVIDER_USERS = ['SELECT COUNT(*) AS n FROM lcr_providers WHERE provider_id = ?', 'SELECT COUNT(*) AS n FROM lcrs WHERE failover_provider_id = ?'];

@Injectable()
export class ProvidersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: Caller, providerId: string | undefined): Promise<Provider[]> {
    if (providerId) return [await ownedProvider(this.db.manager, caller, providerId)];
    return this.db.getRepository(Provider).find({ where: { user_id: managedOwnerId(caller) }, order: { id: 'ASC' } });
  }

  async create(caller: Caller, input: ProviderCreateDto, params: Record<string, string>): Promise<number> {
    return this.db.transaction(async (m) => {
      const owner = managedOwnerId(caller);
      await checkReferences(m, owner, { name: input.name, tariff_id: input.tariff_id, location_id: input.location_id });
      const provider = m.getRepository(Provider).create({ ...providerSettings(params), name: input.name, tariff_id: Number(input.tariff_id), location_id: Number(input.location_id || 1), user_id: owner });
      normalizeNetwork(provider);
      await m.getRepository(Provider).insert(provider);
      return provider.id;
    });
  }

  async update(caller: Caller, input: ProviderUpdateDto, params: Record<string, string>): Promise<void> {
    await this.db.transaction(async (m) => {
      const provider = await ownedProvider(m, caller, input.provider_id);
      await checkReferences(m, provider.user_id, { name: input.name, tariff_id: input.tariff_id, location_id: input.location_id }, provider.id);
      Object.assign(provider, providerSettings(params), definedOnly({ name: input.name, tariff_id: input.tariff_id, location_id: input.location_id }));
      normalizeNetwork(provider);
      await m.getRepository(Provider).save(provider);
    });
  }

  async delete(caller: Caller, providerId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const provider = await ownedProvider(m, caller, providerId);
      for (const sql of PROVIDER_USERS) {
        const rows: { n: number | string }[] = await m.query(sql, [provider.id]);
        if (Number(rows[0]?.n ?? 0) > 0) throw new MorError(ProviderTexts.cannotDelete);
      }
      await m.query('DELETE FROM provider_rules WHERE provider_id = ?', [provider.id]);
      await m.getRepository(Provider).delete(provider.id);
    });
  }
}

/** name/tariff_id/location_id as columns, only those sent. */
function definedOnly(values: { name?: string; tariff_id?: string; location_id?: string }): Partial<Provider> {
  const out: Partial<Provider> = {};
  if (values.name) out.name = values.name;
  if (values.tariff_id) out.tariff_id = Number(values.tariff_id);
  if (values.location_id) out.location_id = Number(values.location_id);
  return out;
}

/** Unique name; a provider tariff and a location of the same owner. */
async function checkReferences(m: EntityManager, owner: number, v: { name?: string; tariff_id?: string; location_id?: string }, selfId?: number): Promise<void> {
  // Provider names are unique across owners: writes of a name take turns on the admin's row.
  if (v.name) await lockRow(m, 'users', 0);
  if (v.name && (await m.getRepository(Provider).exists({ where: { name: v.name, ...(selfId ? { id: Not(selfId) } : {}) } }))) {
    throw new MorError(ProviderTexts.nameUnique);
  }
  if (v.tariff_id && !(await m.getRepository(Tariff).exists({ where: { id: Number(v.tariff_id), purpose: 'provider', owner_id: owner } }))) {
    throw new MorError(ProviderTexts.invalidTariff);
  }
  if (v.location_id && !(await m.getRepository(Location).exists({ where: { id: Number(v.location_id), owner_id: owner } }))) {
    throw new MorError(ProviderTexts.invalid('location_id'));
  }
}
