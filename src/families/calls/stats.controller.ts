import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod } from '../../api/mor-method.decorator';
import { formatAmount, money } from '../../billing/money';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { CallStatsService } from './call-stats.service';
import { dateText } from './calls-query.service';

/** MOR's Aggregate and Statistics families, and the legacy page-style main_page / new_calls_list (06 §1-C). */
@Controller()
export class StatsController {
  constructor(
    private readonly stats: CallStatsService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'aggregate_get', family: 'Aggregate', summary: 'Grouped call statistics (ASR, ACD, prices) for a period',
    hash: [], access: 'read', roles: ['admin', 'accountant', 'reseller'], roleError: Errors.notAuthorizedUse,
  })
  async aggregate(_input: unknown, ctx: MorContext) {
    const { aggregates, totals } = await this.stats.aggregate(ctx.caller!, ctx.params);
    return {
      page: {
        aggregates: aggregates.length === 0 ? '' : { aggregate: aggregates.map((a) => ({ ...Object.fromEntries(a.keys), ...CallStatsService.figures(a.totals) })) },
        totals: CallStatsService.figures(totals),
      },
    };
  }

  @MorMethod({
    name: 'quickstats_get', family: 'Statistics', summary: "Today's calls, billsec, revenue, cost, profit, margin and active calls",
    // Hashed `u` for everyone but the literal username admin (06 §2.1), whose hash is the key alone.
    hash: ['u'], hashAlso: [[]], access: 'read', roles: ['admin', 'accountant', 'reseller', 'user'], roleError: Errors.accessDenied,
  })
  async quickstats(_input: unknown, ctx: MorContext) {
    return { page: { quickstats: await this.stats.quickstats(ctx.caller!) } };
  }

  @MorMethod({
    name: 'main_page', family: 'Legacy pages', summary: "The legacy main page: missed calls, this month's and today's calls, finances",
    hash: [], access: 'read', roles: ['admin', 'accountant', 'reseller', 'user'], roleError: Errors.accessDenied, errorEnvelope: 'page',
  })
  async mainPage(_input: unknown, ctx: MorContext) {
    const caller = ctx.caller!;
    const now = new Date();
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const [ever, thisMonth, today] = await Promise.all([this.stats.history(caller, new Date(0)), this.stats.history(caller, month), this.stats.history(caller, day)]);
    const seller = caller.role !== 'user';
    const calls = (h: typeof today, period: string) => ({
      call_counts: String(h.calls), period, call_duration: String(h.billsec), ...(seller ? { call_profit: formatAmount(h.revenue.minus(h.cost)) } : {}),
    });
    const user = await this.stats.finances(caller.id);
    const currency = user?.currency ?? (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    const credit = money(user?.credit ?? 0);
    return {
      page: {
        pagename: 'Main page', username: caller.username, userid: String(caller.id), language: String(user?.language || 'en'),
        stats: {
          missed_calls: { missed_today: String(today.missed), missed_total: String(ever.missed) },
          call_history: { calls: [calls(thisMonth, 'Month'), calls(today, 'Day')] },
          finances: {
            account: Number(user?.postpaid) === 1 ? 'Postpaid' : 'Prepaid', balance: `${formatAmount(user?.balance ?? 0)} ${currency}`,
            credit: credit.isNegative() ? 'Unlimited' : formatAmount(credit),
          },
        },
      },
    };
  }

  @MorMethod({
    name: 'new_calls_list', family: 'Legacy pages', summary: "The legacy page of today's calls",
    hash: [], access: 'read', roles: ['admin', 'accountant', 'reseller', 'user'], roleError: Errors.accessDenied, errorEnvelope: 'page',
  })
  async newCalls(_input: unknown, ctx: MorContext) {
    const rows = await this.stats.todaysCalls(ctx.caller!);
    return {
      page: {
        // [sic] MOR X8 names this page "User subscriptions".
        pagename: 'User subscriptions', language: 'en', userid: String(ctx.caller!.id),
        calls_stat: {
          total_calls: String(rows.length),
          calls: rows.length === 0 ? '' : {
            call: rows.map((r) => ({ date: dateText(r.calldate), called_from: String(r.src), called_to: String(r.dst), duration: String(r.billsec), hangup_cause: String(r.hangupcause) })),
          },
        },
      },
    };
  }
}
