import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod } from '../../api/mor-method.decorator';
import { MonitoringsService } from './monitorings.service';

@Controller()
export class MonitoringsController {
  constructor(private readonly monitorings: MonitoringsService) {}

  @MorMethod({
    name: 'monitoring_addon_activate', aliases: ['ma_activate'], family: 'Monitorings', summary: "Carry out a monitoring's actions (block, notify the admin) for the listed users now",
    // The client hashes nothing; MOR's own (global) order is monitoring_id, users, block, email, mtype.
    hash: [], hashAlso: [['monitoring_id', 'users', 'block', 'email', 'mtype'], ['users', 'block', 'email', 'mtype']],
    access: 'write', roles: ['admin', 'accountant', 'reseller'],
  })
  async activate(_input: Params, ctx: MorContext) {
    const users = await this.monitorings.activate(ctx.caller!, ctx.params);
    return { page: { status: { monitoring_found: 'success', users: { user: users } } } };
  }
}
