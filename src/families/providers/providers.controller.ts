import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { ProviderCreateDto, ProviderIdDto, ProviderUpdateDto, ProvidersGetDto } from './dto/provider.dto';
import { providerRow } from './provider-fields';
import { ProviderTexts } from './provider-texts';
import { ProvidersService } from './providers.service';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];

/**
 * Providers family. The wiki examples of providers_get/provider_update hash nothing but the
 * secret; the PHP client hashes name,tech,tariff_id / provider_id — both are accepted (§Q 2).
 */
@Controller()
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  @MorMethod({ name: 'providers_get', family: 'Providers', roleError: Errors.accessDenied, summary: "The owner's providers, or one by id, with all settings", hash: [], access: 'read', roles: MANAGERS, input: ProvidersGetDto })
  async list(input: ProvidersGetDto, ctx: MorContext) {
    const providers = await this.providers.list(ctx.caller!, input.provider_id);
    return { page: { status: { providers: { provider: providers.map(providerRow) } } } };
  }

  @MorMethod({ name: 'provider_create', family: 'Providers', roleError: Errors.accessDenied, summary: 'Create a provider (admin only)', hash: [], hashAlso: [['name', 'tech', 'tariff_id']], access: 'write', roles: ['admin'], input: ProviderCreateDto })
  async create(input: ProviderCreateDto, ctx: MorContext) {
    const id = await this.providers.create(ctx.caller!, input, ctx.params);
    return { page: { status: { success: ProviderTexts.created, provider_id: String(id) } } };
  }

  @MorMethod({ name: 'provider_update', family: 'Providers', roleError: Errors.accessDenied, summary: "Change a provider's settings", hash: [], hashAlso: [['provider_id']], access: 'write', roles: MANAGERS, input: ProviderUpdateDto })
  async update(input: ProviderUpdateDto, ctx: MorContext) {
    await this.providers.update(ctx.caller!, input, ctx.params);
    return { page: { status: { success: ProviderTexts.updated } } };
  }

  @MorMethod({ name: 'provider_delete', family: 'Providers', roleError: Errors.accessDenied, summary: 'Delete a provider no LCR uses', hash: ['provider_id'], access: 'write', roles: MANAGERS, input: ProviderIdDto })
  async delete(input: ProviderIdDto, ctx: MorContext) {
    await this.providers.delete(ctx.caller!, input.provider_id);
    return { page: { status: { success: ProviderTexts.deleted } } };
  }
}
