import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { runSql, writeSql } from '../../database/raw';
import { MorError } from '../../api/mor-error';
import { HangupCause } from '../../billing/call-rating';
import { toStorage } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';
import { Metrics } from '../../ops/metrics';
import { CallAuthorizationService, Refusal } from './call-authorization.service';
import { type CallFacts, type Cdr, CallChargerService } from './call-charger.service';
import { type Taken, takeSeconds } from '../../billing/flat-rate';
import { consumeFlatRate, coveringAllowances, flatRateCovers, hasFlatRate } from '../services/flat-rate';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { CardPayerService } from '../calling-cards/card-payer.service';
import { lockUsers, retryOnLockConflict } from './payer';
import { type CallEndDto, SwitchTexts } from './dto/switch.dto';

/** The columns of an active call that call_start and call_end read (not `*`: the row has 30, each one a cost to turn into JS). */
const ACTIVE_COLUMNS = [
  'uniqueid', 'start_time', 'src', 'dst', 'localized_dst', 'user_id', 'src_device_id', 'dst_device_id', 'dst_user_id', 'provider_id', 'did_id', 'did_provider_id',
  'reseller_id', 'card_id', 'status',
] as const;

/** An active call as call_start and call_end read it. */
interface ActiveRow {
  uniqueid: string;
  start_time: Date | string;
  src: string;
  dst: string;
  localized_dst: string;
  user_id: number;
  src_device_id: number;
  dst_device_id: number;
  dst_user_id: number;
  provider_id: number;
  did_id: number;
  did_provider_id: number;
  reseller_id: number;
  card_id: number;
  status: string;
}

export interface StartResult {
  answered: boolean;
  cause: number;
}

/** A finished call as call_end answers it (the same on every retry: read back from the CDR). */
export type EndedCall = Record<string, string>;

/** The call limits of an active call's parties, read with the call (null when the party is absent). */
interface CallLimits {
  did_limit: number | null;
  user_limit: number | null;
  device_limit: number | null;
  reseller_limit: number | null;
  provider_limit: number | null;
}

const LIMIT_COLUMNS = 'dd.call_limit AS did_limit, uu.call_limit AS user_limit, dv.call_limit AS device_limit, ru.call_limit AS reseller_limit, pr.call_limit AS provider_limit';
const LIMIT_JOINS = 'LEFT JOIN dids dd ON dd.id = a.did_id LEFT JOIN users uu ON uu.id = a.user_id LEFT JOIN devices dv ON dv.id = a.src_device_id ' +
  'LEFT JOIN users ru ON ru.id = a.reseller_id LEFT JOIN providers pr ON pr.id = a.provider_id';

/** call_start's read: the active call with its parties' limits. */
const START_READ = `SELECT ${ACTIVE_COLUMNS.map((c) => `a.${c}`).join(', ')}, ${LIMIT_COLUMNS} FROM activecalls a ${LIMIT_JOINS} WHERE a.uniqueid = ?`;
/** call_start's answer of a call authorized without limits on its parties. */
const ANSWER_UNLIMITED = "UPDATE activecalls SET status = 'answered', answer_time = ? WHERE uniqueid = ? AND status = 'authorized' AND answer_limited = 0";
/** call_end's read of the active call. */
const END_READ = `SELECT ${ACTIVE_COLUMNS.join(', ')} FROM activecalls WHERE uniqueid = ?`;

/** mor_rated_calls_total's kind per disposition (a fixed set). */
const RATED_KIND: Record<string, string> = { ANSWERED: 'answered', 'NO ANSWER': 'no_answer', BUSY: 'busy', FAILED: 'failed' };

/** call_end's answer from the CDR this request stored: the columns ended() reads back, as it prints them. */
function answerOf(c: Cdr): EndedCall {
  const p = c.prices;
  return {
    uniqueid: c.uniqueid, billsec: String(c.billsec), duration: String(c.duration), disposition: c.disposition, hangupcause: String(c.hangupcause), user_id: String(c.userId),
    user_price: p.user.price, reseller_price: p.reseller.price, provider_id: String(c.providerId), provider_price: p.provider.price,
    did_inc_price: p.didIncoming.price, did_prov_price: p.didProvider.price, did_price: p.didOwner.price,
  };
}

/** Flat-rate minutes cover only an answered outgoing call of a user (not a card's, not a DID's incoming one). */
const flatRateMayCover = (f: CallFacts): boolean => f.userId > 0 && !f.cardId && !f.didId && f.billsec > 0;

/** The active call was removed while its end was being recorded: the transaction is rolled back. */
class CallGone extends Error {}

const utc = (value: Date | string): Date => (value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`));

/**
 * call_start (the call is answered: simultaneous-call limits count answered calls) and call_end
 * (the CDR, rated for every party, the balances charged, the hold released), idempotent on uniqueid.
 */
@Injectable()
export class CallLifecycleService implements OnApplicationBootstrap {
  /**
   * Which users have a flat-rate subscription at all, as reference data (ttl-cache.ts): most have
   * none, and their calls then skip reading subscriptions. Minutes left are never cached.
   */
  private readonly flatRateUsers: TtlCache<number, boolean>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly authorization: CallAuthorizationService,
    private readonly charger: CallChargerService,
    private readonly cards: CardPayerService,
    private readonly metrics: Metrics,
  ) {
    this.flatRateUsers = clearOnWrite(db, ['subscriptions', 'services'], new TtlCache((userId: number) => hasFlatRate(db.manager, userId)));
  }

  /** The calls-in-progress gauge starts from the active calls the database holds (a restart keeps them). */
  async onApplicationBootstrap(): Promise<void> {
    const [row] = await runSql(this.db.manager, 'SELECT COUNT(*) AS n FROM activecalls');
    this.metrics.activeCalls.set(Number(row?.n ?? 0));
  }

  async start(uniqueid: string, at = new Date()): Promise<StartResult> {
    // A call none of whose parties had a limit when authorized is answered at once (one statement).
    const answered = await retryOnLockConflict(() => writeSql(this.db.manager, ANSWER_UNLIMITED, [sqlDateTime(at), uniqueid]));
    if (answered.affectedRows === 1) return { answered: true, cause: 0 };
    const [call] = await runSql<ActiveRow & CallLimits>(this.db.manager, START_READ, [uniqueid]);
    if (!call) throw new MorError(SwitchTexts.callNotFound);
    if (call.status === 'answered') return { answered: true, cause: 0 };
    const limits = this.limitsOf(call);
    if (limits.every(([, , id, limit]) => limit <= 0 || id <= 0)) {
      // No limit counts answered calls: answering is one atomic update (a call ended meanwhile is not found).
      const { affectedRows } = await retryOnLockConflict(() => writeSql(this.db.manager, "UPDATE activecalls SET status = 'answered', answer_time = ? WHERE uniqueid = ?", [sqlDateTime(at), uniqueid]));
      if (affectedRows === 0) throw new MorError(SwitchTexts.callNotFound);
      return { answered: true, cause: 0 };
    }
    const result = await retryOnLockConflict(() => this.db.transaction(async (m) => {
      const locked = await this.lockActive(m, uniqueid);
      if (!locked) throw new MorError(SwitchTexts.callNotFound);
      if (locked.status === 'answered') return { answered: true, cause: 0 };
      try {
        await this.authorization.checkLimits(m, limits, 'answered', uniqueid);
      } catch (e) {
        if (!(e instanceof Refusal)) throw e;
        // Refused at answer: the call ends here and its hold is released.
        await runSql(m, 'DELETE FROM activecalls WHERE uniqueid = ?', [uniqueid]);
        return { answered: false, cause: e.hangupCause };
      }
      await runSql(m, "UPDATE activecalls SET status = 'answered', answer_time = ? WHERE uniqueid = ?", [sqlDateTime(at), uniqueid]);
      return { answered: true, cause: 0 };
    }));
    if (!result.answered) this.metrics.callEnded();
    return result;
  }

  /** The limits of the user, device, reseller, provider and DID of an active call (read with it: LIMIT_COLUMNS). */
  private limitsOf(c: ActiveRow & CallLimits): [number, string, number, number][] {
    return [
      [HangupCause.didLimit, 'did_id', Number(c.did_id), Number(c.did_limit ?? 0)],
      [HangupCause.userLimit, 'user_id', Number(c.user_id), Number(c.user_limit ?? 0)],
      [HangupCause.deviceLimit, 'src_device_id', Number(c.src_device_id), Number(c.device_limit ?? 0)],
      [HangupCause.resellerLimit, 'reseller_id', Number(c.reseller_id), Number(c.reseller_limit ?? 0)],
      [HangupCause.providerLimit, 'provider_id', Number(c.provider_id), Number(c.provider_limit ?? 0)],
    ];
  }

  /**
   * The CDR of a call: rated outside the transaction, then in one transaction the CDR inserted, the
   * active call removed and the balances charged. A retry (or a concurrent duplicate) finds the CDR
   * and answers from it.
   */
  async end(input: CallEndDto): Promise<EndedCall> {
    const [active] = await runSql<ActiveRow>(this.db.manager, END_READ, [input.uniqueid]);
    if (!active) {
      // A retry of an ended call answers as the first request did.
      const done = await this.ended(this.db.manager, input.uniqueid);
      if (done) return done;
      throw new MorError(SwitchTexts.callNotFound);
    }
    const billsec = Number(input.billsec);
    const duration = input.duration ? Number(input.duration) : billsec;
    if (duration < billsec) throw new MorError(SwitchTexts.durationShort);
    if (input.provider_id && !(await runSql(this.db.manager, 'SELECT id FROM providers WHERE id = ?', [Number(input.provider_id)]))[0]) throw new MorError(SwitchTexts.providerNotFound);
    const facts = this.factsOf(active, input, billsec, duration);
    let recorded: Cdr | null = null;
    try {
      // Rated outside the transaction on the flat-rate minutes free then; taken again under the user's lock, and rated again if another call took them meanwhile.
      // A call that found no free minutes is rated without them (minutes are only ever used up: nothing to take again).
      for (let flat = await this.flatRateFree(facts); ;) {
        const cdr = await this.charger.rate({ ...facts, coveredSeconds: billsec - flat.rest });
        const done = await retryOnLockConflict(() => this.db.transaction(async (m) => {
          recorded = null;
          if (flat.taken.length > 0) {
            // The minutes are taken under the user's lock (users first, as authorization locks them).
            await lockUsers(m, [facts.userId, ...this.charger.chargesOf(cdr).filter((c) => c.account === 'user').map((c) => c.accountId)]);
            const now = await this.flatRateTake(m, facts);
            if (JSON.stringify(now) !== JSON.stringify(flat)) {
              flat = now;
              return false;
            }
          }
          await this.record(m, cdr, flat.taken);
          recorded = cdr;
          return true;
        }));
        if (done) break;
      }
    } catch (e) {
      // A duplicate CDR (a concurrent end of this call committed first), or the active call removed meanwhile (refused at answer).
      if (!this.charger.isDuplicate(e) && !(e instanceof CallGone)) throw e;
    }
    if (recorded) {
      this.metrics.callEnded();
      this.metrics.callRated(RATED_KIND[facts.disposition] ?? 'failed');
      return answerOf(recorded);
    }
    const answer = await this.ended(this.db.manager, input.uniqueid);
    if (!answer) throw new MorError(SwitchTexts.callNotFound);
    return answer;
  }

  /** flatRateTake before the transaction: subscriptions are read only for a user the cache says has one. */
  private async flatRateFree(facts: CallFacts): Promise<{ taken: Taken[]; rest: number }> {
    if (!flatRateMayCover(facts) || !(await this.flatRateUsers.get(facts.userId))) return { taken: [], rest: facts.billsec };
    return this.flatRateTake(this.db.manager, facts);
  }

  /** The flat-rate seconds a call takes from the user's subscriptions covering the number (read through `m`). */
  private async flatRateTake(m: EntityManager, facts: CallFacts): Promise<{ taken: Taken[]; rest: number }> {
    if (!flatRateMayCover(facts)) return { taken: [], rest: facts.billsec };
    return takeSeconds(facts.billsec, coveringAllowances(await flatRateCovers(m, facts.userId, facts.localized || facts.dst, facts.calldate)));
  }

  /**
   * The CDR (first: a concurrent end of the same call waits on its unique key, before any other
   * lock), the end of the active call, the charges (the accounts' rows, which every call of a user
   * or a provider takes turns on, locked last so they are held for the fewest statements), what the
   * call took of flat-rate minutes and of a calling card.
   */
  private async record(m: EntityManager, cdr: Cdr, taken: Taken[]): Promise<void> {
    await this.charger.insert(m, cdr);
    const { affectedRows } = await writeSql(m, 'DELETE FROM activecalls WHERE uniqueid = ?', [cdr.uniqueid]);
    if (affectedRows === 0) throw new CallGone();
    await this.charger.charge(m, cdr);
    await consumeFlatRate(m, { userId: cdr.userId, uniqueid: cdr.uniqueid, at: cdr.calldate }, taken);
    // A calling card pays the user part (the CDR's user_price): once per uniqueid, the setup fee with its first answered call.
    if (cdr.cardId) await this.cards.debit(m, cdr.cardId, { uniqueid: cdr.uniqueid, amount: cdr.prices.user.price, answered: cdr.disposition === 'ANSWERED' && cdr.billsec > 0 });
  }

  private factsOf(a: ActiveRow, input: CallEndDto, billsec: number, duration: number): CallFacts {
    const incoming = Number(a.did_id) > 0;
    return {
      uniqueid: a.uniqueid, calldate: utc(a.start_time), src: a.src, dst: a.dst, localized: a.localized_dst, userId: Number(a.user_id), deviceId: Number(a.src_device_id),
      providerId: incoming ? 0 : Number(input.provider_id || a.provider_id), didId: Number(a.did_id), didProviderId: Number(a.did_provider_id),
      dstUserId: Number(a.dst_user_id), dstDeviceId: Number(a.dst_device_id), billsec, duration, didBillsec: duration,
      disposition: input.disposition || (billsec > 0 ? 'ANSWERED' : 'NO ANSWER'), hangupcause: input.hangupcause ? Number(input.hangupcause) : 16,
      cardId: Number(a.card_id ?? 0),
    };
  }

  /** Locks an active call's row (MariaDB; SQLite's write transaction is already exclusive): its status, or null when it has ended. */
  private async lockActive(m: EntityManager, uniqueid: string): Promise<Pick<ActiveRow, 'status'> | null> {
    const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
    const [row] = await runSql(m, `SELECT status FROM activecalls WHERE uniqueid = ?${lock}`, [uniqueid]);
    return row ?? null;
  }

  /** call_end's answer, from the stored CDR (a retry, or a call another request ended). */
  private async ended(m: EntityManager, uniqueid: string): Promise<EndedCall | null> {
    const [c] = await runSql(m,
      'SELECT uniqueid, billsec, duration, disposition, hangupcause, user_id, user_price, reseller_price, provider_id, provider_price, did_inc_price, did_prov_price, did_price FROM calls WHERE uniqueid = ?',
      [uniqueid],
    );
    if (!c) return null;
    const out: EndedCall = {};
    for (const [key, value] of Object.entries(c as Record<string, unknown>)) out[key] = key.endsWith('_price') ? toStorage(value as string) : String(value);
    return out;
  }
}
