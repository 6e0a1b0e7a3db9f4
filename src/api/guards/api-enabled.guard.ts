import { CanActivate, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Errors, MorError } from '../mor-error';

/** 1. Allow API globally. */
@Injectable()
export class ApiEnabledGuard implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  async canActivate(): Promise<boolean> {
    if (!(await this.settings.flag(Setting.allowApi))) throw new MorError(Errors.apiDisabled);
    return true;
  }
}
