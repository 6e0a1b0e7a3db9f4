import { IdParam, MaxLength } from '../../../api/dto';
import { Errors } from '../../../api/mor-error';

/** user_details_get / user_details_raw_get: the user by id or by username. */
export class UserTargetDto {
  @IdParam(Errors.userNotFound) user_id?: string;
  @MaxLength(100, Errors.userNotFound) username?: string;
}
