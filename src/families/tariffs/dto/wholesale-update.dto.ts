import { IdParam } from '../../../api/dto';

/** Name and currency are checked by TariffAdminService: their refusals use <response><error><message>. */
export class WholesaleUpdateDto {
  @IdParam('Tariff not found') id?: string;
  name?: string;
  currency?: string;
}
