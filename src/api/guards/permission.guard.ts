import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { PermissionLevel } from '../access/api-permission-group.entity';
import { Errors, MorError } from '../mor-error';
import { isPageStyle, MorMethodOptions } from '../mor-method.decorator';
import { Caller } from '../caller';
import { morOf } from './mor-of';

/** 6. The caller's role may use the method; an API-restricted account needs its group's grant. */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly access: AccessService) {}

  /** Synchronous unless the account's permission group must be read (Nest awaits a guard only when it returns a promise). */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { mor } = morOf(context);
    const caller = mor.caller;
    if (!caller) return true; // login / registration: nobody is acting yet
    if (!mor.method.roles.includes(caller.role)) throw new MorError(mor.method.roleError ?? Errors.notAuthorizedView);
    const restrictable = caller.role === 'user' || caller.role === 'accountant';
    if (!restrictable || !caller.apiRestricted || mor.method.permissionExempt || isPageStyle(mor.method)) return true;
    return this.granted(caller, mor.method);
  }

  private async granted(caller: Caller, method: MorMethodOptions): Promise<boolean> {
    const needed = method.access === 'write' ? PermissionLevel.Write : PermissionLevel.Read;
    if ((await this.access.permissionLevel(caller, method.name)) < needed) throw new MorError(Errors.accessDenied);
    return true;
  }
}
