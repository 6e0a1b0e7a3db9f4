import { MaxLength, Required } from '../../../api/dto';

export class ExchangeRateUpdateDto {
  @Required('Currency was not found') @MaxLength(10, 'Currency was not found') currency: string;
  @Required('Exchange rate is invalid') rate: string;
}
