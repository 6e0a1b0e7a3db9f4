import { CanActivate, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Errors, MorError } from '../mor-error';

/** 1. Allow API globally. */
@Injectable()
export class ApiEnabledGuard implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  /** Synchronous while the setting is cached (Nest awaits a guard only when it returns a promise). */
  canActivate(): boolean | Promise<boolean> {
    const allowed = this.settings.flagNow(Setting.allowApi);
    return typeof allowed === 'boolean' ? apiAllowed(allowed) : allowed.then(apiAllowed);
  }
}

function apiAllowed(allowed: boolean): true {
  if (!allowed) throw new MorError(Errors.apiDisabled);
  return true;
}
