import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Decimal, money, toStorage } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';
import { CallChargerService, type Cdr, type Charge } from './call-charger.service';
import { RateMemo } from './call-rates.service';
import { dateText } from './calls-query.service';

export interface RerateResult {
  checked: number;
  changed: number;
  /** Sum of the users' price differences (new − old): what their balances went down by. */
  userDifference: Decimal;
}

const PAGE = 500;
const PRICE_COLUMNS = ['user', 'reseller', 'provider'] as const;

/**
 * `calls rerate --from --till [--user]`: every CDR of the period rated again with today's
 * tariffs; where a price changed, the CDR takes the new rates and prices and each balance moves
 * by exactly the difference (ledger kind 'rerate', cause `<uniqueid>#<n>` for the n-th rerate of
 * that call), in one transaction per call, the stored prices re-read under lock. A card call's user
 * part moves the card's balance; seconds that flat-rate minutes paid for stay free.
 */
@Injectable()
export class RerateService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly charger: CallChargerService,
  ) {}

  async rerate(from: Date, till: Date, userId?: number, onProgress: (checked: number) => void = () => undefined): Promise<RerateResult> {
    const memo = new RateMemo();
    const result: RerateResult = { checked: 0, changed: 0, userDifference: new Decimal(0) };
    let lastId = 0;
    for (;;) {
      const rows: Record<string, unknown>[] = await this.db.query(
        `SELECT * FROM calls WHERE calldate >= ? AND calldate <= ?${userId === undefined ? '' : ' AND user_id = ?'} AND id > ? ORDER BY id LIMIT ${PAGE}`,
        [sqlDateTime(from), sqlDateTime(till), ...(userId === undefined ? [] : [userId]), lastId],
      );
      if (rows.length === 0) return result;
      lastId = Number(rows[rows.length - 1].id);
      for (const row of rows) {
        const fresh = await this.charger.rate({ ...factsOfCdr(row), coveredSeconds: await this.flatRateSeconds(String(row.uniqueid)) }, memo);
        const difference = await this.db.transaction((m) => this.apply(m, row, fresh));
        result.checked++;
        if (difference) {
          result.changed++;
          result.userDifference = result.userDifference.plus(difference);
        }
      }
      onProgress(result.checked);
    }
  }

  /** The seconds of this call that flat-rate minutes paid for (they stay free when it is rated again). */
  private async flatRateSeconds(uniqueid: string): Promise<number> {
    const [row] = await this.db.query('SELECT COALESCE(SUM(seconds), 0) AS s FROM flatrate_usage WHERE uniqueid = ?', [uniqueid]);
    return Number(row?.s ?? 0);
  }

  /** A CDR's charges as call_end made them: a calling card, not a user, pays the user part of a card call. */
  private chargesOf(cdr: Cdr): Charge[] {
    const charges = this.charger.chargesOf(cdr);
    const userPrice = money(cdr.prices.user.price);
    if (!cdr.cardId || userPrice.isZero()) return charges;
    return [...charges, { account: 'card', accountId: cdr.cardId, amount: userPrice.negated() }];
  }

  /** Applies a new rating to one CDR; the user's price difference, or null when nothing changed. */
  private async apply(m: EntityManager, row: Record<string, unknown>, fresh: Cdr): Promise<Decimal | null> {
    const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
    const [stored] = await m.query(`SELECT * FROM calls WHERE id = ?${lock}`, [Number(row.id)]);
    if (!stored) return null;
    const before = storedPrices(stored);
    const changed = (Object.keys(before) as (keyof Cdr['prices'])[]).some((p) => !money(before[p].price).equals(money(fresh.prices[p].price)));
    if (!changed && Number(stored.reseller_id) === fresh.resellerId) return null;
    const old = this.chargesOf({ ...fresh, resellerId: Number(stored.reseller_id), prices: before });
    const now = this.chargesOf(fresh);
    const delta = new Map<string, Charge>();
    for (const [sign, list] of [[-1, old], [1, now]] as const) {
      for (const c of list) {
        const key = `${c.account}:${c.accountId}`;
        const amount = sign === 1 ? c.amount : c.amount.negated();
        const known = delta.get(key);
        delta.set(key, known ? { ...known, amount: known.amount.plus(amount) } : { ...c, amount });
      }
    }
    const count = Number(stored.rerate_count) + 1;
    await m.query(
      'UPDATE calls SET user_rate = ?, user_billsec = ?, user_price = ?, reseller_rate = ?, reseller_billsec = ?, reseller_price = ?, provider_rate = ?, provider_billsec = ?, provider_price = ?, ' +
        'did_inc_price = ?, did_prov_price = ?, did_price = ?, reseller_id = ?, rerate_count = ? WHERE id = ?',
      [
        ...PRICE_COLUMNS.flatMap((p) => [fresh.prices[p].rate, fresh.prices[p].billsec, fresh.prices[p].price]),
        fresh.prices.didIncoming.price, fresh.prices.didProvider.price, fresh.prices.didOwner.price, fresh.resellerId, count, Number(stored.id),
      ],
    );
    await this.charger.applyCharges(m, [...delta.values()].filter((c) => !c.amount.isZero()), 'rerate', `${stored.uniqueid}#${count}`);
    return money(fresh.prices.user.price).minus(money(stored.user_price));
  }
}

/** The prices a CDR row holds, in the Cdr shape chargesOf reads. */
function storedPrices(r: Record<string, unknown>): Cdr['prices'] {
  const p = (price: unknown) => ({ rate: '0', billsec: 0, price: toStorage(money(price as string)) });
  return {
    user: p(r.user_price), reseller: p(r.reseller_price), provider: p(r.provider_price),
    didIncoming: p(r.did_inc_price), didOwner: p(r.did_price), didProvider: p(r.did_prov_price),
  };
}

/** A stored CDR back as the facts rating reads. */
export function factsOfCdr(r: Record<string, unknown>) {
  const n = (v: unknown) => Number(v ?? 0);
  return {
    uniqueid: String(r.uniqueid), calldate: new Date(`${dateText(r.calldate).replace(' ', 'T')}Z`), src: String(r.src), dst: String(r.dst),
    localized: String(r.localized_dst || r.dst), userId: n(r.user_id), deviceId: n(r.src_device_id), providerId: n(r.provider_id), didId: n(r.did_id),
    didProviderId: n(r.did_provider_id), dstUserId: n(r.dst_user_id), dstDeviceId: n(r.dst_device_id), billsec: n(r.billsec), duration: n(r.duration),
    didBillsec: n(r.did_billsec) || n(r.duration), disposition: String(r.disposition), hangupcause: n(r.hangupcause), cardId: n(r.card_id),
  };
}
