import { IdParam, MaxLength } from '../../../api/dto';

export class WholesaleUpdateDto {
  @IdParam('Tariff not found') id?: string;
  @MaxLength(255, 'Name is too long') name?: string;
  @MaxLength(10, 'Currency was not found') currency?: string;
}
