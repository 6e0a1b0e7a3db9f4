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

  /** Synchronous while the setting is cached and off (Nest awaits a guard only when it returns a promise). */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { mor } = morOf(context);
    const restricted = this.settings.flagNow(Setting.restrictApiByIp);
    if (restricted === false) return true;
    return this.allowed(restricted, mor.ip);
  }

  private async allowed(restricted: true | Promise<boolean>, ip: string): Promise<boolean> {
    if ((await restricted) && !(await this.access.ipAllowed(ip))) throw new MorError(Errors.accessDenied);
    return true;
  }
}
