import { Injectable } from '@nestjs/common';
import { BlockerRegistry } from '../../api/blocker-registry';

/**
 * What keeps a user from being deleted (DIDs, calls, invoices...): families that own rows
 * pointing at a user register it here, so the users family needs no knowledge of them.
 */
@Injectable()
export class UserDeletionBlockers extends BlockerRegistry {}
