import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { canAccessUser } from '../../api/ownership';
import { readRows } from '../../database/raw';
import { sqlDateTime } from '../../ledger/ledger';
import { CALL_TYPES, ORDER_BY } from './user-calls';

/** `YYYY-MM-DD HH:MM:SS` (UTC) of a datetime as either driver returns it. */
export function dateText(value: unknown): string {
  if (value instanceof Date) return sqlDateTime(value);
  return String(value ?? '').slice(0, 19).replace('T', ' ');
}

/** A period from unix-timestamp params; defaults today 00:00:00 – 23:59:59 (UTC). Non-numeric values count as not sent. */
export function periodOf(from: string | undefined, till: string | undefined, now = new Date()): { start: Date; end: Date } {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const ts = (v: string | undefined) => (v !== undefined && /^\d{1,11}$/.test(v) ? new Date(Number(v) * 1000) : null);
  return { start: ts(from) ?? new Date(day), end: ts(till) ?? new Date(day + 86_399_000) };
}

/** The CDR columns user_calls_get prints (callElement in user-calls.ts), not the 60 of `calls`. */
const LISTED_COLUMNS = ['id', 'calldate', 'clid', 'src', 'dst', 'prefix', 'destination', 'billsec', 'disposition', 'hangupcause', 'server_id', 'uniqueid', 'user_id',
  'user_rate', 'user_price', 'reseller_rate', 'reseller_price', 'provider_rate', 'provider_price', 'did_price', 'did_inc_price', 'did_prov_price'].map((c) => `c.${c}`).join(', ');

/** What scopes a CDR query: the SQL condition and its values. */
interface Scope {
  where: string[];
  values: (string | number)[];
}

export interface UserCallsResult {
  rows: Record<string, unknown>[];
  total: number;
  /** The user the list is about (s_user), or the reseller (s_reseller). */
  subject: { id: number; username: string; currency: string; rate: string };
  period: { start: Date; end: Date };
}

/** user_calls_get, local_calls_get and active_calls_get: CDRs and calls in progress as each role may see them. */
@Injectable()
export class CallsQueryService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private num(column: string): string {
    return this.db.options.type === 'mysql' ? `CAST(${column} AS DECIMAL(20,6))` : `CAST(${column} AS REAL)`;
  }

  /** A user the caller may see, by id param; otherwise User was not found (another owner's id answers the same). */
  private async visibleUser(caller: Caller, raw: string | undefined) {
    const id = parseId(raw);
    const [row] = id === null ? [] : await readRows(this.db.manager,
      'SELECT u.id, u.username, u.owner_id, u.usertype, c.name AS currency, c.exchange_rate FROM users u LEFT JOIN currencies c ON c.id = u.currency_id WHERE u.id = ?', [id],
    );
    if (!row || !canAccessUser(caller, { id: Number(row.id), owner_id: Number(row.owner_id) })) throw new MorError(Errors.userNotFound);
    return { id: Number(row.id), username: String(row.username), usertype: String(row.usertype), currency: row.currency ? String(row.currency) : '', rate: row.exchange_rate ? String(row.exchange_rate) : '1' };
  }

  async userCalls(caller: Caller, p: Params, defaultCurrency: string): Promise<UserCallsResult> {
    const period = periodOf(p.period_start, p.period_end);
    const scope: Scope = { where: ['c.calldate >= ?', 'c.calldate <= ?'], values: [sqlDateTime(period.start), sqlDateTime(period.end)] };
    let subject;
    if (p.s_user !== undefined && p.s_user !== '') {
      subject = await this.visibleUser(caller, p.s_user);
      scope.where.push('c.user_id = ?');
      scope.values.push(subject.id);
    } else if (p.s_reseller !== undefined && p.s_reseller !== '') {
      subject = await this.visibleUser(caller, p.s_reseller);
      if (subject.usertype !== 'reseller' || (caller.role === 'reseller' && subject.id !== caller.id) || caller.role === 'user') throw new MorError(Errors.userNotFound);
      scope.where.push('c.reseller_id = ?');
      scope.values.push(subject.id);
    } else {
      throw new MorError(Errors.userNotFound);
    }
    this.filters(caller, p, scope);
    const order = ORDER_BY[p.order_by ?? 'time'] ?? ORDER_BY.time;
    const sqlOrder = order.replace(/N\(([^)]+)\)/, (_m, column: string) => this.num(column));
    const from = 'FROM calls c LEFT JOIN users uu ON uu.id = c.user_id LEFT JOIN users ru ON ru.id = c.reseller_id LEFT JOIN providers pr ON pr.id = c.provider_id LEFT JOIN dids dd ON dd.id = c.did_id';
    const where = `WHERE ${scope.where.join(' AND ')}`;
    const paging = this.paging(p);
    const [rows, [count]] = await Promise.all([
      readRows(this.db.manager, 
        `SELECT ${LISTED_COLUMNS}, uu.username AS user_name, ru.username AS reseller_name, pr.name AS provider_name, dd.did AS did_number ${from} ${where} ` +
          `ORDER BY ${sqlOrder} ${p.order_desc === '1' ? 'DESC' : 'ASC'}, c.id ${p.order_desc === '1' ? 'DESC' : 'ASC'}${paging}`,
        scope.values,
      ),
      readRows<{ n: number | string }>(this.db.manager, `SELECT COUNT(*) AS n FROM calls c ${where}`, scope.values),
    ]);
    for (const row of rows) row.calldate_text = dateText(row.calldate);
    return { rows, total: Number(count.n), subject: { id: subject.id, username: subject.username, currency: subject.currency || defaultCurrency, rate: subject.rate }, period };
  }

  /** Ours: `items_per_page` (1-10000) and `page` (from 1); MOR has no paging and answers every call of the period. */
  private paging(p: Params): string {
    const size = parseId(p.items_per_page);
    if (size === null || size < 1) return '';
    const page = Math.max(1, parseId(p.page) ?? 1);
    return ` LIMIT ${Math.min(size, 10_000)} OFFSET ${(page - 1) * Math.min(size, 10_000)}`;
  }

  /** The s_* filters; those a role may not use (s_provider, s_hgc, s_did: admin) are ignored. */
  private filters(caller: Caller, p: Params, scope: Scope): void {
    const add = (sql: string, value: string | number) => {
      scope.where.push(sql);
      scope.values.push(value);
    };
    const admin = caller.role === 'admin' || caller.role === 'accountant';
    const type = CALL_TYPES[p.s_call_type ?? 'all'];
    if (type) add('c.disposition = ?', type);
    if (p.s_device && /^\d+$/.test(p.s_device)) add('c.src_device_id = ?', Number(p.s_device));
    if (admin && p.s_provider && /^\d+$/.test(p.s_provider)) add('c.provider_id = ?', Number(p.s_provider));
    if (admin && p.s_hgc && /^\d+$/.test(p.s_hgc)) add('c.hangupcause = ?', Number(p.s_hgc));
    if (admin && p.s_did && /^\d+$/.test(p.s_did)) add('c.did_id = ?', Number(p.s_did));
    if (p.s_destination) add('c.localized_dst LIKE ?', `${p.s_destination.replace(/[%_\\]/g, '')}%`);
    if (p.only_did === '1') scope.where.push('c.did_id > 0');
    if (p.s_uniqueid) add('c.uniqueid = ?', p.s_uniqueid);
    if (p.originator_codec_name) add('c.originator_codec = ?', p.originator_codec_name);
    if (p.terminator_codec_name) add('c.terminator_codec = ?', p.terminator_codec_name);
  }

  /** local_calls_get: a user's calls from one of its devices to another device of the system (no provider). */
  async localCalls(caller: Caller, p: Params) {
    const user = await this.visibleUser(caller, p.s_user);
    const period = periodOf(p.from, p.till);
    const rows = await this.db.query(
      'SELECT c.calldate, c.src, c.clid, c.originator_ip, c.terminator_ip, c.channel, od.name AS originator_device, tu.username AS terminator_user, td.name AS terminator_device ' +
        'FROM calls c LEFT JOIN devices od ON od.id = c.src_device_id LEFT JOIN devices td ON td.id = c.dst_device_id LEFT JOIN users tu ON tu.id = c.dst_user_id ' +
        'WHERE c.user_id = ? AND c.provider_id = 0 AND c.dst_device_id > 0 AND c.calldate >= ? AND c.calldate <= ? ORDER BY c.calldate, c.id',
      [user.id, sqlDateTime(period.start), sqlDateTime(period.end)],
    );
    return rows as Record<string, unknown>[];
  }

  /** active_calls_get: calls in progress the caller may see, filtered. */
  async activeCalls(caller: Caller, p: Params) {
    const scope: Scope = { where: ['1 = 1'], values: [] };
    if (caller.role === 'reseller') {
      scope.where.push('(a.user_id = ? OR a.owner_id = ?)');
      scope.values.push(caller.id, caller.id);
    } else if (caller.role === 'user') {
      scope.where.push('a.user_id = ?');
      scope.values.push(caller.id);
    }
    const add = (sql: string, value: string | number) => {
      scope.where.push(sql);
      scope.values.push(value);
    };
    if (p.s_status !== undefined && p.s_status !== '') {
      const status = p.s_status.toLowerCase();
      if (status !== 'ringing' && status !== 'answered') throw new MorError('Status value must be Ringing or Answered');
      scope.where.push(status === 'answered' ? "a.status = 'answered'" : "a.status <> 'answered'");
    }
    if (p.s_server !== undefined && p.s_server !== '') {
      if (p.s_server !== '1') throw new MorError('Server was not found');
      add('a.server_id = ?', 1);
    }
    const like = (v: string) => (v.includes('%') ? v : `${v}%`);
    if (p.s_did) add('dd.did LIKE ?', like(p.s_did));
    if (p.s_provider && /^\d+$/.test(p.s_provider)) add('a.provider_id = ?', Number(p.s_provider));
    if (p.s_user_id && /^\d+$/.test(p.s_user_id)) {
      add('a.user_id = ?', Number(p.s_user_id));
      if (p.s_device && /^\d+$/.test(p.s_device)) add('a.src_device_id = ?', Number(p.s_device));
    }
    if (p.s_dst_user_id && /^\d+$/.test(p.s_dst_user_id)) {
      add('a.dst_user_id = ?', Number(p.s_dst_user_id));
      if (p.s_dst_device && /^\d+$/.test(p.s_dst_device)) add('a.dst_device_id = ?', Number(p.s_dst_device));
    }
    if (p.s_destination) add('a.localized_dst LIKE ?', like(p.s_destination));
    if (p.s_source) add('a.src LIKE ?', like(p.s_source));
    return (await this.db.query(
      'SELECT a.*, u.username, d.device_type, d.extension, d.name AS device_name, d.istrunk, d.callerid AS device_ani, pr.name AS provider_name, dd.did AS did_number ' +
        'FROM activecalls a LEFT JOIN users u ON u.id = a.user_id LEFT JOIN devices d ON d.id = a.src_device_id LEFT JOIN providers pr ON pr.id = a.provider_id ' +
        `LEFT JOIN dids dd ON dd.id = a.did_id WHERE ${scope.where.join(' AND ')} ORDER BY a.id`,
      scope.values,
    )) as Record<string, unknown>[];
  }
}
