import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { uploadedFileName } from '../../api/http';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { canAccessUser } from '../../api/ownership';
import { Decimal } from '../../billing/money';
import { lockRow } from '../../database/transaction';
import { Setting } from '../../settings/setting-names';
import { CLOCK, Clock, sqlTime, timeText, unixParam, utcDay } from './clock';
import { Campaign, CampaignNumber } from './telephony.entity';
import { DIALABLE, TelephonyAccess } from './telephony-access';

export const AutodialerTexts = {
  notAuthorized: 'You are not authorized to use this functionality',
  notFound: 'Campaign was not found',
  noFile: 'Please provide a file',
  notCsv: 'Please provide CSV file',
  emptyFile: 'File is empty',
  noNumbers: 'Campaign does not have any Numbers',
  noCalls: 'Campaign does not have any Calls in selected time period',
  fromAfterTill: 'Date from is greater than date till',
  started: 'Campaign started',
  stopped: 'Campaign stopped',
  redialed: 'Failed calls will be redialed',
} as const;

const INSERT_CHUNK = 500;

/** Whole seconds as H:MM:SS ('' for none, as MOR's example shows an empty element). */
function duration(seconds: number): string {
  if (seconds <= 0) return '';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** `part` of `total` as MOR prints it: a percentage with at most two decimals, e.g. 40%. */
export function percent(part: number, total: number): string {
  return `${total === 0 ? '0' : new Decimal(part).mul(100).div(total).toDecimalPlaces(2).toString()}%`;
}

/** One number per line (first CSV column; quotes and spaces dropped); '' for an empty line. */
export function csvNumbers(content: Buffer): string[] {
  return content.toString('utf8').split(/\r?\n|\r/).map((line) => line.split(/[,;]/)[0].replace(/["'\s]/g, '')).filter((n) => n !== '');
}

/** The autodialer API methods; dialing itself is AutodialerEngine's. */
@Injectable()
export class AutodialerService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TelephonyAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** autodialer_upload_numbers: the owner adds numbers from a CSV file; invalid and (unless allowed) duplicate numbers are skipped. */
  async upload(caller: Caller, p: Params, files: Record<string, Buffer>): Promise<string> {
    await this.addon();
    const file = files.file;
    if (!file) throw new MorError(AutodialerTexts.noFile);
    if (!uploadedFileName(file).toLowerCase().endsWith('.csv')) throw new MorError(AutodialerTexts.notCsv);
    if (file.length === 0) throw new MorError(AutodialerTexts.emptyFile);
    const numbers = csvNumbers(file);
    let imported = 0;
    await this.db.transaction(async (m) => {
      const campaign = await this.owned(m, caller, p.id);
      const seen = new Set<string>();
      if (!campaign.allow_duplicates) {
        const existing: { number: string }[] = await m.query('SELECT number FROM adnumbers WHERE campaign_id = ?', [campaign.id]);
        for (const row of existing) seen.add(row.number);
      }
      const fresh = numbers.filter((n) => DIALABLE.test(n) && (campaign.allow_duplicates || (!seen.has(n) && (seen.add(n), true))));
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        await m.getRepository(CampaignNumber).insert(fresh.slice(i, i + INSERT_CHUNK).map((number) => ({ campaign_id: campaign.id, number })));
      }
      imported = fresh.length;
    });
    return `${imported} out of ${numbers.length} numbers were imported`;
  }

  /** autodialer_change_campaign_status: stop a running campaign, or start one that has free numbers and actions. */
  async toggle(caller: Caller, p: Params): Promise<{ success?: string; message?: string[] }> {
    await this.addon();
    return this.db.transaction(async (m) => {
      const campaign = await this.owned(m, caller, p.id);
      if (campaign.status === 'enabled') {
        await m.query("UPDATE campaigns SET status = 'disabled' WHERE id = ?", [campaign.id]);
        return { success: AutodialerTexts.stopped };
      }
      const messages: string[] = [];
      const free: { n: number }[] = await m.query(
        "SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND (status = 'new' OR (status = 'failed' AND attempts <= ?))", [campaign.id, campaign.max_retries],
      );
      if (Number(free[0].n) === 0) messages.push(`No free numbers for Campaign: ${campaign.name}`);
      const actions: { n: number }[] = await m.query('SELECT COUNT(*) AS n FROM adactions WHERE campaign_id = ?', [campaign.id]);
      if (Number(actions[0].n) === 0) messages.push(`No actions for Campaign: ${campaign.name}`);
      if (messages.length > 0) return { message: messages };
      await m.query("UPDATE campaigns SET status = 'enabled' WHERE id = ?", [campaign.id]);
      return { success: AutodialerTexts.started };
    });
  }

  /** autodialer_redial_all_failed_calls: every failed number is dialed again from the start (attempts reset). */
  async redialFailed(caller: Caller, p: Params): Promise<number> {
    await this.addon();
    return this.db.transaction(async (m) => {
      const campaign = await this.owned(m, caller, p.id);
      const failed: { n: number }[] = await m.query("SELECT COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? AND status = 'failed'", [campaign.id]);
      await m.query("UPDATE adnumbers SET status = 'new', attempts = 0, next_attempt_at = 0 WHERE campaign_id = ? AND status = 'failed'", [campaign.id]);
      return Number(failed[0].n);
    });
  }

  /** autodialer_get_campaign_statistics: numbers by state, and the campaign's calls in the period by outcome. */
  async statistics(caller: Caller, p: Params): Promise<Record<string, unknown>> {
    await this.addon();
    const campaign = await this.visible(caller, p.id);
    const today = utcDay(this.clock.now());
    const from = unixParam(p.period_start, today.from, 'Date from is incorrect format');
    const till = unixParam(p.period_end, today.till, 'Date till is incorrect format');
    if (from > till) throw new MorError(AutodialerTexts.fromAfterTill);
    const numbers: { status: string; n: number }[] = await this.db.query('SELECT status, COUNT(*) AS n FROM adnumbers WHERE campaign_id = ? GROUP BY status', [campaign.id]);
    const byStatus = (s: string) => Number(numbers.find((r) => r.status === s)?.n ?? 0);
    const totalNumbers = numbers.reduce((sum, r) => sum + Number(r.n), 0);
    if (totalNumbers === 0) throw new MorError(AutodialerTexts.noNumbers);
    const calls: { outcome: string; n: number; billsec: number; long: number }[] = await this.db.query(
      'SELECT outcome, COUNT(*) AS n, SUM(billsec) AS billsec, SUM(CASE WHEN billsec > 10 THEN billsec ELSE 0 END) AS "long" FROM campaign_calls WHERE campaign_id = ? AND started_at >= ? AND started_at < ? GROUP BY outcome',
      [campaign.id, sqlTime(new Date(from * 1000)), sqlTime(new Date((till + 1) * 1000))],
    );
    const totalCalls = calls.reduce((sum, r) => sum + Number(r.n), 0);
    if (totalCalls === 0) throw new MorError(AutodialerTexts.noCalls);
    const count = (o: string) => Number(calls.find((r) => r.outcome === o)?.n ?? 0);
    const block = (name: string, o: string) => ({ [`${name}_calls`]: String(count(o)), [`${name}_percent`]: percent(count(o), totalCalls) });
    return {
      campaign_name: campaign.name,
      campaign_statistics: {
        period: { period_start: sqlTime(new Date(from * 1000)), period_end: sqlTime(new Date(till * 1000)) },
        total_numbers: String(totalNumbers),
        failed: String(byStatus('failed')),
        completed: String(byStatus('completed')),
        total_call_time: duration(calls.reduce((sum, r) => sum + Number(r.billsec ?? 0), 0)),
        total_call_time_longer_than_10s: duration(calls.reduce((sum, r) => sum + Number(r.long ?? 0), 0)),
        answered: block('answered', 'answered'),
        no_answer: block('no_answer', 'no_answer'),
        busy: block('busy', 'busy'),
        failed_calls: block('failed', 'failed'),
        total_calls: String(totalCalls),
      },
    };
  }

  /** autodialer_get_campaign_ivr_poll_results: `<results, space separated>,<first result time>,<last result time>`. */
  async pollResults(caller: Caller, p: Params): Promise<string> {
    await this.addon();
    const campaign = await this.visible(caller, p.id);
    const rows: { result: string; created_at: unknown }[] = await this.db.query('SELECT result, created_at FROM campaign_poll_results WHERE campaign_id = ? ORDER BY created_at, id', [campaign.id]);
    if (rows.length === 0) return '';
    return `${rows.map((r) => r.result).join(' ')},${timeText(rows[0].created_at)},${timeText(rows[rows.length - 1].created_at)}`;
  }

  private async addon(): Promise<void> {
    if (!(await this.access.addonOn(Setting.autodialerAddon))) throw new MorError(AutodialerTexts.notAuthorized);
  }

  /**
   * The caller's own campaign (only its owner changes a campaign), locked until the transaction
   * ends: changes of one campaign take turns (a toggle sees the state the previous one left, an
   * upload sees the numbers the previous one stored).
   */
  private async owned(m: EntityManager, caller: Caller, raw: string | undefined): Promise<Campaign> {
    const id = parseId(raw);
    if (id !== null) await lockRow(m, 'campaigns', id);
    const campaign = id === null ? null : await m.getRepository(Campaign).findOneBy({ id, user_id: caller.id });
    if (!campaign) throw new MorError(AutodialerTexts.notFound);
    return campaign;
  }

  /** A campaign of a user within the caller's reach (read methods). */
  private async visible(caller: Caller, raw: string | undefined): Promise<Campaign> {
    const id = parseId(raw);
    const campaign = id === null ? null : await this.db.getRepository(Campaign).findOneBy({ id });
    const owner: { id: number; owner_id: number }[] = campaign ? await this.db.query('SELECT id, owner_id FROM users WHERE id = ?', [campaign.user_id]) : [];
    if (!campaign || !owner[0] || !canAccessUser(caller, { id: Number(owner[0].id), owner_id: Number(owner[0].owner_id) })) throw new MorError(AutodialerTexts.notFound);
    return campaign;
  }
}
