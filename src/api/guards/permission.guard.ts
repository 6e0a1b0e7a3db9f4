import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { PermissionLevel } from '../access/api-permission-group.entity';
import { Errors, MorError } from '../mor-error';
import { isPageStyle } from '../mor-method.decorator';
import { morOf } from './mor-of';

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
    if (restrictable && caller.apiRestricted && !mor.method.permissionExempt && !isPageStyle(mor.method)) {
      const needed = mor.method.access === 'write' ? PermissionLevel.Write : PermissionLevel.Read;
      if ((await this.access.permissionLevel(caller, mor.method.name)) < needed) throw new MorError(Errors.accessDenied);
    }
    return true;
  }
}
