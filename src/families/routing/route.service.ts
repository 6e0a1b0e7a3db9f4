import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { selectBand } from '../../billing/bands';
import { LcrOrder, LcrProviderLink, RoutingProvider, SkippedProvider, planRoute } from '../../billing/lcr';
import { GLOBAL_LOCATION_ID, LocalizationResult, localizeCallerId, localizeNumber } from '../../billing/localization';
import { Decimal, money } from '../../billing/money';
import { RandomSource } from '../../billing/random';
import { findRows, fromRowAsFind } from '../../database/raw';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { Lcr } from '../lcr/lcr.entity';
import { LocationRuleRow } from '../location-rules/location-rule.entity';
import { ProviderRuleRow } from '../provider-rules/provider-rule.entity';
import { Provider } from '../providers/provider.entity';
import { RateLookupService, callStartOf } from '../tariffs/rate-lookup.service';
import { toLocationRule, toProviderRule } from './route-rows';

type LocationRules = ReturnType<typeof toLocationRule>[];
type LcrWithLinks = { lcr: Lcr; links: LcrProviderLink[] } | null;
type ProvidersWithRules = { providers: Provider[]; rules: ProviderRuleRow[] };

/** What routing needs from the tariffs family: the longest-prefix wholesale rates of several tariffs. */
export type WholesaleRates = Pick<RateLookupService, 'wholesaleRates'>;

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
  /**
   * The paying account's routing, when it is not the user's (a calling card's group gives the
   * LCR, tariff and location: dialing rules) or the caller has read the user's already (call
   * authorization); `user` and `deviceId` are then not read.
   */
  account?: { lcrId: number | null; tariffId: number | null; locationId: number };
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
  // Reference data read per route query, cached by the cross-process rule (src/database/ttl-cache.ts).
  private readonly locationRules: TtlCache<number, LocationRules>;
  private readonly lcrs: TtlCache<number, LcrWithLinks>;
  private readonly providers: TtlCache<string, ProvidersWithRules>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly rates: RateLookupService,
  ) {
    this.locationRules = clearOnWrite(db, ['location_rules'], new TtlCache(async (locationId: number) =>
      (await findRows(db.manager, LocationRuleRow, { location_id: [locationId, GLOBAL_LOCATION_ID] })).map(toLocationRule)));
    this.lcrs = clearOnWrite(db, ['lcrs', 'lcr_providers'], new TtlCache((lcrId: number) => this.findLcr(lcrId)));
    this.providers = clearOnWrite(db, ['providers', 'provider_rules'], new TtlCache<string, ProvidersWithRules>(null));
  }

  async route(query: RouteQuery, rates: WholesaleRates = this.rates): Promise<RouteResult> {
    const { user, locationId } = query.account
      ? { user: { id: 0, username: '', lcr_id: query.account.lcrId, tariff_id: query.account.tariffId }, locationId: query.account.locationId }
      : await this.findUser(query.user, query.deviceId);
    const localized = await this.localize(query, locationId);
    const lcrId = localized.rule?.lcrId ?? user.lcr_id;
    const tariffId = localized.rule?.tariffId ?? user.tariff_id;
    const base = {
      user: { id: user.id, username: user.username }, dialed: query.number, localized: localized.number, locationId, tariffId,
      locationRule: localized.rule && { id: localized.rule.id, name: localized.rule.name ?? '', locationId: localized.rule.locationId },
    };
    const found = lcrId === null ? null : await this.lcrs.get(lcrId);
    if (found === null) return { ...base, lcr: null, routes: [], skipped: [] };
    const { lcr, links } = found;
    return { ...base, lcr: { id: lcr.id, name: lcr.name, order: lcr.lcr_order as LcrOrder }, ...(await this.plan(lcr, links, localized, query, rates)) };
  }

  /**
   * The user (by id or username) and the location of its device (`deviceId`, else its first device;
   * Global without one) in one query.
   */
  private async findUser(ref: string | number, deviceId?: number): Promise<{ user: RouteUser; locationId: number }> {
    const byId = typeof ref === 'number' || /^\d+$/.test(ref);
    const device = `FROM devices d WHERE d.user_id = u.id${deviceId === undefined ? '' : ' AND d.id = ?'}`;
    const sql =
      `SELECT u.id, u.username, u.lcr_id, u.tariff_id, (SELECT COUNT(*) ${device}) AS device_count, ` +
      `(SELECT d.location_id ${device} ORDER BY d.id LIMIT 1) AS device_location FROM users u WHERE ${byId ? 'u.id' : 'u.username'} = ? LIMIT 1`;
    const params = deviceId === undefined ? [] : [deviceId, deviceId];
    const [row] = await this.db.query(sql, [...params, byId ? Number(ref) : ref]);
    if (row === undefined) throw new RouteError('User was not found');
    if (Number(row.device_count) === 0 && deviceId !== undefined) throw new RouteError('Device not found');
    const user = { id: Number(row.id), username: String(row.username), lcr_id: nullableId(row.lcr_id), tariff_id: nullableId(row.tariff_id) };
    return { user, locationId: nullableId(row.device_location) ?? GLOBAL_LOCATION_ID };
  }

  private async localize(query: RouteQuery, locationId: number): Promise<LocalizationResult> {
    const rules = await this.locationRules.get(locationId);
    const result = localizeNumber(query.number, rules, { locationId, callerId: query.callerId });
    // CallerID (src) rules localize the caller id unless a combined rule already rewrote it.
    if (query.callerId === undefined || result.rule?.lrType === 'combined') return result;
    return { ...result, callerId: localizeCallerId(query.callerId, rules, { locationId }).number };
  }

  /** The LCR and its provider links (priority, then id) in one query. Null when there is no such LCR. */
  private async findLcr(lcrId: number): Promise<{ lcr: Lcr; links: LcrProviderLink[] } | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      'SELECT l.*, lp.id AS lp_id, lp.provider_id AS lp_provider_id, lp.priority AS lp_priority, lp.percent AS lp_percent, lp.active AS lp_active ' +
        'FROM lcrs l LEFT JOIN lcr_providers lp ON lp.lcr_id = l.id WHERE l.id = ? ORDER BY lp.priority ASC, lp.id ASC',
      [lcrId],
    );
    if (rows.length === 0) return null;
    const lcr = fromRowAsFind(this.db, Lcr, rows[0]);
    const links = rows
      .filter((r) => r.lp_id !== null && r.lp_id !== undefined)
      .map((r): LcrProviderLink => ({ providerId: Number(r.lp_provider_id), active: Number(r.lp_active) === 1, priority: Number(r.lp_priority), percent: Number(r.lp_percent) }));
    return { lcr, links };
  }

  private async plan(lcr: Lcr, links: LcrProviderLink[], localized: LocalizationResult, query: RouteQuery, rates: WholesaleRates) {
    const ids = [...new Set([...links.map((l) => l.providerId), ...(lcr.failover_provider_id === null ? [] : [lcr.failover_provider_id])])];
    const m = this.db.manager;
    const { providers, rules } = await this.providers.get(ids.join(','), async () => {
      const [providers, rules] = await Promise.all([findRows(m, Provider, { id: ids }), findRows(m, ProviderRuleRow, { provider_id: ids })]);
      return { providers, rules };
    });
    const byId = new Map(providers.map((p) => [p.id, p]));
    const routing: RoutingProvider[] = providers.map((p) => ({ id: p.id, active: p.active === 1, rules: rules.filter((r) => r.provider_id === p.id).map(toProviderRule) }));
    const at = query.at ?? new Date();
    const tariffIds = new Set([...providers.map((p) => p.tariff_id), ...rules.flatMap((r) => (r.tariff_id === null ? [] : [r.tariff_id]))]);
    const prices = await this.pricesPerTariff([...tariffIds], localized.number, at, rates);
    const plan = planRoute({
      number: localized.number, received: query.number, callerId: localized.callerId,
      lcr: { order: lcr.lcr_order as LcrOrder, firstProviderPercentLimit: lcr.first_provider_percent_limit, noFailover: lcr.no_failover === 1, failoverProviderId: lcr.failover_provider_id },
      links, providers: routing, random: query.random,
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

  /** Per distinct tariff, the per-minute rate of the band in force at `at` (one batched rate lookup). */
  private async pricesPerTariff(tariffIds: number[], number: string, at: Date, rates: WholesaleRates): Promise<Map<number, Decimal>> {
    const start = callStartOf(at);
    const found = await rates.wholesaleRates(tariffIds, number, at);
    const prices = new Map<number, Decimal>();
    for (const id of tariffIds) {
      const match = found.get(id);
      const band = match ? selectBand(match.details, start)[0] : undefined;
      if (band) prices.set(id, money(band.ratePerMinute));
    }
    return prices;
  }
}

/** What the route query reads of the user. */
interface RouteUser {
  id: number;
  username: string;
  lcr_id: number | null;
  tariff_id: number | null;
}

const nullableId = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
