import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod } from '../../api/mor-method.decorator';
import { successDoc } from '../../api/xml';
import { floatText, formatAmount } from '../../billing/money';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { formatDateTime } from '../tariffs/tariff-xml';
import { SMS_STATUS, SmsService, smsTip } from './sms.service';

const family = 'SMS';
const time = (v: unknown) => `${formatDateTime(v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`))} +0000`;

@Controller()
export class SmsController {
  constructor(
    private readonly sms: SmsService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({ name: 'sms_send', aliases: ['send_sms'], family, summary: 'Send an SMS through an SMS LCR and charge it', hash: ['lcr_id', 'dst', 'src', 'message'], access: 'write', roles: ['user'], roleError: 'Access Denied' })
  async send(_input: Params, ctx: MorContext) {
    const sent = await this.sms.send(ctx.caller!, ctx.params);
    const currency = (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    return {
      page: {
        response: {
          status: sent.statusCode === SMS_STATUS.sent ? 'ok' : 'failed',
          message: { message_id: String(sent.messageId), sms_status_code_tip: smsTip(sent.statusCode), price: formatAmount(sent.price), currency },
        },
      },
    };
  }

  @MorMethod({ name: 'user_sms_service_subscribe', family, summary: 'Subscribe a user to the SMS service with an SMS tariff (and, for the admin, an SMS LCR)', hash: ['user_id', 'sms_tariff_id'], access: 'write', roles: ['admin', 'reseller', 'accountant'], errorEnvelope: 'status' })
  async subscribe(_input: Params, ctx: MorContext) {
    await this.sms.subscribe(ctx.caller!, ctx.params);
    return successDoc('User successfully subscribed to SMS service');
  }

  @MorMethod({
    name: 'user_sms_get', family, summary: 'SMS messages of a period', hash: [],
    hashAlso: [['from', 'till', 'user_id', 'status_code', 'provider_id', 'reseller_id', 'destination', 'number']],
    access: 'read', roles: ['admin', 'reseller', 'accountant', 'user'], errorEnvelope: 'status',
  })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.sms.list(ctx.caller!, ctx.params);
    return {
      page: {
        sms_messages: {
          sms_message: rows.map((r) => ({
            id: String(r.id), sending_date: time(r.sending_date), status_code: String(r.status_code), provider_id: String(r.provider_id),
            provider_rate: floatText(r.provider_rate as string), provider_price: floatText(r.provider_price as string), user_id: String(r.user_id),
            user_rate: floatText(r.user_rate as string), user_price: floatText(r.user_price as string), reseller_id: String(r.reseller_id),
            reseller_rate: floatText(r.reseller_rate as string), reseller_price: floatText(r.reseller_price as string), prefix: String(r.prefix), number: String(r.number),
            clickatell_message_id: String(r.clickatell_message_id ?? ''),
          })),
        },
      },
    };
  }
}
