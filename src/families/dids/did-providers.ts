import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
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
    const id = Number(raw);
    if (!(await providersTableExists(this.db.manager))) return id;
    const rows: { user_id: number | string }[] = await this.db.query('SELECT user_id FROM providers WHERE id = ?', [id]);
    if (rows.length === 0) throw new MorError('Provider was not found');
    if (caller.role === 'reseller' && Number(rows[0].user_id) !== caller.id) throw new MorError('Your are not authorized to use this Provider');
    return id;
  }
}
