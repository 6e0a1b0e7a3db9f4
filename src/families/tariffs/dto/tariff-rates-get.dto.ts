import { FlagParam, IdParam } from '../../../api/dto';

export class TariffRatesGetDto {
  @IdParam('No tariff found') tariff_id?: string;
  @IdParam('No tariff found') user_id?: string;
  @FlagParam('No tariff found') additional_retail_info?: string;
}
