import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { Decimal, formatAmount, money } from '../../billing/money';
import { monitoringCovers, MonitoringType, MonitoringUsers, monitoringTripped } from '../../billing/monitoring';
import { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { moneySql } from '../../database/exact-money';
import { isUniqueViolation } from '../../database/unique';
import { PeriodicJob, RunsPeriodically } from '../../database/periodic-job';
import { sqlDateTime } from '../../ledger/ledger';
import { EmailService } from '../email/email.service';

interface MonitoringRow {
  id: number;
  amount: string;
  period_in_past: number;
  mtype: MonitoringType;
  block: number;
  email: number;
  user_type: MonitoringUsers;
  user_id: number;
  owner_id: number;
}

interface Target {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  postpaid: number;
  blocked: number;
  balance: string;
  warning_email_balance: string;
  warning_email_hour: number;
  spent?: Decimal;
}

export const MISSING_PARAMS = 'You must supply these params: monitoring_id, users, block, email, mtype';
export const NOT_FOUND = 'Such monitoring was not found. Verify master-slave database integrity.';

const TARGET_COLUMNS = 'u.id, u.username, u.first_name, u.last_name, u.email, u.postpaid, u.blocked, u.balance, u.warning_email_balance, u.warning_email_hour';
const fullName = (u: Target) => `${u.first_name} ${u.last_name}`.trim() || u.username;

/**
 * Monitorings and warning-balance e-mails, run on the server's schedule (and by
 * monitoring_addon_activate on demand). Each action on a user is recorded once per monitoring
 * and day; blocking is one update, and the admin's notice goes out after the record is committed.
 */
@Injectable()
export class MonitoringsService extends RunsPeriodically {
  private readonly logger = new Logger('Monitorings');
  protected readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) config: AppConfig,
    private readonly email: EmailService,
  ) {
    super();
    this.job = new PeriodicJob(db, 'monitorings', config.jobsIntervalSeconds, async (now) => {
      const acted = await this.run(now);
      const warned = await this.warnBalances(now);
      return acted + warned > 0 ? `${acted} monitoring action(s), ${warned} warning e-mail(s)` : null;
    });
  }


  /** Every active monitoring checked against its users' spending over its period; returns the actions taken. */
  async run(now: Date): Promise<number> {
    const monitorings: MonitoringRow[] = await this.db.query('SELECT id, amount, period_in_past, mtype, block, email, user_type, user_id, owner_id FROM monitorings WHERE active = 1 ORDER BY id');
    let acted = 0;
    for (const monitoring of monitorings) {
      const since = new Date(now.getTime() - Number(monitoring.period_in_past) * 60_000);
      for (const user of await this.spending(monitoring, since, now)) {
        if (!monitoringTripped(Number(monitoring.mtype) as MonitoringType, user.spent!, money(monitoring.amount))) continue;
        if (await this.act(monitoring, user, Number(monitoring.block) === 1, Number(monitoring.email) === 1, now)) acted++;
      }
    }
    return acted;
  }

  /** The monitoring's users (of its owner) with the sum of their call prices since `since`, zero for no calls. */
  private async spending(monitoring: MonitoringRow, since: Date, now: Date): Promise<Target[]> {
    const sum = moneySql(this.db.manager).sum('c.user_price');
    const rows: (Target & { total: string | number | null })[] = await this.db.query(
      `SELECT ${TARGET_COLUMNS}, (SELECT ${sum} FROM calls c WHERE c.user_id = u.id AND c.calldate >= ? AND c.calldate <= ?) AS total
         FROM users u WHERE u.usertype = 'user' AND u.owner_id = ? ORDER BY u.id`,
      [sqlDateTime(since), sqlDateTime(now), monitoring.owner_id],
    );
    return rows
      .map((r) => ({ ...r, id: Number(r.id), postpaid: Number(r.postpaid), spent: money(r.total ?? 0) }))
      .filter((u) => monitoringCovers(monitoring.user_type, Number(monitoring.user_id), u));
  }

  /** Records and carries out one monitoring's action on a user, once a day; false when already done today. */
  private async act(monitoring: MonitoringRow, user: Target, block: boolean, notify: boolean, now: Date): Promise<boolean> {
    const action = [block && 'blocked', notify && 'email sent'].filter(Boolean).join(' and ') || 'checked';
    try {
      await this.db.transaction(async (m: EntityManager) => {
        await m.query('INSERT INTO monitoring_events (monitoring_id, user_id, day, action, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [monitoring.id, user.id, sqlDateTime(now).slice(0, 10), action, (user.spent ?? new Decimal(0)).toFixed(6), sqlDateTime(now)]);
        if (block) await m.query('UPDATE users SET blocked = 1 WHERE id = ?', [user.id]);
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
    if (notify) await this.notifyAdmin(monitoring, user, action);
    return true;
  }

  private async notifyAdmin(monitoring: MonitoringRow, user: Target, action: string): Promise<void> {
    try {
      await this.email.sendTemplate(monitoring.owner_id, 'monitoring_activated', monitoring.owner_id, {
        monitoring_id: String(monitoring.id), username: user.username, full_name: fullName(user), monitoring_action: action,
      });
    } catch (error) {
      this.logger.error(`monitoring ${monitoring.id}: notice about user ${user.id} not sent: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** monitoring_addon_activate: the monitoring's actions carried out now for the listed users. */
  async activate(caller: Caller, p: Params): Promise<{ id: string; status: string }[]> {
    if (![p.monitoring_id, p.users, p.block, p.email, p.mtype].every((v) => v !== undefined && v !== '')) throw new MorError(MISSING_PARAMS);
    const id = parseId(p.monitoring_id);
    const rows: MonitoringRow[] = id === null ? [] : await this.db.query(
      'SELECT id, amount, period_in_past, mtype, block, email, user_type, user_id, owner_id FROM monitorings WHERE id = ? AND mtype = ? AND owner_id = ?',
      [id, p.mtype, managedOwnerId(caller)]);
    const monitoring = rows[0];
    if (!monitoring || !/^\d{1,10}(,\d{1,10})*$/.test(p.users!)) throw new MorError(NOT_FOUND);
    const ids = [...new Set(p.users!.split(',').map(Number))];
    const users: Target[] = await this.db.query(`SELECT ${TARGET_COLUMNS} FROM users u WHERE u.usertype = 'user' AND u.owner_id = ? AND u.id IN (${ids.map(() => '?').join(', ')})`, [monitoring.owner_id, ...ids]);
    const found = new Map(users.map((u) => [Number(u.id), { ...u, id: Number(u.id) }]));
    const out: { id: string; status: string }[] = [];
    for (const userId of ids) {
      const user = found.get(userId);
      if (!user) {
        out.push({ id: String(userId), status: ' not found' });
        continue;
      }
      const block = p.block === 'true' || p.block === '1';
      const notify = p.email === 'true' || p.email === '1';
      if (block) await this.db.query('UPDATE users SET blocked = 1 WHERE id = ?', [user.id]);
      if (notify) await this.notifyAdmin(monitoring, user, block ? 'blocked' : 'checked');
      out.push({ id: String(userId), status: ` ${[block && 'blocked', notify && 'email sent'].filter(Boolean).join(', ') || 'checked'}` });
    }
    return out;
  }

  /**
   * Warning-balance e-mails: a user whose balance is below the warning amount is told once
   * (warning_email_hour -1) or each day at that hour (UTC); the once-notice resets when the
   * balance is back above.
   */
  async warnBalances(now: Date): Promise<number> {
    const users: Target[] = await this.db.query(`SELECT ${TARGET_COLUMNS}, u.owner_id FROM users u WHERE u.warning_email_active = 1 AND u.email <> ''`);
    let sent = 0;
    for (const user of users) {
      const below = money(user.balance).lessThan(money(user.warning_email_balance));
      const hour = Number(user.warning_email_hour);
      if (!below) {
        if (hour < 0) await this.db.query("DELETE FROM warning_balance_notices WHERE user_id = ? AND period = 'once'", [user.id]);
        continue;
      }
      if (hour >= 0 && now.getUTCHours() !== hour) continue;
      const period = hour < 0 ? 'once' : sqlDateTime(now).slice(0, 10);
      try {
        await this.db.query('INSERT INTO warning_balance_notices (user_id, period, created_at) VALUES (?, ?, ?)', [user.id, period, sqlDateTime(now)]);
      } catch (error) {
        if (isUniqueViolation(error)) continue;
        throw error;
      }
      const variables = {
        username: user.username, full_name: fullName(user), first_name: user.first_name, last_name: user.last_name,
        nice_balance: formatAmount(user.balance, 2), warning_email_balance: formatAmount(user.warning_email_balance, 2), nice_warning_email_balance: formatAmount(user.warning_email_balance, 2), currency: 'USD',
      };
      try {
        await this.email.sendTemplate(Number((user as Target & { owner_id: number }).owner_id), 'warning_balance_email', Number(user.id), variables);
        sent++;
      } catch (error) {
        // Not sent: forget the notice so the next run tries again.
        await this.db.query('DELETE FROM warning_balance_notices WHERE user_id = ? AND period = ?', [user.id, period]);
        this.logger.error(`warning e-mail to user ${user.id} not sent: ${error instanceof Error ? error.message : error}`);
      }
    }
    return sent;
  }
}
