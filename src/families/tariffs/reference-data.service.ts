import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { readRows } from '../../database/raw';
import { TtlCache } from '../../database/ttl-cache';

export interface CurrencyRef {
  name: string;
  exchange_rate: string;
}

/**
 * Small reference data read on the request path (currencies, directions), cached with the
 * settings' cross-process rule (src/database/ttl-cache.ts). Whoever changes it here calls changed().
 */
@Injectable()
export class ReferenceDataService {
  private readonly currencies = new TtlCache(async (id: number) => {
    const [row] = await readRows<CurrencyRef>(this.db.manager, 'SELECT name, exchange_rate FROM currencies WHERE id = ?', [id]);
    return row ? { name: row.name, exchange_rate: String(row.exchange_rate) } : null;
  });

  private readonly directions = new TtlCache(async (id: number) => {
    const [row] = await readRows<{ name: string }>(this.db.manager, 'SELECT name FROM directions WHERE id = ?', [id]);
    return row?.name ?? '';
  });

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The currency's code and exchange rate (as stored), or null when there is no such row. */
  currency(id: number): Promise<CurrencyRef | null> {
    return this.currencies.get(id);
  }

  /** The direction's (country's) name, '' when there is no such row. */
  directionName(id: number): Promise<string> {
    return this.directions.get(id);
  }

  changed(): void {
    this.currencies.clear();
    this.directions.clear();
  }
}
