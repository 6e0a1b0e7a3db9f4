import { IdParam, MaxLength, Required } from '../../../api/dto';
import { ProviderTexts } from '../provider-texts';

export class ProviderCreateDto {
  @Required(ProviderTexts.nameEmpty) @MaxLength(255, ProviderTexts.invalid('name')) name: string;
  @Required(ProviderTexts.invalid('tech')) tech: string;
  @Required(ProviderTexts.invalidTariff) @IdParam(ProviderTexts.invalidTariff) tariff_id: string;
  @IdParam(ProviderTexts.invalid('location_id')) location_id?: string;
}

export class ProviderIdDto {
  @Required(ProviderTexts.notFound) @IdParam(ProviderTexts.notFound) provider_id: string;
}

export class ProviderUpdateDto extends ProviderIdDto {
  @MaxLength(255, ProviderTexts.invalid('name')) name?: string;
  @IdParam(ProviderTexts.invalidTariff) tariff_id?: string;
  @IdParam(ProviderTexts.invalid('location_id')) location_id?: string;
}

export class ProvidersGetDto {
  @IdParam(ProviderTexts.notFound) provider_id?: string;
}
