import { DecimalParam, FlagParam, IdParam, IntParam, MaxLength, OneOf, Required } from '../../../api/dto';
import { LCR_ORDERS, LcrTexts } from '../lcr-texts';

export class LcrCreateDto {
  @Required(LcrTexts.nameBlank) @MaxLength(255, LcrTexts.badValue) name: string;
  @OneOf(LCR_ORDERS, LcrTexts.badOrder) order?: string;
}

export class LcrIdDto {
  @Required(LcrTexts.notFound) @IdParam(LcrTexts.notFound) lcr_id: string;
}

export class LcrUpdateDto extends LcrIdDto {
  @MaxLength(255, LcrTexts.badValue) name?: string;
  @OneOf(LCR_ORDERS, LcrTexts.badOrder) order?: string;
  @FlagParam(LcrTexts.badValue) allow_loss_calls?: string;
  @FlagParam(LcrTexts.badValue) no_failover?: string;
  @DecimalParam(LcrTexts.badValue) minimal_rate_margin_percent?: string;
  @DecimalParam(LcrTexts.badValue) first_provider_percent_limit?: string;
  @IntParam(LcrTexts.badValue) quality_routing_id?: string;
}

export class LcrProviderDto extends LcrIdDto {
  @Required(LcrTexts.providerNotFound) @IdParam(LcrTexts.providerNotFound) provider_id: string;
  @FlagParam(LcrTexts.badValue) failover?: string;
  @IntParam(LcrTexts.badValue) priority?: string;
  @IdParam(LcrTexts.badValue) percent?: string;
}
