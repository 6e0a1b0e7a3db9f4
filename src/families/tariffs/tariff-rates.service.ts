import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { CustomRate, RateDetailRow, RetailDetailRow } from './rate-detail.entity';
import { Rate } from './rate.entity';
import { Destination, DestinationGroup, Direction } from './destination.entity';
import { Tariff, isRetail } from './tariff.entity';
import { WholesaleNames, retailRateRow, tariffHead, wholesaleRateRow } from './tariff-xml';

const CHUNK = 500;

/** Loads rows whose `column` is in `ids`, a chunk of ids per query (IN lists stay small). */
async function findIn<T extends object>(db: DataSource, entity: new () => T, column: string, ids: readonly (number | string)[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    out.push(...(await db.getRepository(entity).find({ where: { [column]: In(ids.slice(i, i + CHUNK)) } as never, order: { id: 'ASC' } as never })));
  }
  return out;
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const list = map.get(key(row));
    if (list) list.push(row);
    else map.set(key(row), [row]);
  }
  return map;
}

/** tariff_rates_get: every rate of a tariff, in the retail or the wholesale layout. */
@Injectable()
export class TariffRatesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async document(tariff: Tariff, customUserId: number | null, additionalInfo: boolean): Promise<Record<string, unknown>> {
    const rates = await this.db.getRepository(Rate).find({ where: { tariff_id: tariff.id }, order: { id: 'ASC' } });
    const body = isRetail(tariff) ? await this.retail(rates, customUserId, additionalInfo) : await this.wholesale(rates);
    return { page: { ...tariffHead(tariff), rates: body } };
  }

  private async retail(rates: Rate[], customUserId: number | null, additionalInfo: boolean): Promise<Record<string, unknown>> {
    const details = groupBy(await findIn(this.db, RetailDetailRow, 'rate_id', rates.map((r) => r.id)), (d) => d.rate_id);
    const detailsByGroup = new Map(rates.map((r) => [r.destinationgroup_id ?? 0, details.get(r.id) ?? []]));
    for (const [groupId, rows] of await this.customDetails(customUserId)) detailsByGroup.set(groupId, rows);
    const groupIds = [...detailsByGroup.keys()];
    const groups = await findIn(this.db, DestinationGroup, 'id', groupIds);
    const members = additionalInfo ? groupBy(await findIn(this.db, Destination, 'destinationgroup_id', groupIds), (d) => d.destinationgroup_id) : new Map();
    const destination = groups.map((g) => ({
      destination_group_name: g.name,
      destination_group_type: g.desttype,
      rate: (detailsByGroup.get(g.id) ?? []).map(retailRateRow),
      ...(additionalInfo ? { destinations: (members.get(g.id) ?? []).map((d: Destination) => ({ destination_name: d.name, prefix: d.prefix })) } : {}),
    }));
    return destination.length > 0 ? { destination } : {};
  }

  /** A user's custom rate details by destination group. */
  private async customDetails(userId: number | null): Promise<Map<number, RetailDetailRow[]>> {
    if (userId === null) return new Map();
    const customs = await this.db.getRepository(CustomRate).find({ where: { user_id: userId } });
    const rows = groupBy(await findIn(this.db, RetailDetailRow, 'customrate_id', customs.map((c) => c.id)), (d) => d.customrate_id);
    return new Map(customs.filter((c) => rows.has(c.id)).map((c) => [c.destinationgroup_id, rows.get(c.id) ?? []]));
  }

  private async wholesale(rates: Rate[]): Promise<Record<string, unknown>> {
    const details = groupBy(await findIn(this.db, RateDetailRow, 'rate_id', rates.map((r) => r.id)), (d) => d.rate_id);
    const names = await this.namesOf(rates.map((r) => r.prefix));
    const rate = rates.flatMap((r) => (details.get(r.id) ?? []).map((d) => wholesaleRateRow(r.prefix, r.effective_from, d, names(r.prefix))));
    return rate.length > 0 ? { rate } : {};
  }

  /** Direction and destination names of prefixes, from the destinations with exactly those prefixes. */
  private async namesOf(prefixes: string[]): Promise<(prefix: string) => WholesaleNames> {
    const destinations = new Map((await findIn(this.db, Destination, 'prefix', [...new Set(prefixes)])).map((d) => [d.prefix, d]));
    const codes = [...new Set([...destinations.values()].map((d) => d.direction_code))];
    const directions = new Map((await findIn(this.db, Direction, 'code', codes)).map((d) => [d.code, d.name]));
    return (prefix) => {
      const d = destinations.get(prefix);
      return { direction: d ? (directions.get(d.direction_code) ?? '') : '', destination: d?.name ?? '', subcode: d?.subcode ?? '', code: d?.direction_code ?? '' };
    };
  }
}
