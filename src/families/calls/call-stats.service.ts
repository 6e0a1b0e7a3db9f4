import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { Decimal, formatAmount, money } from '../../billing/money';
import { moneySql } from '../../database/exact-money';
import { sqlDateTime } from '../../ledger/ledger';
import { periodOf } from './calls-query.service';

/** Which price is the caller's revenue and which its cost (03 §S9): admin sells to users and resellers and buys from providers; a reseller sells to its users and buys from the admin. */
function sides(caller: Caller): { revenue: string; cost: string; scope: string; values: number[] } {
  if (caller.role === 'reseller') return { revenue: 'c.user_price', cost: 'c.reseller_price', scope: 'c.reseller_id = ?', values: [caller.id] };
  if (caller.role === 'user') return { revenue: 'c.user_price', cost: 'c.user_price', scope: 'c.user_id = ?', values: [caller.id] };
  // Admin: a reseller's user pays the reseller; the admin is paid the reseller price.
  return { revenue: 'CASE WHEN c.reseller_id > 0 THEN c.reseller_price ELSE c.user_price END', cost: 'c.provider_price', scope: '1 = 1', values: [] };
}

/** Group keys of aggregate_get: flag → [SQL expression, element name]. */
const GROUPS: Record<string, [string, string]> = {
  group_by_user: ['c.user_id', 'originator_id'],
  group_by_device: ['c.src_device_id', 'device_id'],
  group_by_terminator: ['c.provider_id', 'terminator_id'],
  group_by_provider: ['c.provider_id', 'provider_id'],
  group_by_dst_group: ['c.destination', 'destination_group'],
  group_by_dst: ['c.prefix', 'destination'],
  group_by_day: ['SUBSTR(CAST(c.calldate AS CHAR), 1, 10)', 'day'],
  group_by_hour: ['SUBSTR(CAST(c.calldate AS CHAR), 12, 2)', 'hour'],
  group_by_user_rate: ['c.user_rate', 'user_rate'],
  group_by_provider_rate: ['c.provider_rate', 'provider_rate'],
};
const DEFAULT_GROUPS = ['group_by_user', 'group_by_terminator', 'group_by_dst_group'];

export interface Totals {
  calls: number;
  answered: number;
  billsec: number;
  revenue: Decimal;
  cost: Decimal;
}

/** aggregate_get, quickstats_get and the page-style main_page / new_calls_list. */
@Injectable()
export class CallStatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async exists(sql: string, id: number): Promise<boolean> {
    return (await this.db.query(sql, [id])).length > 0;
  }

  async aggregate(caller: Caller, p: Params) {
    const period = periodOf(p.from, p.till);
    const s = sides(caller);
    const where = [s.scope, 'c.calldate >= ?', 'c.calldate <= ?'];
    const values: (string | number)[] = [...s.values, sqlDateTime(period.start), sqlDateTime(period.end)];
    const filter = async (param: string, column: string, check: string, text: string) => {
      const raw = p[param];
      if (raw === undefined || raw === '') return;
      const id = parseId(raw);
      if (id === null || !(await this.exists(check, id))) throw new MorError(text);
      where.push(`${column} = ?`);
      values.push(id);
    };
    const ownUser = caller.role === 'reseller' ? ` AND (owner_id = ${caller.id} OR id = ${caller.id})` : '';
    await filter('s_originator_id', 'c.user_id', `SELECT id FROM users WHERE id = ?${ownUser}`, Errors.userNotFound);
    await filter('s_terminator_id', 'c.provider_id', 'SELECT id FROM providers WHERE id = ?', 'Terminator was not found');
    await filter('s_provider', 'c.provider_id', 'SELECT id FROM providers WHERE id = ?', 'Provider was not found');
    await filter('s_device', 'c.src_device_id', 'SELECT id FROM devices WHERE id = ?', 'Device was not found');
    if (p.a_src) {
      where.push('c.src LIKE ?');
      values.push(`${p.a_src.replace(/[%_\\]/g, '')}%`);
    }
    if (p.a_dst) {
      where.push('c.localized_dst LIKE ?');
      values.push(`${p.a_dst.replace(/[%_\\]/g, '')}%`);
    }
    const chosen = Object.keys(GROUPS).filter((g) => p[g] === '1');
    const groups = (chosen.length ? chosen : DEFAULT_GROUPS).map((g) => GROUPS[g]);
    const billsec = p.use_real_billsec === '1' ? 'c.real_billsec' : 'c.billsec';
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT ${groups.map(([expr], i) => `${expr} AS g${i}`).join(', ')}, ${this.totalsSql(s, billsec)} FROM calls c WHERE ${where.join(' AND ')} ` +
        `GROUP BY ${groups.map(([expr]) => expr).join(', ')} ORDER BY ${groups.map((_g, i) => `g${i}`).join(', ')}`,
      values,
    );
    const aggregates = rows.map((r) => ({ keys: groups.map(([, name], i) => [name, String(r[`g${i}`] ?? '')] as [string, string]), totals: this.totalsOf(r) }));
    const all = aggregates.reduce<Totals>(
      (t, a) => ({ calls: t.calls + a.totals.calls, answered: t.answered + a.totals.answered, billsec: t.billsec + a.totals.billsec, revenue: t.revenue.plus(a.totals.revenue), cost: t.cost.plus(a.totals.cost) }),
      { calls: 0, answered: 0, billsec: 0, revenue: new Decimal(0), cost: new Decimal(0) },
    );
    return { aggregates, totals: all };
  }

  private totalsSql(s: ReturnType<typeof sides>, billsec = 'c.billsec'): string {
    const sum = moneySql(this.db.manager).sum;
    return `COUNT(*) AS calls, SUM(CASE WHEN c.disposition = 'ANSWERED' THEN 1 ELSE 0 END) AS answered, COALESCE(SUM(${billsec}), 0) AS billsec, ` +
      `${sum(s.revenue)} AS revenue, ${sum(s.cost)} AS cost`;
  }

  private totalsOf(r: Record<string, unknown>): Totals {
    return { calls: Number(r.calls), answered: Number(r.answered ?? 0), billsec: Number(r.billsec ?? 0), revenue: money(r.revenue as string), cost: money(r.cost as string) };
  }

  /** One group's (or all) figures as aggregate_get prints them. */
  static figures(t: Totals): Record<string, string> {
    const asr = t.calls ? new Decimal(t.answered).times(100).dividedBy(t.calls) : new Decimal(0);
    const acd = t.answered ? Math.floor(t.billsec / t.answered) : 0;
    return {
      total_calls: String(t.calls), answered_calls: String(t.answered), asr: asr.toFixed(2), acd: String(acd), billsec: String(t.billsec),
      originator_price: formatAmount(t.revenue), terminator_price: formatAmount(t.cost), profit: formatAmount(t.revenue.minus(t.cost)),
    };
  }

  /** Today's totals (UTC day) and the calls in progress, as the caller's role sees them. */
  async quickstats(caller: Caller, now = new Date()) {
    const s = sides(caller);
    const { start, end } = periodOf(undefined, undefined, now);
    const [row] = await this.db.query(
      `SELECT ${this.totalsSql(s)} FROM calls c WHERE ${s.scope} AND c.calldate >= ? AND c.calldate <= ?`, [...s.values, sqlDateTime(start), sqlDateTime(end)],
    );
    const activeScope = caller.role === 'reseller' ? '(a.owner_id = ? OR a.user_id = ?)' : caller.role === 'user' ? 'a.user_id = ?' : '1 = 1';
    const activeValues = caller.role === 'reseller' ? [caller.id, caller.id] : caller.role === 'user' ? [caller.id] : [];
    const [active] = await this.db.query(
      `SELECT COUNT(*) AS total, SUM(CASE WHEN a.status = 'answered' THEN 1 ELSE 0 END) AS answered FROM activecalls a WHERE ${activeScope}`, activeValues,
    );
    const t = this.totalsOf(row);
    const cost = caller.role === 'user' ? new Decimal(0) : t.cost;
    const profit = t.revenue.minus(cost);
    return {
      today: {
        calls: String(t.calls), duration: String(t.billsec), revenue: formatAmount(t.revenue), self_cost: formatAmount(cost), profit: formatAmount(profit),
        margin: t.revenue.isZero() ? '0.00' : profit.times(100).dividedBy(t.revenue).toFixed(2),
      },
      active_calls: { total: String(Number(active?.total ?? 0)), answered_calls: String(Number(active?.answered ?? 0)) },
    };
  }

  /** main_page's call history of the caller's own calls (user) or its users' (reseller, admin): since `since`. */
  async history(caller: Caller, since: Date) {
    const s = sides(caller);
    const [row] = await this.db.query(
      `SELECT ${this.totalsSql(s)}, SUM(CASE WHEN c.disposition <> 'ANSWERED' THEN 1 ELSE 0 END) AS missed FROM calls c WHERE ${s.scope} AND c.calldate >= ?`,
      [...s.values, sqlDateTime(since)],
    );
    return { ...this.totalsOf(row), missed: Number(row?.missed ?? 0) };
  }

  /** main_page's finances of an account: balance, credit, postpaid, language, currency name. */
  async finances(userId: number): Promise<{ balance: string; credit: string; postpaid: number; language: string; currency: string | null } | undefined> {
    const [row] = await this.db.query('SELECT u.balance, u.credit, u.postpaid, u.language, c.name AS currency FROM users u LEFT JOIN currencies c ON c.id = u.currency_id WHERE u.id = ?', [userId]);
    return row;
  }

  /** new_calls_list: the caller's calls of today. */
  async todaysCalls(caller: Caller, now = new Date()) {
    const { start, end } = periodOf(undefined, undefined, now);
    return (await this.db.query(
      'SELECT c.calldate, c.src, c.dst, c.billsec, c.hangupcause FROM calls c WHERE c.user_id = ? AND c.calldate >= ? AND c.calldate <= ? ORDER BY c.calldate DESC, c.id DESC',
      [caller.id, sqlDateTime(start), sqlDateTime(end)],
    )) as Record<string, unknown>[];
  }
}
