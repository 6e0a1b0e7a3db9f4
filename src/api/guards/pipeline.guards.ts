import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { AccessService, CallerRow } from '../access/access.service';
import { PermissionLevel } from '../access/api-permission-group.entity';
import { LOGIN_WAIT_TEXT } from '../access/login-throttle';
import { callerOf } from '../caller';
import { MorContext, MorRequest } from '../context';
import { hashMatches, safeEqual } from '../hash';
import { Errors, MorError } from '../mor-error';
import { mergeParams } from '../params';
import { MorRegistry } from '../registry.service';

/**
 * The MOR request pipeline, one guard per step, applied in this order by the API controller.
 * Each failure throws MorError with MOR's text; nothing has been written at that point.
 */

function morOf(context: ExecutionContext): { req: MorRequest; mor: MorContext } {
  const req = context.switchToHttp().getRequest<MorRequest>();
  if (!req.mor) throw new Error('pipeline order: method not resolved');
  return { req, mor: req.mor };
}

/** 0. The method (or alias) exists; params are merged from query and body. */
@Injectable()
export class ResolveMethodGuard implements CanActivate {
  constructor(private readonly registry: MorRegistry) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<MorRequest>();
    const calledAs = (req.params as { method?: string }).method ?? '';
    const found = this.registry.find(calledAs);
    if (!found) throw new MorError(Errors.unknownMethod);
    const { params, files } = mergeParams(req.query, req.body);
    req.mor = { method: found.options, calledAs, params, files, verb: req.method, ip: req.ip, caller: null };
    if (req.bodyParseError) throw new MorError(Errors.badRequestBody);
    return true;
  }
}

/** 1. Allow API globally. */
@Injectable()
export class ApiEnabledGuard implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  async canActivate(): Promise<boolean> {
    if (!(await this.settings.flag(Setting.allowApi))) throw new MorError(Errors.apiDisabled);
    return true;
  }
}

/** 2. Allow GET API (never for methods MOR documents as POST only). */
@Injectable()
export class GetAllowedGuard implements CanActivate {
  constructor(private readonly settings: SettingsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    // Every verb but POST (GET, and HEAD, which Fastify routes to the GET handler) is a GET here.
    if (mor.verb !== 'POST' && (mor.method.postOnly || !(await this.settings.flag(Setting.allowGetApi)))) throw new MorError(Errors.getDisabled);
    return true;
  }
}

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
      default: {
        const account = u ? await this.access.findAccount({ username: u }) : null;
        if (!account) throw new MorError(Errors.accessDenied);
        return account;
      }
    }
  }

  /** users_get: the account's own uniquehash, or its password (throttled, same cost for unknown names). */
  private async prove(mor: MorContext, account: CallerRow | null, p: string | undefined, uniquehash: string | undefined): Promise<void> {
    if (uniquehash !== undefined) {
      if (account && uniquehash !== '' && safeEqual(uniquehash, account.uniquehash)) return;
      throw new MorError(Errors.accessDenied);
    }
    const check = p === undefined ? 'failed' : await this.access.passwordCheck(mor.ip, account?.id ?? null, p);
    if (check === 'wait') throw new MorError(LOGIN_WAIT_TEXT);
    if (check !== 'ok' || !account) throw new MorError(Errors.accessDenied);
  }

  /** user_login's account; unknown names are answered by the handler ("Login failed"). */
  private async loginAccount(u: string | undefined): Promise<CallerRow | null> {
    if (!u) return null;
    const byName = await this.access.findAccount({ username: u });
    if (byName || !(await this.settings.flag(Setting.allowLoginByEmail))) return byName;
    return this.access.findAccount({ email: u });
  }
}

/** 5. The hash, with the method's own params and the caller's signing key; Disable hash checking. */
@Injectable()
export class HashGuard implements CanActivate {
  constructor(private readonly access: AccessService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    const signer = mor.method.adminKey || !mor.caller
      ? { usertype: 'admin', id: 0, owner_id: 0 }
      : { usertype: mor.caller.role, id: mor.caller.id, owner_id: mor.caller.ownerId };
    const signing = await this.access.signingKey(signer);
    if (!signing) throw new MorError(Errors.apiDisabled);
    const orders = [mor.method.hash, ...(mor.method.hashAlso ?? [])];
    if (!signing.hashOff && (!signing.key || !hashMatches(mor.params.hash, mor.params, orders, signing.key))) throw new MorError(Errors.incorrectHash);
    await mor.proveCaller?.();
    return true;
  }
}

/** 6. The caller's role may use the method; an API-restricted account needs its group's grant. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly access: AccessService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    const caller = mor.caller;
    if (!caller) return true; // login / registration: nobody is acting yet
    if (!mor.method.roles.includes(caller.role)) throw new MorError(mor.method.roleError ?? Errors.notAuthorizedView);
    const restrictable = caller.role === 'user' || caller.role === 'accountant';
    if (restrictable && caller.apiRestricted && !mor.method.permissionExempt) {
      const needed = mor.method.access === 'write' ? PermissionLevel.Write : PermissionLevel.Read;
      if ((await this.access.permissionLevel(caller, mor.method.name)) < needed) throw new MorError(Errors.accessDenied);
    }
    return true;
  }
}

export const PIPELINE_GUARDS = [ResolveMethodGuard, ApiEnabledGuard, GetAllowedGuard, IpAllowedGuard, CallerGuard, HashGuard, PermissionGuard];
