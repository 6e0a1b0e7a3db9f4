import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { AccessService, CallerRow } from '../access/access.service';
import { verifyPassword } from '../access/passwords';
import { callerOf } from '../caller';
import { MorContext } from '../context';
import { safeEqual } from '../hash';
import { Errors, MorError } from '../mor-error';
import { morOf } from './mor-of';

/** 4. The caller, as the method identifies it (u; u with p or uniquehash; login; owner uniquehash). */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly settings: SettingsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    const account = await this.identify(mor);
    mor.caller = account ? callerOf(account) : null;
    return true;
  }

  private async identify(mor: MorContext): Promise<CallerRow | null> {
    const { u, p, uniquehash, id } = mor.params;
    switch (mor.method.identify ?? 'user') {
      case 'none':
        return null;
      case 'login':
        return this.loginAccount(u);
      case 'owner-uniquehash':
        // MOR: an unknown registration hash puts the new user under the admin.
        return (id ? await this.access.findAccount({ uniquehash: id }) : null) ?? this.access.findAccount({ id: 0 });
      case 'password-or-uniquehash': {
        const account = u ? await this.access.findAccount({ username: u }) : null;
        if (!account) throw new MorError(mor.method.callerError ?? Errors.accessDenied);
        const proven = uniquehash !== undefined
          ? uniquehash !== '' && safeEqual(uniquehash, account.uniquehash)
          : p !== undefined && (await verifyPassword(p, await this.access.passwordHash(account.id)));
        if (!proven) throw new MorError(mor.method.callerError ?? Errors.accessDenied);
        return account;
      }
      case 'page':
      case 'page-anyone': {
        const account = u ? await this.access.findAccount({ username: u }) : null;
        if (!account && mor.method.identify === 'page') throw new MorError(Errors.badLogin);
        if (account) await this.access.markLoggedIn(account.id);
        return account;
      }
      default: {
        const account = u ? await this.access.findAccount({ username: u }) : null;
        if (!account) throw new MorError(mor.method.callerError ?? Errors.accessDenied);
        return account;
      }
    }
  }

  /** user_login's account; unknown names are answered by the handler ("Login failed"). */
  private async loginAccount(u: string | undefined): Promise<CallerRow | null> {
    if (!u) return null;
    const byName = await this.access.findAccount({ username: u });
    if (byName || !(await this.settings.flag(Setting.allowLoginByEmail))) return byName;
    return this.access.findAccount({ email: u });
  }
}
