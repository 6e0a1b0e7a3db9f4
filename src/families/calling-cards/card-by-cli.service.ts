import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { isStorableDecimal } from '../../api/dto';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { canAccessUser } from '../../api/ownership';
import { Decimal, formatAmount, money, toStorage } from '../../billing/money';
import { taxSetOf, withTax } from '../../billing/tax-set';
import { fromRowAsFind } from '../../database/raw';
import { isUniqueViolation } from '../../database/unique';
import { LedgerAccountType, changeBalance } from '../../ledger/ledger';
import { User } from '../users/user.entity';
import { Card, CardGroup } from './calling-card.entity';
import { CardTexts, cardManagerOwner, lockRows } from './card-access';
import { CardGroupsService } from './card-groups.service';
import { insertPayment } from './card-payments';

export type CliLinkResult =
  | { kind: 'card'; card: Card; group: CardGroup }
  | { kind: 'device'; deviceId: number; user: User };

/**
 * card_by_cli_update / cc_by_cli_old (06 §2.2): a caller id bound to a card for pinless use.
 * - the CLI is a device's: the PIN card's balance moves to the device's user (the card is disabled),
 *   or `amount` is added to that user;
 * - a card has the CLI: the PIN card's balance moves onto it (the PIN card is disabled), or `amount` is added;
 * - otherwise the PIN card, or the group's first free card, gets the CLI (and, without PIN, `amount`).
 * Every move is two ledger rows (one per side) in one transaction.
 */
@Injectable()
export class CardByCliService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly groups: CardGroupsService) {}

  async link(caller: Caller, p: Params): Promise<CliLinkResult> {
    const cli = (p.callerid ?? '').trim();
    if (!cli) throw new MorError(CardTexts.calleridMissing);
    if (cli.length > 30) throw new MorError(CardTexts.couldNotFindCard);
    const amountText = (p.amount ?? '').trim() || '0';
    if (!isStorableDecimal(amountText) || money(amountText).isNegative()) throw new MorError(CardTexts.failedTransaction);
    const amount = money(amountText);
    // Read before the transaction: settings use their own connection (the pool must not wait on itself).
    const currency = await this.groups.defaultCurrency();
    // A request that binds a caller id another one bound meanwhile breaks the caller id's unique
    // key; the winner has committed by then, so one more run finds its card and tops it up.
    try {
      return await this.linkOnce(caller, p, cli, amount, currency);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.linkOnce(caller, p, cli, amount, currency);
    }
  }

  private linkOnce(caller: Caller, p: Params, cli: string, amount: Decimal, currency: string): Promise<CliLinkResult> {
    return this.db.transaction(async (m) => {
      const ownerId = await cardManagerOwner(m, caller, CardTexts.noUserPermission);
      let group: CardGroup | null = null;
      if (p.cardgroup_id !== undefined && p.cardgroup_id !== '') {
        group = await this.groups.find(m, ownerId, p.cardgroup_id);
        if (!group) throw new MorError(CardTexts.cardgroupInvalid);
      }
      const pinCard = p.pin ? await this.cardWhere(m, 'pin = ? AND owner_id = ? AND disabled = 0', [p.pin, ownerId]) : null;
      if (p.pin && (!pinCard || (group && pinCard.cardgroup_id !== group.id))) throw new MorError(CardTexts.pinNotFound);
      const device: { id: number; user_id: number }[] = await m.query(
        'SELECT d.id, d.user_id FROM device_clis c JOIN devices d ON d.id = c.device_id WHERE c.cli = ? ORDER BY c.id LIMIT 1', [cli]);
      if (device.length > 0) return this.toDevice(m, caller, ownerId, device[0], pinCard, amount, currency);
      const cliCard = await this.cardWhere(m, 'callerid = ?', [cli]);
      if (cliCard && cliCard.owner_id !== ownerId) throw new MorError(CardTexts.couldNotFindCard);
      if (cliCard) {
        if (pinCard && pinCard.id !== cliCard.id) await this.move(m, pinCard, 'card', cliCard.id);
        else if (!pinCard) await this.topUp(m, ownerId, cliCard, amount, currency);
        return this.cardResult(m, cliCard.id);
      }
      const target = pinCard ?? (group ? await this.cardWhere(m, 'cardgroup_id = ? AND sold = 0 AND disabled = 0 AND callerid IS NULL', [group.id], true) : null);
      if (!target) throw new MorError(group || pinCard ? CardTexts.couldNotFindCard : CardTexts.cardgroupInvalid);
      await m.query('UPDATE cards SET callerid = ?, sold = 1 WHERE id = ?', [cli, target.id]);
      if (!pinCard) await this.topUp(m, ownerId, target, amount, currency);
      return this.cardResult(m, target.id);
    });
  }

  private async toDevice(m: EntityManager, caller: Caller, ownerId: number, device: { id: number; user_id: number }, pinCard: Card | null, amount: Decimal, currency: string): Promise<CliLinkResult> {
    const user = await m.getRepository(User).findOneBy({ id: Number(device.user_id) });
    if (!user || !canAccessUser(caller, user)) throw new MorError(CardTexts.deviceNoPermission);
    if (pinCard) await this.move(m, pinCard, 'user', user.id);
    else if (amount.greaterThan(0)) {
      const paymentId = await insertPayment(m, {
        paymenttype: 'Card', amount: toStorage(amount), gross: toStorage(amount), tax: '0', amount_default: toStorage(amount), currency, exchange_rate: '1',
        user_id: user.id, owner_id: ownerId, description: 'Balance by CallerID',
      });
      await changeBalance(m, { account: 'user', accountId: user.id, kind: 'payment', causeId: String(paymentId), amount });
    }
    return { kind: 'device', deviceId: Number(device.id), user: await m.getRepository(User).findOneByOrFail({ id: user.id }) };
  }

  /** Moves a card's whole balance to another card or a user and disables it: one ledger row per side. */
  private async move(m: EntityManager, from: Card, to: LedgerAccountType, toId: number): Promise<void> {
    const cause = `transfer:card:${from.id}:${to}:${toId}`;
    const amount = money(from.balance);
    await changeBalance(m, { account: 'card', accountId: from.id, kind: 'card', causeId: cause, amount: amount.negated(), description: 'Moved by CallerID' });
    await changeBalance(m, { account: to, accountId: toId, kind: 'card', causeId: cause, amount, description: 'Moved by CallerID' });
    await m.query('UPDATE cards SET disabled = 1 WHERE id = ?', [from.id]);
  }

  private async topUp(m: EntityManager, ownerId: number, card: Card, amount: Decimal, currency: string): Promise<void> {
    if (!amount.greaterThan(0)) return;
    const paymentId = await insertPayment(m, {
      paymenttype: 'Card', amount: toStorage(amount), gross: toStorage(amount), tax: '0', amount_default: toStorage(amount), currency, exchange_rate: '1',
      owner_id: ownerId, card_id: card.id, description: 'Card balance by CallerID',
    });
    await changeBalance(m, { account: 'card', accountId: card.id, kind: 'payment', causeId: String(paymentId), amount });
  }

  private async cardWhere(m: EntityManager, where: string, values: (string | number)[], skipLocked = false): Promise<Card | null> {
    const rows = await m.query(`SELECT * FROM cards WHERE ${where} ORDER BY id LIMIT 1${lockRows(m, skipLocked)}`, values);
    return rows.length === 0 ? null : fromRowAsFind(m.connection, Card, rows[0]);
  }

  private async cardResult(m: EntityManager, id: number): Promise<CliLinkResult> {
    const card = await m.getRepository(Card).findOneByOrFail({ id });
    return { kind: 'card', card, group: await m.getRepository(CardGroup).findOneByOrFail({ id: card.cardgroup_id }) };
  }
}

/** The reply: `<response><status>ok</status>` with the card, or the device's user's new balance. */
export function cliLinkXml(result: CliLinkResult, withVat: boolean) {
  if (result.kind === 'device') {
    const balance = result.user.balance;
    return { page: { response: { status: 'ok', device_id: String(result.deviceId), user_id: String(result.user.id), new_balance: formatAmount(balance), new_balance_with_vat: formatAmount(withTax(balance, taxSetOf(result.user))) } } };
  }
  const { card, group } = result;
  return {
    page: {
      response: {
        status: 'ok',
        card: {
          id: String(card.id), cardgroup_id: String(card.cardgroup_id), balance: formatAmount(card.balance),
          ...(withVat ? { balance_with_vat: formatAmount(withTax(card.balance, taxSetOf(group))) } : {}),
          callerid: card.callerid ?? '', pin: card.pin, number: card.number,
        },
      },
    },
  };
}
