import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { statusDoc } from '../../api/xml';
import { QuickforwardsService } from './quickforwards.service';

/** Accountants act for the admin and have no quick forwards of their own. */
const USERS: Role[] = ['admin', 'reseller', 'user'];
const NOT_AUTHORIZED = 'You are not authorized to use Quickforwards';

@Controller()
export class QuickforwardsController {
  constructor(private readonly quickforwards: QuickforwardsService) {}

  @MorMethod({ name: 'quickforwards_dids_get', family: 'Quickforwards', summary: "The caller's quick forward DIDs", hash: [], access: 'read', roles: USERS, roleError: NOT_AUTHORIZED })
  async list(_input: Params, ctx: MorContext) {
    return { page: { quick_forward_did: await this.quickforwards.list(ctx.caller!) } };
  }

  @MorMethod({ name: 'quickforwards_did_update', family: 'Quickforwards', summary: 'Set where a DID quick-forwards to', hash: ['description', 'did', 'forward_to'], access: 'write', roles: USERS, roleError: NOT_AUTHORIZED })
  async update(_input: Params, ctx: MorContext) {
    const p = ctx.params;
    return { page: { new_quickforward_did: await this.quickforwards.update(ctx.caller!, p.did ?? '', p.forward_to, p.description) } };
  }

  /** 06 §1-A4: a simple user removes his quick forward of a DID; the text sits directly in <status>. */
  @MorMethod({ name: 'quickforwards_did_delete', family: 'Quickforwards', summary: "Remove the caller's quick forward of a DID", hash: ['did'], access: 'write', roles: ['user'], roleError: NOT_AUTHORIZED })
  async delete(_input: Params, ctx: MorContext) {
    await this.quickforwards.delete(ctx.caller!, ctx.params.did ?? '');
    return statusDoc('Quickforward successfully deleted');
  }
}
