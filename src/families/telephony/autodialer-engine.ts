import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AmiConnection, AmiError } from '../../ami/ami-client';
import { AmiFields, AmiMessage } from '../../ami/ami-protocol';
import { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { Setting } from '../../settings/setting-names';
import { CALLS_PORT, CallsPort } from './calls-port';
import { CLOCK, Clock, sqlTime } from './clock';
import { JobLease } from '../../database/job-lease';
import { ServersService } from './servers.service';
import { Campaign } from './telephony.entity';
import { DeviceRow, TelephonyAccess } from './telephony-access';

export type Outcome = 'answered' | 'busy' | 'no_answer' | 'failed';

/** Dialplan of the autodialer: the number is rung through mor_ad_dial, an answered call runs the campaign's actions. */
export const AUTODIALER_CONTEXTS = { dial: 'mor_ad_dial', actions: 'mor_ad_actions' } as const;

/** Asterisk's OriginateResponse Reason: 4 answered, 5 busy, 3 ring timeout and 1 hung up unanswered; anything else failed. */
export function outcomeOf(event: AmiMessage): Outcome {
  switch (event.get('Reason')) {
    case '4':
      return 'answered';
    case '5':
      return 'busy';
    case '1':
    case '3':
      return 'no_answer';
    default:
      return 'failed';
  }
}

/** Whether a UTC time of day ('HH:MM:SS') is inside a campaign's window; a window past midnight wraps. */
export function inWindow(start: string, stop: string, at: Date): boolean {
  const now = at.toISOString().slice(11, 19);
  return start <= stop ? start <= now && now <= stop : now >= start || now <= stop;
}

export interface RunReport {
  claimed: boolean;
  campaigns: number;
  dialed: number;
  outcomes: Record<Outcome, number>;
}

/** How long past a call's own wait a number may stay executing before a later run takes it as failed. */
const STUCK_MARGIN_SECONDS = 120;

/** The UserEvent an IVR poll sends: `UserEvent: MorAutodialerPoll`, `CampaignID`, `NumberID`, `Result`. */
export const POLL_EVENT = 'MorAutodialerPoll';

/**
 * Dials active campaigns. One run (claimed in the database, so one process at a time): for each
 * enabled campaign inside its window, up to `channels` numbers that are new, or failed with
 * retries left and their retry time passed, are marked executing and originated at once through
 * the manager interface (Async; the outcome is the OriginateResponse event, waited for up to the
 * campaign's wait time). Each call is recorded with its outcome; an answered number is completed,
 * any other is failed and retried after retry_time while attempts <= max_retries. A campaign's
 * status is read when its batch is chosen, so stopping it stops dialing from the next poll on.
 */
@Injectable()
export class AutodialerEngine {
  private readonly logger = new Logger('Autodialer');
  private readonly lease: JobLease;
  private readonly listened = new WeakSet<AmiConnection>();
  /** Calls a campaign places at once in one run. */
  channels = 20;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly servers: ServersService,
    private readonly access: TelephonyAccess,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CALLS_PORT) private readonly calls: CallsPort,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {
    this.lease = new JobLease(db, 'autodialer', `${process.pid}-${randomUUID()}`);
  }

  async runOnce(): Promise<RunReport> {
    const report: RunReport = { claimed: false, campaigns: 0, dialed: 0, outcomes: { answered: 0, busy: 0, no_answer: 0, failed: 0 } };
    const campaigns = await this.db.query("SELECT id FROM campaigns WHERE status = 'enabled' ORDER BY id");
    const longestWait: { w: number | null }[] = await this.db.query("SELECT MAX(wait_time) AS w FROM campaigns WHERE status = 'enabled'");
    const holdMs = (Number(longestWait[0]?.w ?? 0) + 60) * 1000 + this.config.amiTimeoutMs * 2;
    if (!(await this.lease.claim(this.clock.now().getTime(), holdMs))) return report;
    report.claimed = true;
    try {
      if (!(await this.access.addonOn(Setting.autodialerAddon))) return report;
      for (const { id } of campaigns as { id: number }[]) await this.runCampaign(Number(id), report);
    } finally {
      await this.lease.release();
    }
    return report;
  }

  private async runCampaign(id: number, report: RunReport): Promise<void> {
    const now = this.clock.now();
    const campaign = await this.db.getRepository(Campaign).findOneBy({ id, status: 'enabled' });
    if (!campaign || !inWindow(campaign.start_time, campaign.stop_time, now)) return;
    const device = await this.access.device(campaign.device_id);
    const server = device ? await this.servers.find(await this.serverOf(device.id)) : null;
    if (!device || !server) {
      this.logger.warn(`Campaign ${campaign.id}: ${device ? 'no active server' : 'its device is gone'}; not dialed`);
      return;
    }
    let session: AmiConnection;
    try {
      session = await this.servers.ami.session(this.servers.target(server));
    } catch (error) {
      if (!(error instanceof AmiError)) throw error;
      this.logger.warn(`Campaign ${campaign.id}: cannot connect to Asterisk server ${server.id} (${error.kind}); not dialed`);
      return;
    }
    this.listenForPolls(session);
    const numbers = await this.claimNumbers(campaign, now);
    if (numbers.length === 0) return;
    report.campaigns += 1;
    report.dialed += numbers.length;
    await Promise.all(numbers.map(async (n) => {
      const outcome = await this.dial(session, campaign, device, n);
      report.outcomes[outcome.outcome] += 1;
      await this.record(campaign, n, outcome.outcome, outcome.uniqueid, outcome.channel);
      if (outcome.outcome === 'answered') {
        await this.calls.originated({ kind: 'autodialer', deviceId: device.id, userId: device.user_id, number: n.number, uniqueid: outcome.uniqueid, campaignId: campaign.id });
      }
    }));
  }

  /**
   * Marks the next due numbers executing (one attempt more, with a deadline in next_attempt_at);
   * a number another run took meanwhile is skipped. A number still executing past its deadline
   * (its run crashed) counts as a failed attempt first, so the next run finishes the work.
   */
  private async claimNumbers(campaign: Campaign, now: Date): Promise<{ id: number; number: string; attempts: number }[]> {
    const nowSec = Math.floor(now.getTime() / 1000);
    const deadline = nowSec + campaign.wait_time + Math.ceil(this.config.amiTimeoutMs / 1000) + STUCK_MARGIN_SECONDS;
    return this.db.transaction(async (m) => {
      await m.query("UPDATE adnumbers SET status = 'failed' WHERE campaign_id = ? AND status = 'executing' AND next_attempt_at <= ?", [campaign.id, nowSec]);
      const due: { id: number; number: string; attempts: number; status: string }[] = await m.query(
        `SELECT id, number, attempts, status FROM adnumbers WHERE campaign_id = ? AND (status = 'new' OR (status = 'failed' AND attempts <= ? AND next_attempt_at <= ?))
         ORDER BY id LIMIT ${Math.max(1, Math.floor(this.channels))}`,
        [campaign.id, campaign.max_retries, nowSec],
      );
      const taken: { id: number; number: string; attempts: number }[] = [];
      for (const n of due) {
        const result = await m.createQueryBuilder().update('adnumbers').set({ status: 'executing', attempts: Number(n.attempts) + 1, executed_time: sqlTime(now), next_attempt_at: deadline })
          .where('id = :id AND status = :status', { id: n.id, status: n.status }).execute();
        if (result.affected === 1) taken.push({ id: Number(n.id), number: n.number, attempts: Number(n.attempts) + 1 });
      }
      return taken;
    });
  }

  private async dial(session: AmiConnection, campaign: Campaign, device: DeviceRow, n: { id: number; number: string }): Promise<{ outcome: Outcome; uniqueid: string; channel: string }> {
    const fields: AmiFields = [
      ['Action', 'Originate'],
      ['Channel', `Local/${n.number}@${AUTODIALER_CONTEXTS.dial}/n`],
      ['Context', AUTODIALER_CONTEXTS.actions],
      ['Exten', String(campaign.id)],
      ['Priority', '1'],
      ['Timeout', String(campaign.wait_time * 1000)],
      ['CallerID', campaign.callerid || device.callerid],
      ['Account', device.accountcode || String(device.id)],
      ['Async', 'true'],
      ['Variable', `MOR_AD_CAMPAIGN_ID=${campaign.id}`],
      ['Variable', `MOR_AD_NUMBER_ID=${n.id}`],
      ['Variable', `MOR_AD_DEVICE_ID=${device.id}`],
      ['Variable', `MOR_AD_USER_ID=${device.user_id}`],
    ];
    try {
      const event = await session.actionWithEvent(fields, 'OriginateResponse', campaign.wait_time * 1000 + this.config.amiTimeoutMs);
      const uniqueid = event.get('Uniqueid') ?? '';
      return { outcome: outcomeOf(event), uniqueid: uniqueid === '<null>' ? '' : uniqueid, channel: event.get('Channel') ?? '' };
    } catch (error) {
      if (!(error instanceof AmiError)) throw error;
      return { outcome: 'failed', uniqueid: '', channel: '' };
    }
  }

  /** The call and the number's new state, together. */
  private async record(campaign: Campaign, n: { id: number; number: string; attempts: number }, outcome: Outcome, uniqueid: string, channel: string): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await m.query('INSERT INTO campaign_calls (campaign_id, adnumber_id, number, attempt, started_at, outcome, uniqueid, channel, billsec) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)',
        [campaign.id, n.id, n.number, n.attempts, sqlTime(now), outcome, uniqueid, channel.slice(0, 255)]);
      if (outcome === 'answered') {
        await m.query("UPDATE adnumbers SET status = 'completed', completed_time = ? WHERE id = ?", [sqlTime(now), n.id]);
      } else {
        await m.query("UPDATE adnumbers SET status = 'failed', next_attempt_at = ? WHERE id = ?", [Math.floor(now.getTime() / 1000) + campaign.retry_time, n.id]);
      }
    });
  }

  private async serverOf(deviceId: number): Promise<number | null> {
    const rows: { server_id: number }[] = await this.db.query('SELECT server_id FROM server_devices WHERE device_id = ? ORDER BY server_id LIMIT 1', [deviceId]);
    return rows[0] ? Number(rows[0].server_id) : null;
  }

  /** IVR poll answers arrive as UserEvents on the manager session while the campaign's calls run. */
  private listenForPolls(session: AmiConnection): void {
    if (this.listened.has(session)) return;
    this.listened.add(session);
    session.on('event', (event: AmiMessage) => {
      if (event.get('Event') !== 'UserEvent' || event.get('UserEvent') !== POLL_EVENT) return;
      const campaignId = Number(event.get('CampaignID'));
      const numberId = Number(event.get('NumberID') ?? 0);
      const result = (event.get('Result') ?? '').slice(0, 100);
      if (!Number.isInteger(campaignId) || campaignId <= 0 || !Number.isInteger(numberId) || result === '') return;
      this.db.query('INSERT INTO campaign_poll_results (campaign_id, adnumber_id, result, created_at) VALUES (?, ?, ?, ?)', [campaignId, numberId, result, sqlTime(this.clock.now())])
        .catch((error: Error) => this.logger.warn(`Poll result not stored: ${error.message}`));
    });
  }
}
