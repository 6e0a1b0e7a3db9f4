import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { runSql } from '../../database/raw';
import { bandRate, rateCall } from '../../billing/call-rating';
import { Decimal, money, toStorage } from '../../billing/money';
import { violates } from '../../database/unique';
import { clearOnWrite } from '../../database/table-writes';
import { TtlCache } from '../../database/ttl-cache';
import { type LedgerAccountType, type LedgerKind, byLockOrder, changeBalance, changeBalancesOfNewCause, sqlDateTime } from '../../ledger/ledger';
import { callStartOf } from '../tariffs/rate-lookup.service';
import { CallRatesService, RateMemo } from './call-rates.service';
import { pricingTariffs } from './payer';

export const CDR_UNIQUEID = { table: 'calls', column: 'uniqueid', name: 'ux_calls_uniqueid' };

/** What is known of a finished call before it is rated. */
export interface CallFacts {
  uniqueid: string;
  calldate: Date;
  src: string;
  dst: string;
  localized: string;
  userId: number;
  deviceId: number;
  providerId: number;
  didId: number;
  didProviderId: number;
  dstUserId: number;
  dstDeviceId: number;
  billsec: number;
  duration: number;
  /** The DID leg's billable time (B→E). */
  didBillsec: number;
  disposition: string;
  hangupcause: number;
  /** The calling card that pays instead of a user (its group's tariff prices the user part), 0 or absent for none. */
  cardId?: number;
  /** Seconds a flat-rate subscription covers: the user part is rated on billsec minus these. */
  coveredSeconds?: number;
}

/** A CDR as stored: the facts and every party's rate, billed seconds and price (storage text). */
export interface Cdr extends CallFacts {
  resellerId: number;
  prefix: string;
  destination: string;
  prices: Record<PricedParty, { rate: string; billsec: number; price: string }>;
}

export type PricedParty = 'user' | 'reseller' | 'provider' | 'didIncoming' | 'didOwner' | 'didProvider';
export const PARTIES: PricedParty[] = ['user', 'reseller', 'provider', 'didIncoming', 'didOwner', 'didProvider'];

/** One balance change a CDR causes. */
export interface Charge {
  account: LedgerAccountType;
  accountId: number;
  amount: Decimal;
}

/**
 * Rates finished calls with the pricing core and records them: the CDR row and, in the same
 * transaction, every balance it changes through the ledger, keyed by the call's uniqueid (so a
 * retry charges nothing twice). Used by call_end, `calls import` and `calls rerate`.
 */
@Injectable()
export class CallChargerService {
  /**
   * The rows pricingTariffs reads (a user's owner and tariff, a card group's tariff): reference
   * data as the routing caches are (ttl-cache.ts); a balance change does not clear it (table-writes.ts).
   */
  private readonly payerRows: TtlCache<string, Record<string, unknown>[]>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly callRates: CallRatesService,
  ) {
    this.payerRows = clearOnWrite(db, ['users', 'cards', 'cardgroups'], new TtlCache<string, Record<string, unknown>[]>(null));
  }

  /** Prices a call for every party (reads tariffs; no transaction needed). A memo serves batch jobs. */
  async rate(facts: CallFacts, memo?: RateMemo): Promise<Cdr> {
    const cache = memo ?? this.payerRows;
    const read = (sql: string, id: number): Promise<Record<string, unknown>[]> => cache.get(`${sql}|${id}`, () => runSql(this.db.manager, sql, [id]));
    const payers = await pricingTariffs(read, facts.userId, facts.cardId);
    const number = facts.localized || facts.dst;
    const found = await this.callRates.ratesOf({
      // An incoming DID call is priced on the DID's rates only (it rings a local device).
      userId: facts.userId, userTariffId: facts.didId ? null : payers.userTariffId, resellerTariffId: facts.didId ? null : payers.resellerTariffId,
      providerId: facts.providerId, didId: facts.didId, number, at: facts.calldate,
    }, memo);
    const start = callStartOf(facts.calldate);
    const rated = rateCall(found.rates, start, facts.billsec, facts.didBillsec);
    if (facts.coveredSeconds && found.rates.user) rated.user = rateCall({ user: found.rates.user }, start, facts.billsec - facts.coveredSeconds).user;
    const prices = {} as Cdr['prices'];
    for (const party of PARTIES) {
      const p = rated[party];
      prices[party] = { rate: toStorage(bandRate(found.rates[party], start)), billsec: p?.billedSeconds ?? 0, price: toStorage(p?.price ?? 0) };
    }
    return { ...facts, resellerId: payers.resellerId, prefix: found.prefix, destination: found.destination, prices };
  }

  /** The balance changes of a CDR, one per account (amounts of one account summed; zero left out). */
  chargesOf(cdr: Cdr): Charge[] {
    const byAccount = new Map<string, Charge>();
    for (const [account, accountId, price] of paidParts(cdr)) {
      if (!accountId || money(price).isZero()) continue;
      const key = `${account}:${accountId}`;
      const known = byAccount.get(key);
      byAccount.set(key, { account, accountId, amount: (known?.amount ?? new Decimal(0)).minus(money(price)) });
    }
    return [...byAccount.values()];
  }

  /**
   * Inserts the CDR in `m`. A CDR with this uniqueid stored already (a retry, a concurrent
   * duplicate) makes the insert fail on the unique index (isDuplicate), and then nothing is charged:
   * the charges' ledger key is the CDR's, new once the insert succeeded.
   */
  async insert(m: EntityManager, cdr: Cdr): Promise<void> {
    await runSql(m, INSERT_CDR, cdrValues(cdr));
  }

  /** Applies the charges of a CDR just inserted in `m` (insert), accounts in lock order. */
  async charge(m: EntityManager, cdr: Cdr): Promise<void> {
    // One statement after another, never sent together: after a deadlock or a Galera brute-force
    // abort MariaDB has rolled the transaction back, and statements already queued behind the
    // failed one would run on the connection outside any transaction (committed, then charged again by the retry).
    const description = `Call ${cdr.uniqueid}`.slice(0, 255);
    await changeBalancesOfNewCause(m, ordered(this.chargesOf(cdr)).map((c) => ({ account: c.account, accountId: c.accountId, kind: 'call', causeId: cdr.uniqueid, amount: c.amount, description, at: cdr.calldate })));
  }

  async applyCharges(m: EntityManager, charges: Charge[], kind: LedgerKind, causeId: string, at?: Date): Promise<void> {
    for (const c of ordered(charges)) {
      await changeBalance(m, { account: c.account, accountId: c.accountId, kind, causeId, amount: c.amount, description: `${kind === 'call' ? 'Call' : kind} ${causeId}`.slice(0, 255), at });
    }
  }

  /** Whether an error is the CDR unique index refusing a second insert of one uniqueid. */
  isDuplicate(error: unknown): boolean {
    return violates(error, CDR_UNIQUEID);
  }
}

/** Charges with accounts in one fixed order (byLockOrder, then by id), so concurrent transactions lock rows alike. */
const ordered = (charges: Charge[]): Charge[] => [...charges].sort((a, b) => byLockOrder(a.account, b.account) || a.accountId - b.accountId);

/** Who pays each price of a CDR: [account type, account id (0 = nobody), price]. */
export function paidParts(cdr: Cdr): [LedgerAccountType, number, string][] {
  return [
    ['user', cdr.userId, cdr.prices.user.price], ['user', cdr.resellerId, cdr.prices.reseller.price], ['provider', cdr.providerId, cdr.prices.provider.price],
    ['user', cdr.dstUserId, cdr.prices.didIncoming.price], ['provider', cdr.didProviderId, cdr.prices.didProvider.price],
  ];
}

export const CDR_COLUMNS = [
  'calldate', 'clid', 'src', 'dst', 'localized_dst', 'duration', 'billsec', 'real_duration', 'real_billsec', 'disposition', 'hangupcause', 'uniqueid',
  'prefix', 'destination', 'src_device_id', 'dst_device_id', 'dst_user_id', 'user_id', 'user_rate', 'user_billsec', 'user_price',
  'reseller_id', 'reseller_rate', 'reseller_billsec', 'reseller_price', 'provider_id', 'provider_rate', 'provider_billsec', 'provider_price',
  'did_id', 'did_provider_id', 'did_price', 'did_inc_price', 'did_prov_price', 'did_billsec', 'card_id',
];

const INSERT_CDR = `INSERT INTO calls (${CDR_COLUMNS.join(', ')}) VALUES (${CDR_COLUMNS.map(() => '?').join(', ')})`;

export function cdrValues(c: Cdr): (string | number)[] {
  const p = c.prices;
  return [
    sqlDateTime(c.calldate), c.src, c.src, c.dst, c.localized, c.duration, c.billsec, c.duration, c.billsec, c.disposition, c.hangupcause, c.uniqueid,
    c.prefix, c.destination.slice(0, 255), c.deviceId, c.dstDeviceId, c.dstUserId, c.userId, p.user.rate, p.user.billsec, p.user.price,
    c.resellerId, p.reseller.rate, p.reseller.billsec, p.reseller.price, c.providerId, p.provider.rate, p.provider.billsec, p.provider.price,
    c.didId, c.didProviderId, p.didOwner.price, p.didIncoming.price, p.didProvider.price, Math.max(p.didIncoming.billsec, p.didProvider.billsec, p.didOwner.billsec), c.cardId ?? 0,
  ];
}
