import { IdParam, Required } from '../../../api/dto';

/** user_delete / user_details_update: a required numeric user_id. */
export class UserIdDto {
  @Required('User id must be present')
  @IdParam('User id must be non negative integer')
  user_id: string;
}
