import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { requestHashMatches } from '../hash';
import { isPageStyle } from '../mor-method.decorator';
import { Errors, MorError } from '../mor-error';
import { SignedRequests } from '../signed-request';
import { morOf } from './mor-of';

/** 5. The hash, with the method's own params and the caller's signing key; Disable hash checking. Page-style actions have none. */
@Injectable()
export class HashGuard implements CanActivate {
  constructor(private readonly access: AccessService, private readonly signedRequests: SignedRequests) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const { mor } = morOf(context);
    if (isPageStyle(mor.method) || mor.method.identify === 'none') return true;
    const signer = mor.method.adminKey || !mor.caller
      ? { usertype: 'admin', id: 0, owner_id: 0 }
      : { usertype: mor.caller.role, id: mor.caller.id, owner_id: mor.caller.ownerId };
    const signing = await this.access.signingKey(signer);
    if (!signing) throw new MorError(Errors.apiDisabled);
    const orders = [mor.method.hash, ...(mor.method.hashAlso ?? [])];
    // A signer in signed mode: the HMAC replaces MOR's hash (and Disable hash checking).
    if (signing.signed && !mor.method.noHash) await this.signedRequests.verify(mor, signing.key);
    const checked = !signing.signed && !signing.hashOff && !mor.method.noHash;
    if (checked && (!signing.key || !requestHashMatches(mor.params.hash, mor.method.name, mor.params, orders, signing.key))) throw new MorError(Errors.incorrectHash);
    await mor.proveCaller?.();
    return true;
  }
}
