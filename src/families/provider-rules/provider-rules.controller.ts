import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { ProviderRuleCreateDto, ProviderRuleIdDto, ProviderRulesGetDto } from './dto/provider-rule.dto';
import { ProviderRuleTexts } from './provider-rule-texts';
import { ProviderRuleRow } from './provider-rule.entity';
import { ProviderRulesService } from './provider-rules.service';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];

const RULE_FIELDS: (keyof ProviderRuleRow)[] = ['id', 'provider_id', 'name', 'enabled', 'cut', 'add', 'minlen', 'maxlen', 'pr_type', 'change_callerid_name', 'tariff_id', 'set_pai', 'suffix'];
const ruleRow = (r: ProviderRuleRow) => Object.fromEntries(RULE_FIELDS.map((k) => [k, r[k] === null ? '' : String(r[k])]));

@Controller()
export class ProviderRulesController {
  constructor(private readonly rules: ProviderRulesService) {}

  @MorMethod({ name: 'provider_rules_get', family: 'Provider Rules', roleError: Errors.accessDenied, summary: "A provider's number-rewriting rules", hash: ['provider_id'], access: 'read', roles: MANAGERS, input: ProviderRulesGetDto })
  async list(input: ProviderRulesGetDto, ctx: MorContext) {
    const rules = await this.rules.list(ctx.caller!, input.provider_id);
    return { page: { status: { provider_rules: { provider_rule: rules.map(ruleRow) } } } };
  }

  @MorMethod({ name: 'provider_rule_create', family: 'Provider Rules', roleError: Errors.accessDenied, summary: 'Add a rule to a provider', hash: ['provider_id', 'name', 'cut', 'add'], access: 'write', roles: MANAGERS, input: ProviderRuleCreateDto })
  async create(input: ProviderRuleCreateDto, ctx: MorContext) {
    await this.rules.create(ctx.caller!, input);
    return { page: { status: { success: ProviderRuleTexts.added } } };
  }

  @MorMethod({ name: 'provider_rule_delete', family: 'Provider Rules', roleError: Errors.accessDenied, summary: 'Delete a provider rule', hash: ['provider_rule_id'], access: 'write', roles: MANAGERS, input: ProviderRuleIdDto })
  async delete(input: ProviderRuleIdDto, ctx: MorContext) {
    await this.rules.delete(ctx.caller!, input.provider_rule_id);
    return { page: { status: { success: ProviderRuleTexts.deleted } } };
  }
}
