import { FlagParam, IdParam, IntParam, MaxLength, OneOf, Required } from '../../../api/dto';
import { ProviderRuleTexts } from '../provider-rule-texts';

export class ProviderRulesGetDto {
  @Required(ProviderRuleTexts.providerNotFound) @IdParam(ProviderRuleTexts.providerNotFound) provider_id: string;
}

export class ProviderRuleCreateDto extends ProviderRulesGetDto {
  @Required(ProviderRuleTexts.nameBlank) @MaxLength(255, ProviderRuleTexts.addFailed) name: string;
  @MaxLength(100, ProviderRuleTexts.addFailed) cut?: string;
  @MaxLength(100, ProviderRuleTexts.addFailed) add?: string;
  @IntParam(ProviderRuleTexts.addFailed) minlen?: string;
  @IntParam(ProviderRuleTexts.addFailed) maxlen?: string;
  @OneOf(['src', 'dst'], ProviderRuleTexts.addFailed) pr_type?: string;
  @IdParam(ProviderRuleTexts.addFailed) tariff_id?: string;
  @FlagParam(ProviderRuleTexts.addFailed) set_pai?: string;
  @FlagParam(ProviderRuleTexts.addFailed) change_callerid_name?: string;
  @MaxLength(100, ProviderRuleTexts.addFailed) suffix?: string;
}

export class ProviderRuleIdDto {
  @Required(ProviderRuleTexts.ruleNotFound) @IdParam(ProviderRuleTexts.ruleNotFound) provider_rule_id: string;
}
