import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AccessService, SigningKey } from '../access/access.service';
import { MorContext } from '../context';
import { requestHashMatches } from '../hash';
import { isPageStyle } from '../mor-method.decorator';
import { Errors, MorError } from '../mor-error';
import { SignedRequests } from '../signed-request';
import { morOf } from './mor-of';

/** 5. The hash, with the method's own params and the caller's signing key; Disable hash checking. Page-style actions have none. */
@Injectable()
export class HashGuard implements CanActivate {
  constructor(private readonly access: AccessService, private readonly signedRequests: SignedRequests) {}

  /** Synchronous while the signer's settings are cached and nothing else is to be awaited (Nest awaits a guard only when it returns a promise). */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const { mor } = morOf(context);
    if (isPageStyle(mor.method) || mor.method.identify === 'none') return true;
    const signer = mor.method.adminKey || !mor.caller
      ? { usertype: 'admin', id: 0, owner_id: 0 }
      : { usertype: mor.caller.role, id: mor.caller.id, owner_id: mor.caller.ownerId };
    const signing = this.access.signingKey(signer);
    return signing instanceof Promise ? signing.then((s) => this.check(mor, s)) : this.check(mor, signing);
  }

  private check(mor: MorContext, signing: SigningKey | null): boolean | Promise<boolean> {
    if (!signing) throw new MorError(Errors.apiDisabled);
    // A signer in signed mode: the HMAC replaces MOR's hash (and Disable hash checking).
    if (signing.signed && !mor.method.noHash) return this.signedRequests.verify(mor, signing.key).then(() => this.proven(mor));
    const checked = !signing.hashOff && !mor.method.noHash;
    const orders = [mor.method.hash, ...(mor.method.hashAlso ?? [])];
    if (checked && (!signing.key || !requestHashMatches(mor.params.hash, mor.method.name, mor.params, orders, signing.key))) throw new MorError(Errors.incorrectHash);
    return this.proven(mor);
  }

  /** The caller's own proof (users_get's password or uniquehash), checked after the hash. */
  private proven(mor: MorContext): boolean | Promise<boolean> {
    return mor.proveCaller ? mor.proveCaller().then(() => true) : true;
  }
}
