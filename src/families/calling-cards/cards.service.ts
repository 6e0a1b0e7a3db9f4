import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { isStorableDecimal } from '../../api/dto';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { accessibleUser, managedOwnerId } from '../../api/ownership';
import { fromDefaultCurrency, toDefaultCurrency } from '../../billing/currency';
import { formatAmount, money, toStorage } from '../../billing/money';
import { taxSetOf, withoutTax } from '../../billing/tax-set';
import { moneySql } from '../../database/exact-money';
import { fromRowAsFind } from '../../database/raw';
import { uniqueOr } from '../../database/unique';
import { changeBalance } from '../../ledger/ledger';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Card, CardGroup } from './calling-card.entity';
import { CardTexts, cardManagerOwner, lockRows, morTime, paramTitle, parseTimestamp } from './card-access';
import { CardBatchService } from './card-batch.service';
import { CardGroupsService, cardValue } from './card-groups.service';
import { currencyNamed, insertPayment } from './card-payments';

export const CARD_UNIQUE = {
  number: { table: 'cards', column: 'number', name: 'ux_cards_number' },
  pin: { table: 'cards', column: 'pin', name: 'ux_cards_pin' },
  callerid: { table: 'cards', column: 'callerid', name: 'ux_cards_callerid' },
} as const;

/** Calling cards: batches, search, changes, balance, top-ups and sales. */
@Injectable()
export class CardsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly groups: CardGroupsService,
    private readonly batches: CardBatchService,
    private readonly settings: SettingsService,
  ) {}

  /** calling_cards_create: `Cards created: N/M` (N new of the M numbers in the range). */
  async create(caller: Caller, p: Params): Promise<{ created: number; requested: number }> {
    return this.db.transaction(async (m) => {
      const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
      const group = await this.groups.find(m, ownerId, p.card_group_id);
      if (!group) throw new MorError(CardTexts.groupNotFound);
      if (p.min_balance !== undefined && p.min_balance !== '' && !isStorableDecimal(p.min_balance)) throw new MorError('Min balance is incorrect format');
      if ((p.batch_number ?? '').length > 255) throw new MorError('Batch number is incorrect format');
      if ((p.language ?? '').length > 10) throw new MorError('Language is incorrect format');
      let distributorId = 0;
      if (p.distributor_id !== undefined && p.distributor_id !== '') {
        const user = await accessibleUser(m, caller, p.distributor_id);
        if (!user) throw new MorError(Errors.userNotFound);
        distributorId = user.id;
      }
      return this.batches.create(m, group, { from: p.cards_from, till: p.cards_till, batchNumber: p.batch_number, minBalance: p.min_balance || '0', distributorId, language: p.language });
    });
  }

  /** calling_cards_get: the caller's cards matching every filter sent. */
  async search(caller: Caller, p: Params): Promise<Card[]> {
    const m = this.db.manager;
    const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
    const where = ['owner_id = ?'];
    const values: (string | number)[] = [ownerId];
    for (const [param, column] of [['number', 'number'], ['name', 'name'], ['pin', 'pin'], ['batch_number', 'batch_number'], ['callerid', 'callerid'], ['language', 'language']] as const) {
      if (p[param] === undefined || p[param] === '') continue;
      where.push(`${column} = ?`);
      values.push(p[param]);
    }
    for (const [param, op] of [['min_balance', '>='], ['max_balance', '<=']] as const) {
      if (p[param] === undefined || p[param] === '') continue;
      if (!isStorableDecimal(p[param])) throw new MorError(CardTexts.cardsNotFound);
      where.push(moneySql(m).compare('balance', op, '?'));
      values.push(toStorage(p[param].trim()));
    }
    if (p.sold === 'yes' || p.sold === 'no') where.push(`sold = ${p.sold === 'yes' ? 1 : 0}`);
    if (p.distributor !== undefined && p.distributor !== '') {
      where.push('distributor_id = ?');
      values.push(parseId(p.distributor) ?? -1);
    }
    const rows: Record<string, unknown>[] = await m.query(`SELECT * FROM cards WHERE ${where.join(' AND ')} ORDER BY id`, values);
    if (rows.length === 0) throw new MorError(CardTexts.cardsNotFound);
    return rows.map((row) => fromRowAsFind(m.connection, Card, row));
  }

  /** calling_card_update: the fields sent, each checked; number, PIN and caller id stay unique. */
  async update(caller: Caller, p: Params): Promise<void> {
    if (parseId(p.card_id) === null) throw new MorError(CardTexts.wrongCardId);
    await uniqueOr(() => this.db.transaction(async (m) => {
      const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
      const card = await m.getRepository(Card).findOneBy({ id: parseId(p.card_id)!, owner_id: ownerId });
      if (!card) throw new MorError(CardTexts.cardNotFoundShort);
      const group = await m.getRepository(CardGroup).findOneByOrFail({ id: card.cardgroup_id });
      const changes = await this.cardChanges(m, caller, card, group, p);
      if (Object.keys(changes).length > 0) await m.getRepository(Card).update(card.id, changes);
    }), [[CARD_UNIQUE.number, 'Number has already been taken'], [CARD_UNIQUE.pin, 'PIN has already been taken'], [CARD_UNIQUE.callerid, 'CallerID has already been taken']]);
  }

  private async cardChanges(m: EntityManager, caller: Caller, card: Card, group: CardGroup, p: Params): Promise<Partial<Card>> {
    const out: Partial<Card> = {};
    const bad = (param: string) => new MorError(`${param === 'pin' ? 'PIN' : paramTitle(param)} is incorrect format`);
    const uniqueDigits = async (param: 'number' | 'pin' | 'callerid', pattern: RegExp) => {
      const value = p[param];
      if (value === undefined || value === card[param]) return;
      if (param === 'callerid' && value === '') return void (out.callerid = null);
      if (!pattern.test(value)) throw bad(param);
      const taken = await m.query(`SELECT id FROM cards WHERE ${param} = ? AND id <> ?`, [value, card.id]);
      if (taken.length > 0) throw new MorError(`${param === 'pin' ? 'PIN' : paramTitle(param)} has already been taken`);
      out[param] = value;
    };
    await uniqueDigits('number', new RegExp(`^\\d{${group.number_length}}$`));
    await uniqueDigits('pin', new RegExp(`^\\d{${group.pin_length}}$`));
    await uniqueDigits('callerid', /^\d{1,30}$/);
    for (const [param, max] of [['name', 255], ['batch_number', 255], ['language', 10]] as const) {
      if (p[param] === undefined) continue;
      if (p[param].length > max) throw bad(param);
      out[param] = p[param];
    }
    if (p.min_balance !== undefined) {
      if (!isStorableDecimal(p.min_balance)) throw bad('min_balance');
      out.min_balance = toStorage(p.min_balance.trim());
    }
    if (p.daily_charge_paid_till !== undefined) {
      const at = parseTimestamp(p.daily_charge_paid_till);
      if (!at) throw bad('daily_charge_paid_till');
      out.daily_charge_paid_till = at;
    }
    if (p.first_use !== undefined) {
      const at = p.first_use === '-1' ? null : parseTimestamp(p.first_use);
      if (at === null && p.first_use !== '-1') throw bad('first_use');
      out.first_use = at;
    }
    if (p.distributor !== undefined) {
      const user = p.distributor === '0' ? null : await accessibleUser(m, caller, p.distributor);
      if (!user && p.distributor !== '0') throw new MorError(Errors.userNotFound);
      out.distributor_id = user?.id ?? 0;
    }
    return out;
  }

  /** card_balance_get: admin any card of its own, a reseller with Calling Cards its own; the raw balance. */
  async balance(caller: Caller, number: string | undefined): Promise<{ balance: string; currency: string }> {
    const m = this.db.manager;
    if (caller.role !== 'admin' && caller.role !== 'reseller') throw new MorError(CardTexts.notAuthorized);
    const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
    const rows: { balance: string | number }[] = await m.query('SELECT balance FROM cards WHERE number = ? AND owner_id = ?', [number ?? '', ownerId]);
    if (rows.length === 0) throw new MorError(CardTexts.cardNotFound);
    return { balance: money(rows[0].balance).toString(), currency: await this.groups.defaultCurrency() };
  }

  /**
   * card_payment_add: `amount` (tax included, in `currency`) → default currency → without the
   * group's taxes → onto the sold card's balance; a payment row and a ledger row (cause: the payment).
   */
  async payment(caller: Caller, p: Params) {
    if (!(await this.settings.flag(Setting.apiAllowPayments))) throw new MorError(CardTexts.featureDisabled);
    if (caller.role !== 'admin' && caller.role !== 'reseller') throw new MorError(Errors.accessDenied);
    const amountText = (p.amount ?? '').trim() || '0';
    if (!isStorableDecimal(amountText)) throw new MorError('Amount is incorrect format');
    // Read before the transaction: settings use their own connection (the pool must not wait on itself).
    const defaultName = await this.groups.defaultCurrency();
    return this.db.transaction(async (m) => {
      const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorizedCards);
      const rows = await m.query(`SELECT * FROM cards WHERE number = ? AND owner_id = ? AND sold = 1${lockRows(m)}`, [p.number ?? '', ownerId]);
      if (rows.length === 0) throw new MorError(CardTexts.cardNotFound);
      const card = fromRowAsFind(m.connection, Card, rows[0]);
      const group = await m.getRepository(CardGroup).findOneByOrFail({ id: card.cardgroup_id });
      const named = p.currency ? await currencyNamed(m, p.currency) : null;
      if (named && !named.active) throw new MorError(CardTexts.currencyDisabled);
      const currency = named ?? { name: defaultName, rate: '1', active: true };
      const converted = currency.name !== defaultName;
      const gross = money(amountText);
      const grossDefault = toDefaultCurrency(gross, currency.rate);
      const net = withoutTax(grossDefault, taxSetOf(group));
      const paymentId = await insertPayment(m, {
        paymenttype: 'Card', amount: toStorage(net), gross: toStorage(grossDefault), tax: toStorage(grossDefault.minus(net)), amount_default: toStorage(net),
        currency: currency.name, exchange_rate: currency.rate, owner_id: ownerId, card_id: card.id, description: p.description,
      });
      const change = await changeBalance(m, { account: 'card', accountId: card.id, kind: 'payment', causeId: String(paymentId), amount: net, description: 'Card payment' });
      return {
        page: {
          status: { success: CardTexts.balanceUpdated },
          calling_card_group: { name: group.name },
          calling_card: { number: card.number },
          add_payment: {
            currency: currency.name, amount_with_tax: formatAmount(gross),
            details: {
              current_balance: formatAmount(card.balance),
              ...(converted ? { converted_to: defaultName, exchange_rate: money(currency.rate).toString() } : {}),
              amount_with_tax: formatAmount(grossDefault), amount_without_tax: formatAmount(net), new_balance: formatAmount(change.balanceAfter), description: p.description ?? '',
            },
          },
        },
      };
    });
  }

  /**
   * card_from_group_sell: `quantity` free cards (or the one `number`) of a group the caller may buy
   * from are marked sold, each with a payment of the group's price. Parallel sellers never get
   * the same card (row locks, SKIP LOCKED on MariaDB; SQLite runs transactions in turn).
   */
  async sell(caller: Caller, p: Params) {
    const quantityText = p.quantity === undefined || p.quantity === '' ? '1' : p.quantity;
    if (!/^\d{1,6}$/.test(quantityText) || Number(quantityText) < 1) throw new MorError('Quantity is incorrect format');
    const quantity = Number(quantityText);
    const defaultName = await this.groups.defaultCurrency();
    return this.db.transaction(async (m) => {
      const group = await this.groups.find(m, managedOwnerId(caller), p.id);
      if (!group) throw new MorError(CardTexts.cardgroupNotFound);
      const free = 'cardgroup_id = ? AND sold = 0 AND disabled = 0';
      const rows: Record<string, unknown>[] = p.number
        ? await m.query(`SELECT * FROM cards WHERE ${free} AND number = ?${lockRows(m)}`, [group.id, p.number])
        : await m.query(`SELECT * FROM cards WHERE ${free} ORDER BY id LIMIT ${quantity}${lockRows(m, true)}`, [group.id]);
      if (rows.length === 0 || (!p.number && rows.length < quantity)) throw new MorError(CardTexts.freeCardsNotFound);
      const cards = rows.map((row) => fromRowAsFind(m.connection, Card, row));
      await m.query(`UPDATE cards SET sold = 1 WHERE id IN (${cards.map(() => '?').join(',')})`, cards.map((c) => c.id));
      const named = p.curr ? await currencyNamed(m, p.curr) : null;
      const currency = named && named.active ? named : { name: defaultName, rate: '1' };
      const price = money(group.price);
      const net = cardValue(group);
      for (const card of cards) {
        await insertPayment(m, {
          paymenttype: 'Card', amount: toStorage(net), gross: toStorage(price), tax: toStorage(price.minus(net)), amount_default: toStorage(net),
          currency: currency.name, exchange_rate: currency.rate, user_id: caller.id, owner_id: group.owner_id, card_id: card.id, email: p.email,
          description: `Card ${card.number} sold`, idempotency_key: `card_sale:${card.id}`,
        });
      }
      return cards.map((card) => ({ pin: card.pin, number: card.number, balance_without_vat: formatAmount(fromDefaultCurrency(card.balance, currency.rate)), currency: currency.name }));
    });
  }
}

/** A card as calling_cards_get prints it: MOR's documented elements first, then ours. */
export function cardXml(card: Card) {
  return {
    card_id: String(card.id), card_number: card.number, card_name: card.name, card_pin: card.pin, card_batch_number: card.batch_number,
    card_callerid: card.callerid ?? '', card_balance: formatAmount(card.balance), card_minimal_balance: formatAmount(card.min_balance),
    card_first_use: morTime(card.first_use), card_daily_charge_paid_till: morTime(card.daily_charge_paid_till),
    card_language: card.language, card_sold: String(card.sold), card_distributor_id: String(card.distributor_id), card_cardgroup_id: String(card.cardgroup_id),
  };
}
