import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { AccessService, CallerRow } from '../access/access.service';
import { LOGIN_WAIT_TEXT } from '../access/login-throttle';
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
    // A blocked account may not use the API (user_login answers it itself: 'Login failed').
    if (mor.caller?.blocked && mor.method.identify !== 'login') throw new MorError(Errors.accessDenied);
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
        // Proven after the hash (HashGuard): a wrong key must not reveal whether the password is right.
        const account = u ? await this.access.findAccount({ username: u }) : null;
        mor.proveCaller = () => this.prove(mor, account, p, uniquehash);
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

  /** users_get: the account's own uniquehash, or its password (throttled, same cost for unknown names). */
  private async prove(mor: MorContext, account: CallerRow | null, p: string | undefined, uniquehash: string | undefined): Promise<void> {
    const refused = mor.method.callerError ?? Errors.accessDenied;
    if (uniquehash !== undefined) {
      if (account && uniquehash !== '' && safeEqual(uniquehash, account.uniquehash)) return;
      throw new MorError(refused);
    }
    const check = p === undefined ? 'failed' : await this.access.passwordCheck(mor.ip, account?.id ?? null, p);
    if (check === 'wait') throw new MorError(LOGIN_WAIT_TEXT);
    if (check !== 'ok' || !account) throw new MorError(refused);
  }

  /** user_login's account; unknown names are answered by the handler ("Login failed"). */
  private async loginAccount(u: string | undefined): Promise<CallerRow | null> {
    if (!u) return null;
    const byName = await this.access.findAccount({ username: u });
    if (byName || !(await this.settings.flag(Setting.allowLoginByEmail))) return byName;
    return this.access.findAccount({ email: u });
  }
}
