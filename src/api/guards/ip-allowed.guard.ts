import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { AccessService } from '../access/access.service';
import { Errors, MorError } from '../mor-error';
import { morOf } from './mor-of';

/** 3. Restrict API access by IP. */
@Injectable()
export class IpAllowedGuard implements CanActivate {
  constructor(
    private readonly settings: SettingsService,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    if ((await this.settings.flag(Setting.restrictApiByIp)) && !(await this.access.ipAllowed(mor.ip))) {
      throw new MorError(Errors.accessDenied);
    }
    return true;
  }
}
