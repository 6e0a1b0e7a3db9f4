import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc } from '../../api/xml';
import { AutodialerService, AutodialerTexts } from './autodialer.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];
/** Only simple users own campaigns; only the owner changes one. */
const OWNER: Role[] = ['user'];

@Controller()
export class AutodialerController {
  constructor(private readonly autodialer: AutodialerService) {}

  @MorMethod({
    name: 'autodialer_upload_numbers', family: 'Autodialer', summary: "Add numbers from a CSV file to the caller's campaign",
    hash: ['id'], access: 'write', roles: OWNER, errorEnvelope: 'status', roleError: AutodialerTexts.notAuthorized, postOnly: true,
  })
  async upload(_input: Params, ctx: MorContext) {
    return successDoc(await this.autodialer.upload(ctx.caller!, ctx.params, ctx.files));
  }

  @MorMethod({
    name: 'autodialer_get_campaign_statistics', family: 'Autodialer', summary: 'Numbers and calls of a campaign in a period, by outcome',
    hash: ['u', 'id', 'period_start', 'period_end'], hashAlso: [['id', 'period_start', 'period_end']], access: 'read', roles: ALL, errorEnvelope: 'status',
  })
  async statistics(_input: Params, ctx: MorContext) {
    return { page: { status: await this.autodialer.statistics(ctx.caller!, ctx.params) } };
  }

  @MorMethod({
    name: 'autodialer_redial_all_failed_calls', family: 'Autodialer', summary: 'Dial every failed number of a campaign again',
    hash: ['u', 'id'], access: 'write', roles: OWNER, errorEnvelope: 'status', roleError: AutodialerTexts.notAuthorized,
  })
  async redial(_input: Params, ctx: MorContext) {
    const amount = await this.autodialer.redialFailed(ctx.caller!, ctx.params);
    return successDoc(AutodialerTexts.redialed, { amount: String(amount) });
  }

  @MorMethod({
    name: 'autodialer_get_campaign_ivr_poll_results', family: 'Autodialer', summary: "A campaign's IVR poll answers",
    hash: ['u', 'id'], access: 'read', roles: ALL, errorEnvelope: 'status',
  })
  async pollResults(_input: Params, ctx: MorContext) {
    return { page: { status: { ivr_poll_results_string: await this.autodialer.pollResults(ctx.caller!, ctx.params) } } };
  }

  @MorMethod({
    name: 'autodialer_change_campaign_status', family: 'Autodialer', summary: 'Start a stopped campaign or stop a running one',
    hash: ['u', 'id'], access: 'write', roles: OWNER, errorEnvelope: 'status', roleError: AutodialerTexts.notAuthorized,
  })
  async toggle(_input: Params, ctx: MorContext) {
    return { page: { status: await this.autodialer.toggle(ctx.caller!, ctx.params) } };
  }
}
