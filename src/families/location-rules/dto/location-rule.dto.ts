import { FlagParam, IntParam, IdParam, MaxLength, OneOf, Required } from '../../../api/dto';
import { LocationRuleTexts as T } from '../location-rule-texts';

export class LocationRulesGetDto {
  @Required(T.locationNotFound) location_id: string;
  @IdParam(T.badValue) from?: string;
  @IdParam(T.badValue) max_results?: string;
}

export class LocationRuleIdDto {
  @Required(T.ruleNotFound) @IdParam(T.ruleNotFound) location_rule_id: string;
}

export class LocationRuleCopyDto extends LocationRuleIdDto {
  @Required(T.locationNotFound) @IdParam(T.locationNotFound) location_id: string;
}

/** Everything create and update accept; `-1` on the switch ids unassigns (update). */
export class LocationRuleFieldsDto {
  @MaxLength(255, T.badValue) name?: string;
  @FlagParam(T.badValue) enabled?: string;
  @MaxLength(100, T.badValue) cut?: string;
  @MaxLength(100, T.badValue) add?: string;
  @IdParam(T.badValue) minlen?: string;
  @IdParam(T.badValue) maxlen?: string;
  @MaxLength(100, T.badValue) src_cut?: string;
  @MaxLength(100, T.badValue) src_add?: string;
  @IdParam(T.badValue) src_minlen?: string;
  @IdParam(T.badValue) src_maxlen?: string;
  @IntParam(T.tariffNotFound) tariff_id?: string;
  @IntParam(T.lcrNotFound) lcr_id?: string;
  @IntParam(T.didNotFound) did_id?: string;
  @IntParam(T.deviceNotFound) device_id?: string;
  @IntParam(T.groupNotFound) location_group_id?: string;
  @FlagParam(T.badValue) change_callerid_name?: string;
  @OneOf(['src', 'dst', 'combined'], T.badValue) lr_type?: string;
}

export class LocationRuleCreateDto extends LocationRuleFieldsDto {
  @Required(T.locationNotFoundCreate) @IdParam(T.locationNotFoundCreate) location_id: string;
}

export class LocationRuleUpdateDto extends LocationRuleFieldsDto {
  @Required(T.ruleNotFound) @IdParam(T.ruleNotFound) location_rule_id: string;
}
