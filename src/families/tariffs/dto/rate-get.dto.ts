import { Errors } from '../../../api/mor-error';
import { MaxLength, Required } from '../../../api/dto';

export class RateGetDto {
  @Required(Errors.userNotFound) @MaxLength(100, Errors.userNotFound) username: string;
  @Required('Rate was not found') @MaxLength(50, 'Rate was not found') prefix: string;
  by_full_dst?: string;
}
