import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Errors, MorError } from '../mor-error';
import { morOf } from './mor-of';

/** 2. Allow GET API (never for methods MOR documents as POST only). */
@Injectable()
export class GetAllowedGuard implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    // Every verb but POST (GET, and HEAD, which Fastify routes to the GET handler) is a GET here.
    if (mor.verb !== 'POST' && !mor.method.getAlways && (mor.method.postOnly || !(await this.settings.flag(Setting.allowGetApi)))) throw new MorError(Errors.getDisabled);
    return true;
  }
}
