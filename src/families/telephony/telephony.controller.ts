import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc } from '../../api/xml';
import { CallbackService } from './callback.service';
import { IvrService, IvrTexts } from './ivr.service';
import { MorphoneService } from './morphone.service';
import { QueueService } from './queue.service';
import { SpyService, SpyTexts } from './spy.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];
const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];

/** Callback, Spy, Queue, IVR and MOR Phone: the methods that act on or read from the switch. */
@Controller()
export class TelephonyController {
  constructor(
    private readonly callbacks: CallbackService,
    private readonly spies: SpyService,
    private readonly queues: QueueService,
    private readonly ivrs: IvrService,
    private readonly morphone: MorphoneService,
  ) {}

  @MorMethod({
    name: 'callback_init', aliases: ['callback'], family: 'Callback', summary: 'Call src (leg A), then connect it to dst (leg B), billed to the device',
    hash: ['device', 'dst', 'src'], access: 'write', roles: ALL, errorEnvelope: 'Status', callerError: 'Not authenticated', permissionExempt: true,
  })
  async callback(_input: Params, ctx: MorContext) {
    await this.callbacks.callback(ctx.caller!, ctx.params);
    return { Status: 'Ok' };
  }

  @MorMethod({
    name: 'c2c_callback', family: 'Callback', summary: "MOR 8's click-to-call: call the client, then the campaign's device",
    hash: [], access: 'write', roles: ALL, errorEnvelope: 'Status', callerError: 'Not authenticated',
  })
  async c2c(_input: Params, ctx: MorContext) {
    await this.callbacks.c2c(ctx.caller!, ctx.params);
    return { Status: 'Ok' };
  }

  @MorMethod({
    name: 'spy_call', family: 'Spy', summary: "Listen to an active call on the caller's spy device (ChanSpy)",
    hash: ['u', 'active_call_id'], access: 'write', roles: ['admin', 'reseller'], errorEnvelope: 'status', roleError: SpyTexts.notAuthorized,
  })
  async spy(_input: Params, ctx: MorContext) {
    const started = await this.spies.spy(ctx.caller!, ctx.params.active_call_id);
    return { page: { status: { success: SpyTexts.started, ...started } } };
  }

  @MorMethod({
    name: 'queue_log_get', family: 'Queue', summary: "Asterisk's queue log events, by period and exact filters",
    hash: [], access: 'read', roles: ['admin', 'accountant'], roleError: 'Access Denied',
  })
  async queueLog(_input: Params, ctx: MorContext) {
    return this.queues.list(ctx.params);
  }

  @MorMethod({
    name: 'ivr_dial_plan_update', family: 'IVR', summary: 'Set or clear the three time periods of an IVR dial plan',
    hash: ['u', 'ivr_dial_plan_id'], access: 'write', roles: MANAGERS, errorEnvelope: 'status', roleError: 'Access Denied',
  })
  async dialPlan(_input: Params, ctx: MorContext) {
    await this.ivrs.updateDialPlan(ctx.caller!, ctx.params);
    return successDoc(IvrTexts.planUpdated);
  }

  @MorMethod({
    name: 'ivr_time_period_update', family: 'IVR', summary: "Change an IVR time period's name and bounds",
    hash: ['u', 'ivr_time_period_id'], access: 'write', roles: MANAGERS, errorEnvelope: 'status', roleError: 'Access Denied',
  })
  async timePeriod(_input: Params, ctx: MorContext) {
    await this.ivrs.updateTimePeriod(ctx.caller!, ctx.params);
    return { page: { status: { message: IvrTexts.periodsUpdated } } };
  }

  @MorMethod({
    name: 'morphone_details_get', family: 'Device', summary: "SIP credentials and server of the user's MOR Phone device",
    hash: [], noHash: true, access: 'read', roles: ALL, identify: 'password-or-uniquehash', callerError: 'Bad login',
  })
  async morphoneDetails(_input: Params, ctx: MorContext) {
    return this.morphone.details(ctx.caller!);
  }
}
