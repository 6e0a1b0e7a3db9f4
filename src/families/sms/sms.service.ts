import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { accessibleUser, managedOwnerId } from '../../api/ownership';
import { money, toStorage } from '../../billing/money';
import { digitsOf, prefixCandidates } from '../../billing/prefix';
import { insertReturningId } from '../../database/insert';
import { lockRow } from '../../database/transaction';
import { isUniqueViolation } from '../../database/unique';
import { changeBalance, sqlDateTime } from '../../ledger/ledger';
import { parseKeywords, sendThroughProvider } from '../../sms/sms-gateway';

/** The sms_messages.number column's length. */
const SMS_NUMBER_LENGTH = 80;

/** MOR's SMS status codes used here: 0 sent, 1 pending, 6 the provider's reply had no good keyword, 2 no provider reached. */
export const SMS_STATUS = { sent: 0, pending: 1, failed: 2, noKeyword: 6 } as const;

export interface SentSms {
  messageId: number;
  statusCode: number;
  price: string;
}

interface Subscription {
  sms_tariff_id: number;
  sms_lcr_id: number;
}

const tipOf: Record<number, string> = { 0: 'SMS is sent', 2: 'SMS was not sent: no provider could be reached', 6: 'SMS was not sent: the provider did not confirm it' };
export const smsTip = (code: number) => tipOf[code] ?? 'SMS is pending';

@Injectable()
export class SmsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async subscription(m: EntityManager, userId: number): Promise<Subscription | null> {
    const rows: Subscription[] = await m.query('SELECT sms_tariff_id, sms_lcr_id FROM sms_subscriptions WHERE user_id = ?', [userId]);
    return rows[0] ? { sms_tariff_id: Number(rows[0].sms_tariff_id), sms_lcr_id: Number(rows[0].sms_lcr_id) } : null;
  }

  /** The price of one SMS to a number in an SMS tariff (longest prefix), or null. */
  private async rate(m: EntityManager, tariffId: number, number: string): Promise<{ prefix: string; price: string } | null> {
    const candidates = prefixCandidates(number, 50);
    if (candidates.length === 0) return null;
    const rows: { prefix: string; price: string | number }[] = await m.query(
      `SELECT prefix, price FROM sms_rates WHERE sms_tariff_id = ? AND prefix IN (${candidates.map(() => '?').join(', ')})`, [tariffId, ...candidates]);
    const best = rows.sort((a, b) => b.prefix.length - a.prefix.length)[0];
    return best ? { prefix: best.prefix, price: toStorage(best.price) } : null;
  }

  /**
   * sms_send: checks, then the price held with the pending message, then the providers in LCR order
   * until one answers; a reply without a good keyword (or no provider reached) gives the price back.
   */
  async send(caller: Caller, p: Params): Promise<SentSms> {
    const message = p.message ?? '';
    if (message.trim() === '') throw new MorError('There is no message or it is empty');
    if (!/^\+?\d{1,30}$/.test(p.src ?? '')) throw new MorError('Wrong source');
    if (!/^\+?\d{1,30}$/.test(p.dst ?? '')) throw new MorError('Wrong destination');
    const dst = digitsOf(p.dst!);
    const lcrId = parseId(p.lcr_id);
    const lcr = lcrId === null ? [] : await this.db.query('SELECT id FROM sms_lcrs WHERE id = ?', [lcrId]);
    if (lcr.length === 0) throw new MorError('There is no such LCR');
    const subscription = await this.subscription(this.db.manager, caller.id);
    if (!subscription) throw new MorError('User is not subscribed to sms service');
    const rate = await this.rate(this.db.manager, subscription.sms_tariff_id, dst);
    if (!rate) throw new MorError('System owner does not have rate for this destination');
    const id = await this.holdPrice(caller.id, rate, dst, digitsOf(p.src!));
    const providers: { id: number; api_url: string; good_keywords: string | null; timeout: number; sms_tariff_id: number }[] = await this.db.query(
      `SELECT p.id, p.api_url, p.good_keywords, p.timeout, p.sms_tariff_id FROM sms_lcr_providers l JOIN sms_providers p ON p.id = l.sms_provider_id
        WHERE l.sms_lcr_id = ? ORDER BY l.priority, l.id`, [lcrId]);
    let status: number = SMS_STATUS.failed;
    let response = '';
    let providerId = 0;
    let providerMessageId = '';
    for (const provider of providers) {
      const reply = await sendThroughProvider({ apiUrl: provider.api_url ?? '', goodKeywords: parseKeywords(provider.good_keywords), timeoutSeconds: Number(provider.timeout) || 10 }, { dst, src: digitsOf(p.src!), message });
      providerId = Number(provider.id);
      if (reply.kind === 'unreachable') {
        response = reply.detail;
        continue;
      }
      response = reply.body;
      status = reply.kind === 'sent' ? SMS_STATUS.sent : SMS_STATUS.noKeyword;
      if (reply.kind === 'sent') providerMessageId = reply.messageId;
      break;
    }
    await this.settle(id, caller.id, status, { providerId, providerMessageId, response, price: rate.price, dst });
    return { messageId: id, statusCode: status, price: status === SMS_STATUS.sent ? rate.price : '0' };
  }

  /**
   * Charges the user's price before anything is sent, in one transaction with the balance check on
   * the locked user row and the pending message: two messages racing on an almost empty balance
   * cannot both pass the check (the second sees the first's charge). Answers the message id.
   */
  private holdPrice(userId: number, rate: { prefix: string; price: string }, dst: string, src: string): Promise<number> {
    return this.db.transaction(async (m) => {
      await lockRow(m, 'users', userId);
      const [user] = await m.query('SELECT balance, credit, postpaid, owner_id FROM users WHERE id = ?', [userId]);
      const postpaid = Number(user.postpaid) === 1;
      const unlimited = postpaid && money(user.credit).lessThan(0);
      const spendable = money(user.balance).plus(postpaid ? money(user.credit) : 0);
      if (!unlimited && spendable.lessThan(money(rate.price))) throw new MorError('Insufficient balance');
      const id = await insertReturningId(m,
        'INSERT INTO sms_messages (sending_date, status_code, user_id, user_rate, user_price, reseller_id, prefix, number, src) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [sqlDateTime(new Date()), SMS_STATUS.pending, userId, rate.price, rate.price, Number(user.owner_id), rate.prefix, dst, src]);
      await changeBalance(m, { account: 'user', accountId: userId, kind: 'sms', causeId: String(id), amount: money(rate.price).negated(), description: `SMS to ${dst}` });
      return id;
    });
  }

  /** Records the outcome; a message no provider confirmed gives its price back (once, keyed by the message). */
  private async settle(id: number, userId: number, status: number, o: { providerId: number; providerMessageId: string; response: string; price: string; dst: string }): Promise<void> {
    const sent = status === SMS_STATUS.sent;
    const providerRate = sent ? await this.providerRate(o.providerId, o.dst) : '0';
    await this.db.transaction(async (m) => {
      await m.query('UPDATE sms_messages SET status_code = ?, provider_id = ?, provider_rate = ?, provider_price = ?, user_price = ?, clickatell_message_id = ?, provider_response = ? WHERE id = ?',
        [status, o.providerId, providerRate, providerRate, sent ? o.price : '0', o.providerMessageId.slice(0, 255), o.response.slice(0, 4000), id]);
      if (!sent) await changeBalance(m, { account: 'user', accountId: userId, kind: 'refund', causeId: `sms:${id}`, amount: o.price, description: `SMS to ${o.dst} not sent` });
    });
  }

  private async providerRate(providerId: number, dst: string): Promise<string> {
    const rows: { sms_tariff_id: number }[] = await this.db.query('SELECT sms_tariff_id FROM sms_providers WHERE id = ?', [providerId]);
    return rows[0] ? (await this.rate(this.db.manager, Number(rows[0].sms_tariff_id), dst))?.price ?? '0' : '0';
  }

  /** user_sms_service_subscribe: the admin names the SMS LCR; a reseller's users get the reseller's own. */
  async subscribe(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const user = await accessibleUser(m, caller, p.user_id);
      if (!user || user.usertype !== 'user' || user.id === caller.id) throw new MorError(Errors.userNotFound);
      const tariffId = parseId(p.sms_tariff_id);
      const tariff = tariffId === null ? [] : await m.query('SELECT id FROM sms_tariffs WHERE id = ? AND owner_id = ?', [tariffId, managedOwnerId(caller)]);
      if (tariff.length === 0) throw new MorError('SMS Tariff was not found');
      let lcrId: number | null;
      if (caller.role === 'reseller') {
        const own = await this.subscription(m, caller.id);
        if (!own) throw new MorError('Reseller does not have SMS Subscription');
        lcrId = own.sms_lcr_id;
      } else {
        lcrId = parseId(p.sms_lcr_id);
        if (lcrId === null || (await m.query('SELECT id FROM sms_lcrs WHERE id = ? AND owner_id = 0', [lcrId])).length === 0) throw new MorError('SMS LCR was not found');
      }
      if (await this.subscription(m, user.id)) throw new MorError('User is already subscribed to SMS service');
      try {
        await m.query('INSERT INTO sms_subscriptions (user_id, sms_tariff_id, sms_lcr_id, created_at) VALUES (?, ?, ?, ?)', [user.id, tariffId, lcrId, sqlDateTime(new Date())]);
      } catch (error) {
        if (isUniqueViolation(error)) throw new MorError('User is already subscribed to SMS service');
        throw error;
      }
    });
  }

  /** user_sms_get: messages in the period (default today), within the caller's reach. */
  async list(caller: Caller, p: Params): Promise<Record<string, unknown>[]> {
    const day = sqlDateTime(new Date()).slice(0, 10);
    const time = (raw: string | undefined, fallback: string) => (raw && /^\d{1,11}$/.test(raw) ? sqlDateTime(new Date(Number(raw) * 1000)) : fallback);
    const where = ['s.sending_date >= ?', 's.sending_date <= ?'];
    const values: (string | number)[] = [time(p.from, `${day} 00:00:00`), time(p.till, `${day} 23:59:59`)];
    if (caller.role === 'user') where.push('s.user_id = ?'), values.push(caller.id);
    if (caller.role === 'reseller') where.push('(s.user_id = ? OR s.reseller_id = ?)'), values.push(caller.id, caller.id);
    const exact: [string, string][] = [['user_id', 's.user_id'], ['status_code', 's.status_code'], ['provider_id', 's.provider_id'], ['reseller_id', 's.reseller_id'], ['number', 's.number']];
    for (const [param, column] of exact) {
      if (p[param] === undefined || p[param] === '') continue;
      where.push(`${column} = ?`);
      values.push(p[param]!);
    }
    const prefix = p.destination || p.prefix;
    // A prefix longer than the number column matches nothing; sent as a LIKE pattern it would pass SQLite's 50,000-byte pattern limit (a 500).
    if (prefix && digitsOf(prefix).length > SMS_NUMBER_LENGTH) throw new MorError('Sms Mesagges were not found');
    if (prefix) where.push('s.number LIKE ?'), values.push(`${digitsOf(prefix)}%`);
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT s.id, s.sending_date, s.status_code, s.provider_id, s.provider_rate, s.provider_price, s.user_id, s.user_rate, s.user_price, s.reseller_id, s.reseller_rate,
              s.reseller_price, s.prefix, s.number, s.clickatell_message_id FROM sms_messages s WHERE ${where.join(' AND ')} ORDER BY s.id`, values);
    if (rows.length === 0) throw new MorError('Sms Mesagges were not found');
    return rows;
  }
}
