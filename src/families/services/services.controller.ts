import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc } from '../../api/xml';
import { floatText, formatAmount } from '../../billing/money';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { formatDateTime } from '../tariffs/tariff-xml';
import { ServicesService } from './services.service';
import { SubscriptionListRow, SubscriptionsService } from './subscriptions.service';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];
const ALL: Role[] = [...MANAGERS, 'user'];
const family = 'Services';

const niceUser = (r: SubscriptionListRow) => `${r.first_name} ${r.last_name}`.trim() || r.username;
const mysqlTime = (v: string | Date | null) => (v ? `${formatDateTime(v instanceof Date ? v : new Date(`${String(v).replace(' ', 'T')}Z`))} +0000` : '');

@Controller()
export class ServicesController {
  constructor(
    private readonly services: ServicesService,
    private readonly subscriptions: SubscriptionsService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({ name: 'service_create', family, summary: 'Create a service (periodic, one-time or flat-rate fee)', hash: ['new_service_name', 'new_service_type'], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async create(_input: Params, ctx: MorContext) {
    const id = await this.services.create(ctx.caller!, ctx.params);
    return { page: { status: { success: 'Service successfully created', service: { id: String(id) } } } };
  }

  @MorMethod({ name: 'service_update', family, summary: "Change a service's fields", hash: ['service_id'], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async update(_input: Params, ctx: MorContext) {
    await this.services.update(ctx.caller!, ctx.params);
    return successDoc('Service successfully updated');
  }

  @MorMethod({ name: 'service_delete', family, summary: 'Delete a service without subscriptions', hash: ['service_id'], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async delete(_input: Params, ctx: MorContext) {
    await this.services.delete(ctx.caller!, ctx.params);
    return successDoc('Service was successfully deleted');
  }

  @MorMethod({ name: 'services_get', family, summary: "The caller's services", hash: [], access: 'read', roles: MANAGERS })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.services.list(ctx.caller!);
    const currency = (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    return {
      page: {
        services: {
          service: rows.map((s) => ({
            id: String(s.id), name: s.name, memo: s.memo ?? '', type: s.servicetype, period: s.period, price: floatText(s.price),
            self_cost: floatText(s.selfcost_price), currency, quantity: String(s.quantity || 1),
          })),
        },
      },
    };
  }

  @MorMethod({ name: 'subscription_create', family: 'Subscriptions', summary: 'Subscribe a user to a service (a prepaid user pays the first period at once)', hash: ['user_id', 'service_id'], hashAlso: [['service_id', 'user_id']], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async subscribe(_input: Params, ctx: MorContext) {
    const [id] = await this.subscriptions.create(ctx.caller!, ctx.params, [ctx.params.service_id ?? '']);
    return successDoc('Subscription was successfully created', { id: String(id) });
  }

  @MorMethod({ name: 'subscription_create_bulk', family: 'Subscriptions', summary: 'Subscribe a user to several services (comma list; repeats repeat)', hash: ['user_id', 'service_id'], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async subscribeBulk(_input: Params, ctx: MorContext) {
    const ids = await this.subscriptions.create(ctx.caller!, ctx.params, (ctx.params.service_id ?? '').split(','), 'One or more Service was not found');
    return successDoc('Subscriptions were successfully created', { ids: ids.join(',') });
  }

  @MorMethod({ name: 'subscription_update', family: 'Subscriptions', summary: "Change a subscription's terms", hash: ['subscription_id'], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async updateSubscription(_input: Params, ctx: MorContext) {
    await this.subscriptions.update(ctx.caller!, ctx.params);
    return successDoc('Subscription was successfully updated');
  }

  @MorMethod({ name: 'subscription_delete', family: 'Subscriptions', summary: 'Delete (1), disable (2) or delete and refund (3) a subscription', hash: ['subscription_id', 'subscription_delete_action'], access: 'write', roles: MANAGERS, errorEnvelope: 'status' })
  async deleteSubscription(_input: Params, ctx: MorContext) {
    return successDoc(await this.subscriptions.delete(ctx.caller!, ctx.params));
  }

  @MorMethod({
    name: 'subscriptions_get', family: 'Subscriptions', summary: 'Subscriptions matching the filters', hash: [],
    hashAlso: [['service_id', 'subscription_activation_start', 'subscription_activation_end', 'subscription_memo', 'subscription_until_canceled', 'user_id']],
    access: 'read', roles: ALL, errorEnvelope: 'status',
  })
  async listSubscriptions(_input: Params, ctx: MorContext) {
    const rows = await this.subscriptions.list(ctx.caller!, ctx.params);
    return {
      page: {
        status: {
          subscriptions: {
            subscription: rows.map((r) => ({
              id: String(r.id), user: niceUser(r), device: '', service: r.service_name, from: mysqlTime(r.activation_start), till: mysqlTime(r.activation_end),
              time_left: '', memo: r.memo, type: r.servicetype, price: formatAmount(r.price), user_id: String(r.user_id),
            })),
          },
        },
      },
    };
  }
}
