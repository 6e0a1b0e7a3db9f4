import { FlagParam, MaxLength, Required } from '../../../api/dto';
import { Errors } from '../../../api/mor-error';

export const BalanceTexts = {
  featureDisabled: 'Feature disabled',
  updated: 'User balance updated',
  /** [sic] MOR X8's text. */
  notUpdated: 'User balance not updeted',
} as const;

export class UserBalanceGetDto {
  @Required(Errors.userNotFound) @MaxLength(255, Errors.userNotFound) username: string;
  @MaxLength(10, Errors.userNotFound) currency?: string;
  @FlagParam(Errors.userNotFound) user_currency?: string;
}

export class UserBalanceUpdateDto {
  @Required(Errors.userNotFound) user_id: string;
  @Required(BalanceTexts.notUpdated) balance: string;
}

export class DeviceBalanceDto {
  @Required(Errors.userNotFound) @MaxLength(255, Errors.userNotFound) device_key: string;
  @MaxLength(10, Errors.userNotFound) currency?: string;
}

export class SimpleBalanceDto {
  @Required(Errors.userNotFound) @MaxLength(255, Errors.userNotFound) id: string;
  @MaxLength(10, Errors.userNotFound) currency?: string;
}
