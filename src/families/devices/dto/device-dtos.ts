import { IdParam, Required } from '../../../api/dto';

export class DeviceParamDto {
  @Required('Device was not found')
  @IdParam('Device was not found')
  device: string;
}

export class DeviceIdDto {
  @Required('Device was not found')
  @IdParam('Device was not found')
  device_id: string;
}

export class DeviceCreateDto {
  @Required('User was not found')
  @IdParam('User was not found')
  user_id: string;
}

export class CliNumberDto {
  @Required('CLI was not found')
  cli_number: string;
}

export class DeviceRuleIdDto {
  @Required('Device rule was not found')
  @IdParam('Device rule was not found')
  device_rule_id: string;
}
