import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod, MorMethodOptions, Role } from '../../api/mor-method.decorator';
import { LcrCreateDto, LcrIdDto, LcrProviderDto, LcrUpdateDto } from './dto/lcr.dto';
import { LcrTexts } from './lcr-texts';
import { lcrRow } from './lcr-xml';
import { LcrService } from './lcr.service';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];
const lcrMethod = (o: Pick<MorMethodOptions, 'name' | 'summary' | 'hash' | 'access' | 'input'>) =>
  MorMethod({ ...o, family: 'LCR', roles: MANAGERS, roleError: Errors.notAuthorizedUse });
const success = (text: string) => ({ page: { status: { success: text } } });

/** LCR family: every page hashes `u` first (02-tariffs-lcr-providers.md "LCR"). */
@Controller()
export class LcrController {
  constructor(private readonly lcrs: LcrService) {}

  @lcrMethod({ name: 'lcrs_get', summary: 'List LCRs (optionally by name)', hash: ['u'], access: 'read' })
  async list(_input: unknown, ctx: MorContext) {
    const lcrs = await this.lcrs.list(ctx.caller!, ctx.params.s_name);
    return { page: { lcrs: { lcr: lcrs.map(lcrRow) } } };
  }

  @lcrMethod({ name: 'lcr_create', summary: 'Create an LCR', hash: ['u'], access: 'write', input: LcrCreateDto })
  async create(input: LcrCreateDto, ctx: MorContext) {
    await this.lcrs.create(ctx.caller!, input.name, input.order);
    return success(LcrTexts.created);
  }

  @lcrMethod({ name: 'lcr_update', summary: 'Change an LCR', hash: ['u', 'lcr_id'], access: 'write', input: LcrUpdateDto })
  async update(input: LcrUpdateDto, ctx: MorContext) {
    await this.lcrs.update(ctx.caller!, input);
    return success(LcrTexts.updated);
  }

  @lcrMethod({ name: 'lcr_delete', summary: 'Delete an LCR not used by users or location rules', hash: ['u', 'lcr_id'], access: 'write', input: LcrIdDto })
  async delete(input: LcrIdDto, ctx: MorContext) {
    await this.lcrs.delete(ctx.caller!, input.lcr_id);
    return success(LcrTexts.deleted);
  }

  @lcrMethod({ name: 'lcr_add_provider', summary: 'Attach a provider (or the failover provider) to an LCR', hash: ['u', 'lcr_id', 'provider_id'], access: 'write', input: LcrProviderDto })
  async addProvider(input: LcrProviderDto, ctx: MorContext) {
    await this.lcrs.addProvider(ctx.caller!, input);
    return success(LcrTexts.providerAdded);
  }

  @lcrMethod({ name: 'lcr_delete_provider', summary: 'Detach a provider (or the failover provider) from an LCR', hash: ['u', 'lcr_id', 'provider_id'], access: 'write', input: LcrProviderDto })
  async deleteProvider(input: LcrProviderDto, ctx: MorContext) {
    await this.lcrs.deleteProvider(ctx.caller!, input);
    return success(LcrTexts.providerDeleted);
  }
}
