import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { formatAmount } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { CallsQueryService, dateText } from './calls-query.service';
import { callElement } from './user-calls';

const EVERYONE: Role[] = ['admin', 'accountant', 'reseller', 'user'];
const USER_CALLS_HASH = [
  'period_start', 'period_end', 's_user', 's_call_type', 's_device', 's_provider', 's_hgc', 's_did', 's_destination', 'order_by', 'order_desc', 'only_did',
  's_uniqueid', 's_callback_uniqueid', 'originator_codec_name', 'terminator_codec_name',
];

/** MOR's Calls family: CDR lists and calls in progress (03 "Calls", 06 §2.2). */
@Controller()
export class CallsController {
  constructor(
    private readonly query: CallsQueryService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'user_calls_get', aliases: ['user_calls'], family: 'Calls', summary: "CDRs of a user (or a reseller's users) in a period",
    hash: USER_CALLS_HASH, access: 'read', roles: EVERYONE, roleError: Errors.accessDenied, errorEnvelope: 'status',
  })
  async userCalls(_input: unknown, ctx: MorContext) {
    const caller = ctx.caller!;
    const p = ctx.params;
    const result = await this.query.userCalls(caller, p, (await this.settings.get(Setting.defaultCurrency)) ?? 'USD');
    const currency = { name: result.subject.currency, rate: formatAmount(result.subject.rate, 6) };
    const admin = caller.role === 'admin' || caller.role === 'accountant';
    const show = (v: string | undefined) => (v === undefined || v === '' ? 'all' : v);
    return {
      page: {
        pagename: 'Calls', language: 'en', error_msg: '', userid: String(result.subject.id), username: result.subject.username, total_calls: String(result.total),
        currency: result.subject.currency,
        calls_stat: {
          period: { period_start: sqlDateTime(result.period.start), period_end: sqlDateTime(result.period.end) },
          show_user: show(p.s_user), show_device: show(p.s_device), show_status: show(p.s_call_type),
          ...(admin ? { show_provider: show(p.s_provider), show_hgc: show(p.s_hgc) } : {}),
          show_reseller: show(p.s_reseller),
          ...(admin ? { show_did: show(p.s_did) } : {}),
          show_destination: p.s_destination ?? '',
          calls: result.rows.length === 0 ? '' : { call: result.rows.map((r) => callElement(r, caller.role, currency)) },
        },
      },
    };
  }

  @MorMethod({
    name: 'local_calls_get', family: 'Calls', summary: "A user's device-to-device calls in a period",
    hash: ['from', 'till', 's_user'], hashAlso: [[]], access: 'read', roles: EVERYONE, roleError: Errors.accessDenied,
  })
  async localCalls(_input: unknown, ctx: MorContext) {
    const rows = await this.query.localCalls(ctx.caller!, ctx.params);
    return {
      page: {
        local_calls: rows.length === 0 ? '' : {
          call: rows.map((r) => ({
            calldate: { date: dateText(r.calldate), timezone: 'GMT +0000' }, originator_device: String(r.originator_device ?? ''),
            originator_caller_id: String(r.clid ?? r.src ?? ''), orignator_ip: String(r.originator_ip ?? ''), orignator_channel: String(r.channel ?? ''),
            terminator_user: String(r.terminator_user ?? ''), terminator_device: String(r.terminator_device ?? ''), terminator_ip: String(r.terminator_ip ?? ''),
          })),
        },
      },
    };
  }

  @MorMethod({
    name: 'active_calls_get', family: 'Calls', summary: 'Calls in progress, filtered',
    hash: ['u'], hashAlso: [[]], access: 'read', roles: EVERYONE, roleError: Errors.accessDenied,
  })
  async activeCalls(_input: unknown, ctx: MorContext) {
    const rows = await this.query.activeCalls(ctx.caller!, ctx.params);
    const now = Date.now();
    const since = (v: unknown) => String(Math.max(0, Math.floor((now - new Date(`${dateText(v).replace(' ', 'T')}Z`).getTime()) / 1000)));
    return {
      page: {
        active_call: rows.map((a) => {
          const answered = a.status === 'answered';
          return {
            id: String(a.id), uniqueid: String(a.uniqueid), status: answered ? 'Answered' : 'Ringing', answer_time: answered ? dateText(a.answer_time) : '',
            duration: answered ? since(a.answer_time) : since(a.start_time), src: String(a.src), user_id: String(a.user_id), user: String(a.username ?? ''),
            src_device_id: String(a.src_device_id), device_type: String(a.device_type ?? ''), device_extension: String(a.extension ?? ''),
            device_name: String(a.device_name ?? ''), device_istrunk: String(a.istrunk ?? 0), device_ani: String(a.device_ani ?? ''),
            localized_dst: String(a.localized_dst), dst: String(a.dst), provider_id: String(a.provider_id), provider_name: String(a.provider_name ?? ''),
            did_id: String(a.did_id), did: String(a.did_number ?? ''), dst_user_id: String(a.dst_user_id), dst_device_id: String(a.dst_device_id),
            server_id: String(a.server_id), max_duration: String(a.max_duration),
          };
        }),
      },
    };
  }
}
