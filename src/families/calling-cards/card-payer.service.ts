import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CardRefusal, cardRefusal, dailyChargeDays, spendable } from '../../billing/card-use';
import { Decimal, type DecimalInput, money } from '../../billing/money';
import { TaxSet, taxSetOf } from '../../billing/tax-set';
import { moneySql } from '../../database/exact-money';
import { fromRowAsFind } from '../../database/raw';
import { AppliedChange, changeBalance, sqlDateTime } from '../../ledger/ledger';
import { Card, CardGroup } from './calling-card.entity';
import { lockRows } from './card-access';

/** A card able to pay for a call, with what rating and routing need from its group. */
export interface PayerCard {
  card: Card;
  group: CardGroup;
  /** The group's retail tariff, LCR and location (dialing rules) for this call. */
  tariffId: number;
  lcrId: number;
  locationId: number;
  taxes: TaxSet;
  /** What the card may spend now: balance − minimum − setup fee still due − what its calls in progress hold. */
  spendable: Decimal;
}

export type PayerLookup = { ok: true; payer: PayerCard } | { ok: false; refusal: CardRefusal };

/**
 * The calling card as the payer of a call, for call_authorize / call_end (the calls family):
 * - `byNumberAndPin` (IVR: the caller typed both) or `byCallerId` (pinless: the caller id is bound
 *   to a card by card_by_cli_update) find the card, check it may pay now and give its group's
 *   tariff, LCR, location and taxes and the amount it may spend (authorize: maximum duration from
 *   `spendable` and the rate; hold it in activecalls.hold_amount with activecalls.card_id set);
 * - `debit` (call_end) charges the rated price once per call uniqueid (ledger kind `call`), on the
 *   first connected call also the group's setup fee, and marks the card's first use.
 * Every method runs inside the caller's transaction `m`.
 */
@Injectable()
export class CardPayerService {
  async byNumberAndPin(m: EntityManager, number: string, pin: string, now = new Date()): Promise<PayerLookup> {
    return this.lookup(m, 'number = ? AND pin = ?', [number, pin], now);
  }

  async byCallerId(m: EntityManager, callerId: string, now = new Date()): Promise<PayerLookup> {
    return this.lookup(m, 'callerid = ?', [callerId], now);
  }

  /**
   * Charges a finished call: `amount` (the rated price, ≥ 0) off the card's balance, once per
   * uniqueid; an answered call also settles the setup fee (once per card) and sets first use.
   */
  async debit(m: EntityManager, cardId: number, call: { uniqueid: string; amount: DecimalInput; answered: boolean; at?: Date }): Promise<AppliedChange> {
    const at = call.at ?? new Date();
    if (call.answered) {
      // The card row locked (a locking read sees the newest commit): of two first calls ending at once, one pays the setup fee.
      const [card] = await m.query(`SELECT first_use, cardgroup_id FROM cards WHERE id = ?${lockRows(m)}`, [cardId]);
      if (card && (card.first_use === null || card.first_use === undefined)) {
        const [group] = await m.query('SELECT setup_fee FROM cardgroups WHERE id = ?', [card.cardgroup_id]);
        if (group && money(group.setup_fee).greaterThan(0)) {
          await changeBalance(m, { account: 'card', accountId: cardId, kind: 'card', causeId: `setup:${cardId}`, amount: money(group.setup_fee).negated(), description: 'Card setup fee', at });
        }
        await m.query('UPDATE cards SET first_use = ? WHERE id = ?', [sqlDateTime(at), cardId]);
      }
    }
    return changeBalance(m, { account: 'card', accountId: cardId, kind: 'call', causeId: call.uniqueid, amount: money(call.amount).negated(), description: 'Call', at });
  }

  /** The group's daily charge for every day since first use not yet paid (one ledger row per day, idempotent). */
  async chargeDaily(m: EntityManager, cardId: number, now = new Date()): Promise<number> {
    const rows = await m.query(`SELECT * FROM cards WHERE id = ?${lockRows(m)}`, [cardId]);
    if (rows.length === 0) return 0;
    const card = fromRowAsFind(m.connection, Card, rows[0]);
    const group = await m.getRepository(CardGroup).findOneByOrFail({ id: card.cardgroup_id });
    const days = money(group.daily_charge).greaterThan(0) ? dailyChargeDays(asDate(card.first_use), asDate(card.daily_charge_paid_till), now) : [];
    for (const day of days) {
      await changeBalance(m, { account: 'card', accountId: cardId, kind: 'card', causeId: `daily:${cardId}:${day}`, amount: money(group.daily_charge).negated(), description: `Daily charge ${day}`, at: now });
    }
    if (days.length > 0) await m.query('UPDATE cards SET daily_charge_paid_till = ? WHERE id = ?', [`${days[days.length - 1]} 00:00:00`, cardId]);
    return days.length;
  }

  private async lookup(m: EntityManager, where: string, values: string[], now: Date): Promise<PayerLookup> {
    const rows = await m.query(`SELECT * FROM cards WHERE ${where}`, values);
    if (rows.length === 0) return { ok: false, refusal: 'not_found' };
    const card = fromRowAsFind(m.connection, Card, rows[0]);
    const group = await m.getRepository(CardGroup).findOneByOrFail({ id: card.cardgroup_id });
    const [calls] = await m.query(`SELECT COUNT(*) AS n, ${moneySql(m).sum('hold_amount')} AS held FROM activecalls WHERE card_id = ?`, [card.id]);
    const state = {
      sold: card.sold === 1, disabled: card.disabled === 1 || group.hidden === 1, firstUse: asDate(card.first_use), validFrom: asDate(group.valid_from), validTill: asDate(group.valid_till),
      validAfterFirstUse: group.valid_after_first_use, balance: card.balance, minBalance: card.min_balance, setupFee: group.setup_fee,
      held: calls?.held ?? '0', solo: group.solo_pinless === 1 && where.startsWith('callerid'), activeCalls: Number(calls?.n ?? 0),
    };
    const refusal = cardRefusal(state, now);
    if (refusal) return { ok: false, refusal };
    return {
      ok: true,
      payer: { card, group, tariffId: group.tariff_id, lcrId: group.lcr_id, locationId: group.location_id, taxes: taxSetOf(group), spendable: spendable(state) },
    };
  }
}

/** Datetime columns read as a find reads them: Date on both databases (SQLite text is UTC). */
function asDate(value: Date | string | null): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
}
