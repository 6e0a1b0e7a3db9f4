import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Errors, MorError } from '../mor-error';
import { morOf } from './mor-of';

/** 2. Allow GET API (never for methods MOR documents as POST only). */
@Injectable()
export class GetAllowedGuard implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  /** Synchronous for POST (nothing to look up): Nest awaits a guard only when it returns a promise. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { mor } = morOf(context);
    // Every verb but POST (GET, and HEAD, which Fastify routes to the GET handler) is a GET here.
    if (mor.verb === 'POST' || mor.method.getAlways) return true;
    if (mor.method.postOnly) throw new MorError(Errors.getDisabled);
    return this.getAllowed();
  }

  private async getAllowed(): Promise<boolean> {
    if (!(await this.settings.flag(Setting.allowGetApi))) throw new MorError(Errors.getDisabled);
    return true;
  }
}
