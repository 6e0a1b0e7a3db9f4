import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { selectBand } from '../../billing/bands';
import { LcrOrder, LcrProviderLink, RoutingProvider, SkippedProvider, planRoute } from '../../billing/lcr';
import { GLOBAL_LOCATION_ID, LocalizationResult, localizeCallerId, localizeNumber } from '../../billing/localization';
import { Decimal, money } from '../../billing/money';
import { RandomSource } from '../../billing/random';
import { Device } from '../devices/device.entity';
import { LcrProvider } from '../lcr/lcr-provider.entity';
import { Lcr } from '../lcr/lcr.entity';
import { LocationRuleRow } from '../location-rules/location-rule.entity';
import { ProviderRuleRow } from '../provider-rules/provider-rule.entity';
import { Provider } from '../providers/provider.entity';
import { RateLookupService, callStartOf } from '../tariffs/rate-lookup.service';
import { User } from '../users/user.entity';
import { toLocationRule, toProviderRule } from './route-rows';

/** What routing needs from the tariffs family: the longest-prefix wholesale rate. */
export type WholesaleRates = Pick<RateLookupService, 'wholesaleRate'>;

export interface RouteQuery {
  /** User id or username. */
  user: string | number;
  /** The number as dialled from the user's device. */
  number: string;
  callerId?: string;
  /** Device placing the call; default the user's first device (its location localizes). */
  deviceId?: number;
  /** Call start, for rates in force and time bands. Default now. */
  at?: Date;
  /** For `percent` LCRs; default Math.random. */
  random?: RandomSource;
}

export interface RouteStep {
  providerId: number;
  providerName: string;
  /** Number sent to this provider (after its provider rules). */
  number: string;
  callerId?: string;
  /** Per-minute buy price of the band in force, from the provider's tariff (or a rule's). */
  price: Decimal;
  tariffId: number;
  providerRule: string | null;
  failover: boolean;
}

export interface RouteResult {
  user: { id: number; username: string };
  dialed: string;
  /** E.164 after location rules. */
  localized: string;
  locationId: number;
  locationRule: { id: number; name: string; locationId: number } | null;
  /** The user's (or a location rule's) LCR and tariff. */
  lcr: { id: number; name: string; order: LcrOrder } | null;
  tariffId: number | null;
  routes: RouteStep[];
  skipped: SkippedProvider[];
}

export class RouteError extends Error {}

/**
 * The route query call authorization uses: localize the dialled number with the device's location
 * rules (then Global), pick the user's LCR (or the one a firing rule switches to), price every
 * provider on its tariff at the longest prefix, order them (src/billing/lcr.ts), and rewrite the
 * number for each with its provider rules.
 */
@Injectable()
export class RouteService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rates: RateLookupService,
  ) {}

  async route(query: RouteQuery, rates: WholesaleRates = this.rates): Promise<RouteResult> {
    const user = await this.findUser(query.user);
    const locationId = await this.deviceLocation(user.id, query.deviceId);
    const localized = await this.localize(query, locationId);
    const lcrId = localized.rule?.lcrId ?? user.lcr_id;
    const tariffId = localized.rule?.tariffId ?? user.tariff_id;
    const base = {
      user: { id: user.id, username: user.username }, dialed: query.number, localized: localized.number, locationId, tariffId,
      locationRule: localized.rule && { id: localized.rule.id, name: localized.rule.name ?? '', locationId: localized.rule.locationId },
    };
    const lcr = lcrId === null ? null : await this.db.getRepository(Lcr).findOneBy({ id: lcrId });
    if (lcr === null) return { ...base, lcr: null, routes: [], skipped: [] };
    return { ...base, lcr: { id: lcr.id, name: lcr.name, order: lcr.lcr_order as LcrOrder }, ...(await this.plan(lcr, localized, query, rates)) };
  }

  private async findUser(ref: string | number): Promise<User> {
    const where = typeof ref === 'number' || /^\d+$/.test(ref) ? { id: Number(ref) } : { username: ref };
    const user = await this.db.getRepository(User).findOneBy(where);
    if (user === null) throw new RouteError('User was not found');
    return user;
  }

  private async deviceLocation(userId: number, deviceId?: number): Promise<number> {
    const where = deviceId === undefined ? { user_id: userId } : { id: deviceId, user_id: userId };
    const device = await this.db.getRepository(Device).findOne({ where, order: { id: 'ASC' } });
    if (device === null && deviceId !== undefined) throw new RouteError('Device not found');
    return device?.location_id ?? GLOBAL_LOCATION_ID;
  }

  private async localize(query: RouteQuery, locationId: number): Promise<LocalizationResult> {
    const rows = await this.db.getRepository(LocationRuleRow).findBy({ location_id: In([locationId, GLOBAL_LOCATION_ID]) });
    const rules = rows.map(toLocationRule);
    const result = localizeNumber(query.number, rules, { locationId, callerId: query.callerId });
    // CallerID (src) rules localize the caller id unless a combined rule already rewrote it.
    if (query.callerId === undefined || result.rule?.lrType === 'combined') return result;
    return { ...result, callerId: localizeCallerId(query.callerId, rules, { locationId }).number };
  }

  private async plan(lcr: Lcr, localized: LocalizationResult, query: RouteQuery, rates: WholesaleRates) {
    const links = await this.db.getRepository(LcrProvider).find({ where: { lcr_id: lcr.id }, order: { priority: 'ASC', id: 'ASC' } });
    const ids = [...new Set([...links.map((l) => l.provider_id), ...(lcr.failover_provider_id === null ? [] : [lcr.failover_provider_id])])];
    const providers = ids.length === 0 ? [] : await this.db.getRepository(Provider).findBy({ id: In(ids) });
    const rules = ids.length === 0 ? [] : await this.db.getRepository(ProviderRuleRow).findBy({ provider_id: In(ids) });
    const byId = new Map(providers.map((p) => [p.id, p]));
    const routing: RoutingProvider[] = providers.map((p) => ({ id: p.id, active: p.active === 1, rules: rules.filter((r) => r.provider_id === p.id).map(toProviderRule) }));
    const at = query.at ?? new Date();
    const tariffIds = new Set([...providers.map((p) => p.tariff_id), ...rules.flatMap((r) => (r.tariff_id === null ? [] : [r.tariff_id]))]);
    const prices = await this.pricesPerTariff([...tariffIds], localized.number, at, rates);
    const plan = planRoute({
      number: localized.number, received: query.number, callerId: localized.callerId,
      lcr: { order: lcr.lcr_order as LcrOrder, firstProviderPercentLimit: lcr.first_provider_percent_limit, noFailover: lcr.no_failover === 1, failoverProviderId: lcr.failover_provider_id },
      links: links.map(toLink), providers: routing, random: query.random,
      prices: (providerId, q) => prices.get(q.tariffId ?? byId.get(providerId)?.tariff_id ?? -1) ?? null,
    });
    const routes = plan.routes.map((r): RouteStep => {
      const provider = byId.get(r.providerId)!;
      return {
        providerId: r.providerId, providerName: provider.name, number: r.number, ...(r.callerId === undefined ? {} : { callerId: r.callerId }),
        price: r.price, tariffId: r.tariffId ?? provider.tariff_id, providerRule: r.rule?.name ?? null, failover: r.failover,
      };
    });
    return { routes, skipped: plan.skipped };
  }

  /** One rate lookup per distinct tariff: the per-minute rate of the band in force at `at`. */
  private async pricesPerTariff(tariffIds: number[], number: string, at: Date, rates: WholesaleRates): Promise<Map<number, Decimal>> {
    const start = callStartOf(at);
    const found = await Promise.all(tariffIds.map(async (id) => [id, await rates.wholesaleRate(id, number, at)] as const));
    const prices = new Map<number, Decimal>();
    for (const [id, match] of found) {
      const band = match ? selectBand(match.details, start)[0] : undefined;
      if (band) prices.set(id, money(band.ratePerMinute));
    }
    return prices;
  }
}

function toLink(l: LcrProvider): LcrProviderLink {
  return { providerId: l.provider_id, active: l.active === 1, priority: l.priority, percent: l.percent };
}
