import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MorContext } from '../../api/context';
import { Errors, MorError } from '../../api/mor-error';
import { MorMethod } from '../../api/mor-method.decorator';
import { UNIQUE, uniqueOr } from '../../database/unique';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { ResellerGroupCreateDto } from './dto/reseller-group-create.dto';
import { RESELLER_GROUP_FEATURES, ResellerGroup } from './reseller-group.entity';

@Controller()
export class ResellersController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'reseller_group_create', family: 'Resellers', summary: 'Create a reseller group with feature flags',
    hash: ['name'], access: 'write', roles: ['admin'], roleError: Errors.notAuthorizedUse, input: ResellerGroupCreateDto,
  })
  async create(input: ResellerGroupCreateDto, ctx: MorContext) {
    // The wiki lists this refusal for the method: it is tied to the "API allow Registration" switch.
    if (!(await this.settings.flag(Setting.allowRegistration))) throw new MorError('Registration over API is disabled');
    const features = Object.fromEntries(RESELLER_GROUP_FEATURES.map((f) => [f, ctx.params[f] === '1' ? 1 : 0]));
    const unique = 'Group name must be unique';
    await uniqueOr(() => this.db.transaction(async (m) => {
      const repo = m.getRepository(ResellerGroup);
      if (await repo.exists({ where: { name: input.name } })) throw new MorError(unique);
      await repo.insert({ name: input.name, description: input.rg_description ?? '', ...features });
    }), [[UNIQUE.resellerGroupName, unique]]);
    return { page: { status: { success: 'Reseller Group successfully created' } } };
  }

  @MorMethod({
    name: 'reseller_groups_get', family: 'Resellers', summary: 'List reseller groups',
    hash: ['u'], access: 'read', roles: ['admin'], roleError: Errors.notAuthorizedUse,
  })
  async list() {
    const groups = await this.db.getRepository(ResellerGroup).find({ order: { id: 'ASC' } });
    if (groups.length === 0) throw new MorError('No Reseller Groups found');
    return { page: { reseller_groups: { reseller_group: groups.map((g) => ({ id: String(g.id), name: g.name, description: g.description })) } } };
  }
}
