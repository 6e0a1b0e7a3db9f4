import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { visibleOrMissing } from '../../api/visible-ref';
import { providersTableExists } from './did-search.service';

/**
 * A DID's provider. Providers belong to the LCR family: `provider_id` is a plain column, checked
 * against `providers` only when that table exists.
 */
@Injectable()
export class DidProviders {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Admin must name a provider; a reseller without one gets 0 (its default provider, once providers exist). */
  async resolve(caller: Caller, raw: string | undefined): Promise<number> {
    if (!raw) {
      if (caller.role === 'reseller') return 0;
      throw new MorError('Provider was not found');
    }
    if (!(await providersTableExists(this.db.manager))) return Number(raw);
    // Another owner's provider answers as a missing one (foreign is missing).
    return (await visibleOrMissing(this.db.manager, caller, 'provider', raw, 'Provider was not found')).id;
  }
}
