import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Decimal } from '../../billing/money';
import { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { PeriodicJob, RunsPeriodically } from '../../database/periodic-job';
import { isUniqueViolation } from '../../database/unique';
import { SubscriptionsService } from './subscriptions.service';
import { ChargeableSubscription, billSubscriptionOnInvoice, chargeSubscription, dayOf } from './subscription-charging';

export interface ChargeRunSummary {
  subscriptions: number;
  periods: number;
  charged: Decimal;
  unpaid: number;
  /** Charges another process made first (a lost race on the period key): not charged again. */
  racedAway: number;
}

const PAGE = 500;

/**
 * Charges prepaid users' subscriptions for what falls due, and bills postpaid users' past periods
 * through their invoice (`billSubscriptionOnInvoice`). A run walks every enabled subscription; each subscription is charged
 * in its own transaction, keyed by (subscription, period), so a rerun, a crash in the middle or a
 * second process charges nothing twice. Inside the server it runs every JOBS_INTERVAL_SECONDS under
 * a lease; the CLI's `charge run` runs it directly.
 */
@Injectable()
export class ChargingService extends RunsPeriodically {
  protected readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) config: AppConfig,
    private readonly subscriptions: SubscriptionsService,
  ) {
    super();
    this.job = new PeriodicJob(db, 'subscription_charging', config.jobsIntervalSeconds, async (now) => {
      const s = await this.run(now);
      return s.periods > 0 || s.unpaid > 0 ? `charged ${s.periods} period(s), ${s.charged.toFixed(6)}; unpaid ${s.unpaid}` : null;
    });
  }

  async run(at: Date, progress?: (done: number) => void): Promise<ChargeRunSummary> {
    const summary: ChargeRunSummary = { subscriptions: 0, periods: 0, charged: new Decimal(0), unpaid: 0, racedAway: 0 };
    const today = dayOf(at);
    for (let after = 0; ;) {
      const page: { id: number; postpaid: number }[] = await this.db.query(
        `SELECT s.id, u.postpaid FROM subscriptions s JOIN users u ON u.id = s.user_id
          WHERE s.id > ? AND s.disabled = 0 AND s.activation_start <= ? ORDER BY s.id LIMIT ${PAGE}`,
        [after, `${today} 23:59:59`],
      );
      if (page.length === 0) return summary;
      for (const { id, postpaid } of page) {
        await this.chargeOne(Number(id), Number(postpaid) === 1, today, at, summary);
        summary.subscriptions++;
      }
      after = Number(page[page.length - 1].id);
      progress?.(summary.subscriptions);
    }
  }

  private async chargeOne(id: number, postpaid: boolean, today: string, at: Date, summary: ChargeRunSummary): Promise<void> {
    try {
      const outcome = await this.db.transaction(async (m) => {
        const sub: ChargeableSubscription = await this.subscriptions.chargeable(m, id);
        return (postpaid ? billSubscriptionOnInvoice : chargeSubscription)(m, sub, today, at);
      });
      summary.periods += outcome.periods;
      summary.charged = summary.charged.plus(outcome.charged);
      summary.unpaid += outcome.unpaid;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      summary.racedAway++;
    }
  }
}
