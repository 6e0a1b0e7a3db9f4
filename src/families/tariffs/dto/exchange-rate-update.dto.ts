import { DecimalParam, MaxLength, Required } from '../../../api/dto';

/** The rate is checked first (declaration order), as TariffAdminService.exchangeRateUpdate does. */
export class ExchangeRateUpdateDto {
  @Required('Exchange rate is invalid') @DecimalParam('Exchange rate is invalid') rate: string;
  @Required('Currency was not found') @MaxLength(10, 'Currency was not found') currency: string;
}
