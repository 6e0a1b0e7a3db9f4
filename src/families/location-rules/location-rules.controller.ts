import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod, MorMethodOptions, Role } from '../../api/mor-method.decorator';
import { LocationRuleCopyDto, LocationRuleCreateDto, LocationRuleIdDto, LocationRuleUpdateDto, LocationRulesGetDto } from './dto/location-rule.dto';
import { ruleRow } from './location-rule-fields';
import { LocationRuleTexts as T } from './location-rule-texts';
import { LocationRulesService } from './location-rules.service';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];
const ruleMethod = (o: Pick<MorMethodOptions, 'name' | 'summary' | 'hash' | 'access' | 'input' | 'errorEnvelope'>) =>
  MorMethod({ ...o, family: 'Location Rules', roles: MANAGERS, roleError: Errors.accessDenied });
const success = (text: string, extra: Record<string, string> = {}) => ({ page: { status: { success: text, ...extra } } });

/** Localization rules (02 "Location Rules"); copy/create/update answer errors inside <status>. */
@Controller()
export class LocationRulesController {
  constructor(private readonly rules: LocationRulesService) {}

  @ruleMethod({ name: 'location_rules_get', summary: 'Rules of a location (or all)', hash: ['location_id'], access: 'read', input: LocationRulesGetDto })
  async list(input: LocationRulesGetDto, ctx: MorContext) {
    const groups = await this.rules.list(ctx.caller!, input);
    const location = groups.map(({ location: l, rules }) => ({ id: String(l.id), name: l.name, location_rule: rules.map(ruleRow) }));
    return { page: { status: { location } } };
  }

  @ruleMethod({ name: 'location_rule_get', summary: 'One location rule', hash: ['location_rule_id'], access: 'read', input: LocationRuleIdDto })
  async get(input: LocationRuleIdDto, ctx: MorContext) {
    return { page: { status: { location_rule: ruleRow(await this.rules.get(ctx.caller!, input.location_rule_id)) } } };
  }

  @ruleMethod({ name: 'location_rule_create', summary: 'Add a rule to a location', hash: ['location_id'], access: 'write', input: LocationRuleCreateDto, errorEnvelope: 'status' })
  async create(input: LocationRuleCreateDto, ctx: MorContext) {
    const id = await this.rules.create(ctx.caller!, input);
    return success(T.created, { rule_id: String(id) });
  }

  @ruleMethod({ name: 'location_rule_update', summary: 'Change a location rule', hash: ['location_rule_id'], access: 'write', input: LocationRuleUpdateDto, errorEnvelope: 'status' })
  async update(input: LocationRuleUpdateDto, ctx: MorContext) {
    await this.rules.update(ctx.caller!, input);
    return success(T.updated);
  }

  @ruleMethod({ name: 'location_rule_copy', summary: 'Copy a rule into another location', hash: ['location_rule_id', 'location_id'], access: 'write', input: LocationRuleCopyDto, errorEnvelope: 'status' })
  async copy(input: LocationRuleCopyDto, ctx: MorContext) {
    await this.rules.copy(ctx.caller!, input.location_rule_id, input.location_id);
    return success(T.copied);
  }

  @ruleMethod({ name: 'location_rule_delete', summary: 'Delete a location rule', hash: ['location_rule_id'], access: 'write', input: LocationRuleIdDto })
  async delete(input: LocationRuleIdDto, ctx: MorContext) {
    await this.rules.delete(ctx.caller!, input.location_rule_id);
    return success(T.deleted);
  }
}
