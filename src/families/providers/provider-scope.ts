import { EntityManager } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { Provider } from './provider.entity';

export const PROVIDER_NOT_FOUND = 'Provider was not found';

/**
 * A provider the caller manages (admin/accountant: the admin's; reseller: its own). Another
 * owner's provider is reported as not found, so ids of foreign providers are not confirmed.
 */
export async function ownedProvider(m: EntityManager, caller: Caller, id: number | string): Promise<Provider> {
  const provider = await m.getRepository(Provider).findOneBy({ id: Number(id), user_id: managedOwnerId(caller) });
  if (provider === null) throw new MorError(PROVIDER_NOT_FOUND);
  return provider;
}
