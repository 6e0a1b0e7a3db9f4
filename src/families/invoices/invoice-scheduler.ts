import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '../../database/unique';
import { sqlDateTime } from '../../ledger/ledger';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { InvoiceGenerator, type GenerateResult } from './invoice-generator.service';

const JOB = 'invoices:postpaid';
const CHECK_MS = 15 * 60 * 1000;
/** A claim older than this whose run never finished (its process died) may be taken over. */
const STALE_MS = 60 * 60 * 1000;

/** The previous calendar month of `now` (UTC): its key and first/last day. */
export function previousMonth(now: Date): { key: string; from: string; till: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { key: day(first).slice(0, 7), from: day(first), till: day(last) };
}

/**
 * The monthly invoice run: while "invoices_monthly_run" is on, every process checks each quarter
 * hour whether last month's postpaid invoices were generated; one claims the run with a row in
 * job_runs (unique per job and month) and generates; the others see the claim and do nothing. A
 * run whose process died is taken over after an hour; generation is idempotent, so it finishes.
 */
@Injectable()
export class InvoiceScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Invoices');
  private timer: NodeJS.Timeout | null = null;
  private readonly me = `${hostname()}:${process.pid}`;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
    private readonly generator: InvoiceGenerator,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(new Date()).catch((e: Error) => this.logger.error(`Monthly invoice run failed: ${e.message}`)), CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One check: runs last month's invoices if this process claims them. Null when nothing ran. */
  async tick(now: Date, claimer = this.me): Promise<GenerateResult | null> {
    if (!(await this.settings.flag(Setting.invoicesMonthlyRun))) return null;
    const month = previousMonth(now);
    if (!(await this.claim(month.key, now, claimer))) return null;
    const result = await this.generator.generate({ from: month.from, till: month.till, issueDate: now.toISOString().slice(0, 10), users: 'postpaid' });
    await this.db.query('UPDATE job_runs SET finished_at = ? WHERE job = ? AND period = ? AND claimed_by = ?', [sqlDateTime(new Date()), JOB, month.key, claimer]);
    this.logger.log(`Invoices for ${month.key}: ${result.created} created, ${result.recalculated} recalculated`);
    return result;
  }

  private async claim(period: string, now: Date, claimer: string): Promise<boolean> {
    try {
      await this.db.query('INSERT INTO job_runs (job, period, claimed_by, started_at) VALUES (?, ?, ?, ?)', [JOB, period, claimer, sqlDateTime(now)]);
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    const stale = sqlDateTime(new Date(now.getTime() - STALE_MS));
    const taken = await this.db.createQueryBuilder().update('job_runs').set({ claimed_by: claimer, started_at: sqlDateTime(now) })
      .where('job = :job AND period = :period AND finished_at IS NULL AND started_at < :stale', { job: JOB, period, stale }).execute();
    return (taken.affected ?? 0) > 0;
  }
}
