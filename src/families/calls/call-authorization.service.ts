import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { runSql } from '../../database/raw';
import { MorError } from '../../api/mor-error';
import type { CallStart } from '../../billing/bands';
import { HangupCause, isLossCall, maxDuration, priceOf } from '../../billing/call-rating';
import { Decimal, money, toStorage } from '../../billing/money';
import type { RateDetail } from '../../billing/pricing';
import { violates } from '../../database/unique';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { Metrics } from '../../ops/metrics';
import { sqlDateTime } from '../../ledger/ledger';
import { GLOBAL_LOCATION_ID } from '../../billing/localization';
import type { CardRefusal } from '../../billing/card-use';
import { CardPayerService, type PayerLookup } from '../calling-cards/card-payer.service';
import { RouteError, RouteService } from '../routing/route.service';
import { callStartOf } from '../tariffs/rate-lookup.service';
import { CallRatesService } from './call-rates.service';
import { type CallAuthorizeDto, SwitchTexts } from './dto/switch.dto';
import { type HoldColumn, type Payer, lockPayers, retryOnLockConflict, spendableNow } from './payer';

/** The longest call authorization allows when money does not limit it (3 hours). */
export const MAX_CALL_SECONDS = 10_800;

export const ACTIVE_UNIQUEID = { table: 'activecalls', column: 'uniqueid', name: 'ux_activecalls_uniqueid' };

/** One provider a switch may try, in order. */
export interface RouteOut {
  providerId: number;
  providerName: string;
  number: string;
  callerId: string;
  tech: string;
  channel: string;
  host: string;
  port: number;
  timeout: number;
  rate: Decimal;
  /** The provider's simultaneous-call limit (0 = none). */
  callLimit: number;
}

export interface Authorization {
  allowed: boolean;
  /** 0 when allowed, else MOR's hangup cause. */
  cause: number;
  uniqueid: string;
  userId: number;
  deviceId: number;
  localized: string;
  maxDuration: number;
  routes: RouteOut[];
  /** An incoming call to a DID: the DID and the device it rings. */
  did: { id: number; deviceId: number } | null;
  /** The calling card paying for the call. */
  cardId?: number;
}

/** The account a call is made from. */
interface CallerUser {
  id: number;
  owner_id: number;
  tariff_id: number | null;
  lcr_id: number | null;
  blocked: number;
  call_limit: number;
  allow_loss_calls: number;
  usertype: string;
}

interface CallerDevice {
  id: number;
  user_id: number;
  call_limit: number;
  /** Its location (dialing rules); Global without one. */
  location_id: number;
}

interface DidRow {
  id: number;
  device_id: number;
  user_id: number;
  provider_id: number;
  call_limit: number;
}

/** Who is calling: a device of a user, or a provider trunk (an incoming call). */
type CallerSide = { device: CallerDevice; user: CallerUser } | { providerId: number };

/** Finds the paying calling card (and whether it may pay now) in a transaction. */
type CardLookup = (m: EntityManager) => Promise<PayerLookup>;

/** What the money step holds for one payer role. */
interface Hold {
  payerId: number;
  column: HoldColumn;
  details: readonly RateDetail[];
  /** Causes when the payer has nothing (balance ≤ 0) / something but not enough for one second. */
  causes: [number, number];
  /** A calling card pays (payerId 0): finds it again, locked, inside the hold's transaction. */
  card?: { id: number; lookup: CardLookup };
}

interface Plan {
  userId: number;
  ownerId: number;
  resellerId: number;
  deviceId: number;
  localized: string;
  prefix: string;
  routes: RouteOut[];
  did: DidRow | null;
  holds: Hold[];
  /** Limits to check inside the transaction: [cause, column, id, limit]. */
  limits: [number, string, number, number][];
  /** The call limits of the parties call_start counts answered calls for (user, device, reseller, first provider, DID): all 0 lets it answer in one statement. */
  answerLimits: number[];
  /** The calling card paying for the call, 0 when a user pays. */
  cardId?: number;
}

/** Why a calling card may not pay, as MOR's hangup cause (docs/switch.md). */
const CARD_CAUSE: Record<CardRefusal, number> = {
  not_found: HangupCause.callerUnknown, not_sold: HangupCause.callerUnknown, disabled: HangupCause.userBlocked, not_yet_valid: HangupCause.userBlocked,
  expired: HangupCause.userBlocked, in_use: HangupCause.userLimit, no_balance: HangupCause.lowBalance,
};

const nullableId = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

const refused = (base: Pick<Authorization, 'uniqueid'> & Partial<Authorization>, cause: number): Authorization => ({
  userId: 0, deviceId: 0, localized: '', routes: [], did: null, ...base, allowed: false, cause, maxDuration: 0,
});

class Refusal extends Error {
  constructor(readonly hangupCause: number) {
    super(`refused ${hangupCause}`);
  }
}

/**
 * call_authorize: who calls, where the call goes (LCR route list or a DID's device), whether it
 * may (blocked, rates, loss calls, call limits) and for how long (money of the user and its
 * reseller, less what their other calls in progress hold). An allowed call becomes an active call
 * holding what its maximum duration could cost, so concurrent calls of one payer cannot together
 * spend more than it has.
 */
@Injectable()
export class CallAuthorizationService {
  /** The technical details of route lists' providers, by their ids, and active DIDs by number (reference data: src/database/ttl-cache.ts). */
  private readonly providers: TtlCache<string, Record<string, unknown>[]>;
  private readonly dids: TtlCache<string, DidRow | null>;
  /** Callers by device id, SIP username or trunk IP: a device with its user's call settings, or a provider (reference data too). */
  private readonly callers: TtlCache<string, CallerSide | null>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly routing: RouteService,
    private readonly callRates: CallRatesService,
    private readonly cards: CardPayerService,
    private readonly metrics: Metrics,
  ) {
    this.providers = clearOnWrite(db, ['providers'], new TtlCache<string, Record<string, unknown>[]>(null));
    this.callers = clearOnWrite(db, ['devices', 'users', 'providers'], new TtlCache<string, CallerSide | null>(null));
    this.dids = clearOnWrite(db, ['dids'], new TtlCache(async (dst: string) => {
      const [row] = await runSql(db.manager, "SELECT id, device_id, user_id, provider_id, call_limit FROM dids WHERE did = ? AND status = 'active' AND device_id > 0 LIMIT 1", [dst]);
      if (!row) return null;
      return { id: Number(row.id), device_id: Number(row.device_id), user_id: Number(row.user_id ?? 0), provider_id: Number(row.provider_id ?? 0), call_limit: Number(row.call_limit) };
    }));
  }

  async authorize(input: CallAuthorizeDto, at = new Date()): Promise<Authorization> {
    // Both reads at once (one round trip of waiting on MariaDB); a duplicate uniqueid still answers first.
    const resolving = this.resolveCaller(input);
    resolving.catch(() => undefined);
    await this.assertNew(input.uniqueid);
    const caller = await resolving;
    if (!caller) return refused({ uniqueid: input.uniqueid }, HangupCause.callerUnknown);
    const base = { uniqueid: input.uniqueid, userId: 'device' in caller ? caller.user.id : 0, deviceId: 'device' in caller ? caller.device.id : 0 };
    try {
      const start = callStartOf(at);
      const card = this.cardLookup(input, at);
      const did = card ? null : await this.didOf(input.dst);
      const plan = card ? await this.planCard(caller, card, input, at) : did ? await this.planIncoming(caller, did, input, at) : await this.planOutgoing(caller, input, at, start);
      const max = await this.hold(plan, input, at, start);
      this.metrics.callStarted();
      return { ...base, userId: plan.userId, ...(plan.cardId ? { cardId: plan.cardId } : {}), allowed: true, cause: 0, localized: plan.localized, maxDuration: max, routes: plan.routes, did: did && { id: did.id, deviceId: did.device_id } };
    } catch (e) {
      if (e instanceof Refusal) return refused(base, e.hangupCause);
      throw e;
    }
  }

  private async assertNew(uniqueid: string): Promise<void> {
    const [row] = await runSql(this.db.manager,
      'SELECT 1 AS x FROM activecalls WHERE uniqueid = ? UNION ALL SELECT 1 AS x FROM calls WHERE uniqueid = ?', [uniqueid, uniqueid],
    );
    if (row) throw new MorError(SwitchTexts.duplicate);
  }

  /** By device id, device SIP username, or the source IP of a trunk device or a provider. */
  private async resolveCaller(input: CallAuthorizeDto): Promise<CallerSide | null> {
    const by = input.device_id ? 'id' : input.device_username ? 'name' : input.source_ip ? 'ip' : null;
    if (!by) throw new MorError(SwitchTexts.callerMissing);
    const value = by === 'id' ? Number(input.device_id) : by === 'name' ? input.device_username! : input.source_ip!;
    const sourceIp = input.source_ip ?? '';
    const caller = await this.callers.get(`${by}:${value}|${sourceIp}`, () => this.findCaller(by, value, sourceIp));
    if (!caller && !sourceIp) throw new MorError(SwitchTexts.deviceNotFound);
    return caller;
  }

  /** The device found `by` its id, name or trunk IP; else, when the request gave a source IP, the active provider at that IP. */
  private async findCaller(by: 'id' | 'name' | 'ip', value: number | string, sourceIp: string): Promise<CallerSide | null> {
    const where = by === 'id' ? 'd.id = ?' : by === 'name' ? 'd.name = ?' : 'd.istrunk = 1 AND d.ipaddr = ?';
    const [row] = await runSql(this.db.manager,
      'SELECT d.id AS device_id, d.call_limit AS device_limit, d.location_id, u.id, u.owner_id, u.tariff_id, u.lcr_id, u.blocked, u.call_limit, u.allow_loss_calls, u.usertype ' +
        `FROM devices d JOIN users u ON u.id = d.user_id WHERE ${where} ORDER BY d.id LIMIT 1`, [value],
    );
    if (row) {
      const user: CallerUser = {
        id: Number(row.id), owner_id: Number(row.owner_id), tariff_id: nullableId(row.tariff_id), lcr_id: nullableId(row.lcr_id), blocked: Number(row.blocked),
        call_limit: Number(row.call_limit), allow_loss_calls: Number(row.allow_loss_calls), usertype: String(row.usertype),
      };
      return { device: { id: Number(row.device_id), user_id: user.id, call_limit: Number(row.device_limit), location_id: nullableId(row.location_id) ?? GLOBAL_LOCATION_ID }, user };
    }
    if (!sourceIp) return null;
    const [provider] = await runSql(this.db.manager, 'SELECT id FROM providers WHERE active = 1 AND (ipaddr = ? OR server_ip = ?) ORDER BY id LIMIT 1', [sourceIp, sourceIp]);
    return provider ? { providerId: Number(provider.id) } : null;
  }

  /** An active DID ringing a device: the call is an incoming DID call. */
  private didOf(dst: string): Promise<DidRow | null> {
    return this.dids.get(dst);
  }

  /** An incoming call: the DID's user holds its incoming rate; the DID's limit applies. */
  private async planIncoming(caller: CallerSide, did: DidRow, input: CallAuthorizeDto, at: Date): Promise<Plan> {
    const { rates } = await this.callRates.ratesOf({ userId: did.user_id, userTariffId: null, resellerTariffId: null, providerId: 0, didId: did.id, number: input.dst, at });
    const from = 'device' in caller ? caller : null;
    const device = from?.device ?? null;
    if (from?.user.blocked) throw new Refusal(HangupCause.userBlocked);
    const holds: Hold[] = did.user_id && rates.didIncoming?.length
      ? [{ payerId: did.user_id, column: 'hold_amount', details: rates.didIncoming, causes: [HangupCause.didOwnerLowBalance, HangupCause.didOwnerUnderOneSecond] }]
      : [];
    return {
      userId: from?.user.id ?? 0, ownerId: from?.user.owner_id ?? 0, resellerId: 0, deviceId: device?.id ?? 0, localized: input.dst, prefix: '',
      routes: [], did, holds: holds.length ? holds : [{ payerId: did.user_id, column: 'hold_amount', details: [], causes: [0, 0] }],
      limits: [[HangupCause.didLimit, 'did_id', did.id, did.call_limit]],
      answerLimits: [did.call_limit, from?.user.call_limit ?? 0, device?.call_limit ?? 0],
    };
  }

  /** An outgoing call: route, rates of user and reseller, loss calls, limits. */
  private async planOutgoing(caller: CallerSide, input: CallAuthorizeDto, at: Date, start: CallStart): Promise<Plan> {
    if (!('device' in caller)) throw new Refusal(HangupCause.callerUnknown);
    const { user, device } = caller;
    if (user.blocked) throw new Refusal(HangupCause.userBlocked);
    // The user's LCR, tariff and device location were read with the caller.
    const account = { lcrId: user.lcr_id, tariffId: user.tariff_id, locationId: device.location_id };
    const route = await this.routing.route({ user: user.id, number: input.dst, callerId: input.src, deviceId: device.id, at, account }).catch((e) => {
      throw e instanceof RouteError ? new MorError(SwitchTexts.deviceNotFound) : e;
    });
    const reseller = user.owner_id > 0 ? await this.resellerOf(user.owner_id) : null;
    const [userRate, resellerRate] = await Promise.all([
      this.callRates.tariffRate(route.tariffId, user.id, route.localized, at),
      reseller ? this.callRates.tariffRate(reseller.tariff_id, null, route.localized, at) : null,
    ]);
    if (!userRate || (reseller && !resellerRate)) throw new Refusal(HangupCause.noRate);
    if (reseller && resellerRate && !reseller.allow_loss_calls && isLossCall(userRate.details, resellerRate.details, start)) throw new Refusal(HangupCause.lossCall);
    if (reseller?.blocked) throw new Refusal(HangupCause.userBlocked);
    if (route.routes.length === 0) throw new Refusal(HangupCause.noProvider);
    const routes = await this.routesWithinLimits(route.routes);
    const holds: Hold[] = [{ payerId: user.id, column: 'hold_amount', details: userRate.details, causes: [HangupCause.lowBalance, HangupCause.balanceUnderOneSecond] }];
    if (reseller && resellerRate) holds.push({ payerId: reseller.id, column: 'reseller_hold_amount', details: resellerRate.details, causes: [HangupCause.resellerLowBalance, HangupCause.resellerUnderOneSecond] });
    const limits: Plan['limits'] = [[HangupCause.userLimit, 'user_id', user.id, user.call_limit], [HangupCause.deviceLimit, 'src_device_id', device.id, device.call_limit]];
    if (reseller) limits.push([HangupCause.resellerLimit, 'reseller_id', reseller.id, reseller.call_limit]);
    return {
      userId: user.id, ownerId: user.owner_id, resellerId: reseller?.id ?? 0, deviceId: device.id, localized: route.localized, prefix: userRate.prefix,
      routes, did: null, holds, limits, answerLimits: [...limits.map(([, , , limit]) => limit), routes[0].callLimit],
    };
  }

  /** The calling card the request names (number + PIN, or `card_pinless=1`: bound to the caller id `src`), or null. */
  private cardLookup(input: CallAuthorizeDto, at: Date): CardLookup | null {
    if (input.card_number && !input.card_pin) throw new MorError(SwitchTexts.cardPinMissing);
    if (input.card_number) return (m) => this.cards.byNumberAndPin(m, input.card_number!, input.card_pin!, at);
    if (input.card_pinless !== '1') return null;
    if (!input.src) throw new MorError(SwitchTexts.cardSrcMissing);
    return (m) => this.cards.byCallerId(m, input.src!, at);
  }

  /**
   * A calling card call: the card's group gives the tariff, LCR and location; the card holds what
   * the maximum duration costs (activecalls.card_id); the device (or trunk) placing it pays nothing.
   */
  private async planCard(caller: CallerSide, lookup: CardLookup, input: CallAuthorizeDto, at: Date): Promise<Plan> {
    const found = await lookup(this.db.manager);
    if (!found.ok) throw new Refusal(CARD_CAUSE[found.refusal]);
    const { card, group, tariffId, lcrId, locationId } = found.payer;
    const route = await this.routing.route({
      user: 0, number: input.dst, callerId: input.src, at, account: { lcrId: lcrId || null, tariffId: tariffId || null, locationId: locationId || GLOBAL_LOCATION_ID },
    });
    const rate = await this.callRates.tariffRate(tariffId || null, null, route.localized, at);
    if (!rate) throw new Refusal(HangupCause.noRate);
    if (route.routes.length === 0) throw new Refusal(HangupCause.noProvider);
    const routes = await this.routesWithinLimits(route.routes);
    const device = 'device' in caller ? caller.device : null;
    return {
      userId: 0, ownerId: group.owner_id, resellerId: 0, deviceId: device?.id ?? 0, localized: route.localized, prefix: rate.prefix, routes, did: null, cardId: card.id,
      holds: [{ payerId: 0, column: 'hold_amount', details: rate.details, causes: [HangupCause.lowBalance, HangupCause.balanceUnderOneSecond], card: { id: card.id, lookup } }],
      limits: device ? [[HangupCause.deviceLimit, 'src_device_id', device.id, device.call_limit]] : [],
      answerLimits: [device?.call_limit ?? 0, routes[0].callLimit],
    };
  }

  private async resellerOf(ownerId: number) {
    const [row] = await runSql(this.db.manager, "SELECT id, tariff_id, blocked, call_limit, allow_loss_calls FROM users WHERE id = ? AND usertype = 'reseller'", [ownerId]);
    return row ? { id: Number(row.id), tariff_id: row.tariff_id === null ? null : Number(row.tariff_id), blocked: Number(row.blocked), call_limit: Number(row.call_limit), allow_loss_calls: Number(row.allow_loss_calls) } : null;
  }

  /** The route list with each provider's technical details, without providers at their call limit (223 when none is left). */
  private async routesWithinLimits(steps: Awaited<ReturnType<RouteService['route']>>['routes']): Promise<RouteOut[]> {
    const ids = [...new Set(steps.map((s) => s.providerId))];
    const marks = ids.map(() => '?').join(', ');
    const providers = await this.providers.get(ids.join(','), () => runSql(this.db.manager, `SELECT id, tech, channel, ipaddr, server_ip, port, timeout, call_limit FROM providers WHERE id IN (${marks})`, ids));
    // Calls in progress are counted only when some provider has a limit.
    const busy = providers.some((p: Record<string, unknown>) => Number(p.call_limit) > 0)
      ? await runSql(this.db.manager, `SELECT provider_id, COUNT(*) AS n FROM activecalls WHERE provider_id IN (${marks}) GROUP BY provider_id`, ids)
      : [];
    const byId = new Map<number, Record<string, unknown>>(providers.map((p: Record<string, unknown>) => [Number(p.id), p]));
    const inUse = new Map<number, number>(busy.map((b: Record<string, unknown>) => [Number(b.provider_id), Number(b.n)]));
    const routes = steps.filter((s) => {
      const limit = Number(byId.get(s.providerId)?.call_limit ?? 0);
      return limit === 0 || (inUse.get(s.providerId) ?? 0) < limit;
    });
    if (routes.length === 0) throw new Refusal(HangupCause.providerLimit);
    return routes.map((s) => {
      const p = byId.get(s.providerId)!;
      return {
        providerId: s.providerId, providerName: s.providerName, number: s.number, callerId: s.callerId ?? '', tech: String(p.tech), channel: String(p.channel),
        host: String(p.ipaddr || p.server_ip), port: Number(p.port), timeout: Number(p.timeout), rate: s.price, callLimit: Number(p.call_limit),
      };
    });
  }

  /**
   * In one transaction, with the payers' rows locked: the call limits, the maximum duration every
   * payer can afford beside its other calls in progress, and the active call holding that much.
   */
  private async hold(plan: Plan, input: CallAuthorizeDto, at: Date, start: CallStart): Promise<number> {
    try {
      return await retryOnLockConflict(() => this.db.transaction(async (m) => {
        const payers = await lockPayers(m, plan.holds.map((h) => h.payerId));
        await this.checkLimits(m, plan.limits, '');
        const funds = [];
        for (const h of plan.holds) funds.push(await this.fundsOf(m, h, payers.get(h.payerId) ?? null, start));
        const max = Math.min(MAX_CALL_SECONDS, ...funds.map((f) => f.max));
        const amounts = funds.map((f) => (f.limited ? f.price(max) : new Decimal(0)));
        await this.insertActive(m, plan, input, at, max, amounts);
        return max;
      }));
    } catch (e) {
      if (violates(e, ACTIVE_UNIQUEID)) throw new MorError(SwitchTexts.duplicate);
      throw e;
    }
  }

  /** What a payer (its row locked: lockPayers) can afford beside its other calls in progress. */
  private async fundsOf(m: EntityManager, h: Hold, payer: Payer | null, start: CallStart) {
    const price = priceOf(h.details, start);
    if (h.card) return this.cardFunds(m, h.card, price, h.causes);
    if (!payer) return { max: MAX_CALL_SECONDS, limited: false, price };
    const available = await spendableNow(m, payer, h.column);
    const max = maxDuration(price, available, MAX_CALL_SECONDS);
    if (max === 0) throw new Refusal(payer.balance.greaterThan(0) ? h.causes[1] : h.causes[0]);
    return { max, limited: available !== null, price };
  }

  /** What a calling card can afford, its row locked so concurrent authorizations of one card see each other's holds. */
  private async cardFunds(m: EntityManager, card: NonNullable<Hold['card']>, price: ReturnType<typeof priceOf>, causes: [number, number]) {
    await runSql(m, `SELECT id FROM cards WHERE id = ?${m.connection.options.type === 'mysql' ? ' FOR UPDATE' : ''}`, [card.id]);
    const found = await card.lookup(m);
    if (!found.ok) throw new Refusal(CARD_CAUSE[found.refusal]);
    const max = maxDuration(price, found.payer.spendable, MAX_CALL_SECONDS);
    if (max === 0) throw new Refusal(money(found.payer.card.balance).greaterThan(0) ? causes[1] : causes[0]);
    return { max, limited: true, price };
  }

  /** Refuses with the first limit reached: `status` '' counts every active call, 'answered' only answered ones. */
  async checkLimits(m: EntityManager, limits: Plan['limits'], status: '' | 'answered', exceptUniqueid = ''): Promise<void> {
    for (const [cause, column, id, limit] of limits) {
      if (limit <= 0 || id <= 0) continue;
      const [row] = await runSql(m,
        `SELECT COUNT(*) AS n FROM activecalls WHERE ${column} = ? AND uniqueid <> ?${status ? " AND status = 'answered'" : ''}`, [id, exceptUniqueid],
      );
      if (Number(row.n) >= limit) throw new Refusal(cause);
    }
  }

  private async insertActive(m: EntityManager, plan: Plan, input: CallAuthorizeDto, at: Date, max: number, amounts: Decimal[]): Promise<void> {
    const hold = plan.holds.findIndex((h) => h.column === 'hold_amount');
    const resellerHold = plan.holds.findIndex((h) => h.column === 'reseller_hold_amount');
    const first = plan.routes[0];
    await runSql(m,
      'INSERT INTO activecalls (uniqueid, start_time, src, dst, localized_dst, prefix, src_device_id, dst_device_id, user_id, owner_id, provider_id, did_id, ' +
        'user_rate, max_duration, hold_amount, reseller_hold_amount, status, payer_id, reseller_id, dst_user_id, did_provider_id, card_id, answer_limited) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        input.uniqueid, sqlDateTime(at), input.src ?? '', input.dst, plan.localized, plan.prefix, plan.deviceId, plan.did?.device_id ?? 0, plan.userId, plan.ownerId,
        first?.providerId ?? 0, plan.did?.id ?? 0, toStorage(first?.rate ?? 0), max, toStorage(hold >= 0 ? amounts[hold] : 0),
        toStorage(resellerHold >= 0 ? amounts[resellerHold] : 0), 'authorized', plan.holds[0]?.payerId ?? 0, plan.resellerId, plan.did?.user_id ?? 0, plan.did?.provider_id ?? 0,
        plan.cardId ?? 0, plan.answerLimits.some((limit) => limit > 0) ? 1 : 0,
      ],
    );
  }
}

export { Refusal };
