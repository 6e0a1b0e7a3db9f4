import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Something that keeps a user from being deleted (DIDs, calls, invoices...), with MOR's text. */
export type DeletionBlocker = (userId: number, manager: EntityManager) => Promise<string | null>;

/**
 * Families that own rows pointing at a user register here what blocks deletion, so the users
 * family needs no knowledge of DIDs, calls or invoices.
 */
@Injectable()
export class UserDeletionBlockers {
  private readonly blockers: DeletionBlocker[] = [];

  register(blocker: DeletionBlocker): void {
    this.blockers.push(blocker);
  }

  async firstReason(userId: number, manager: EntityManager): Promise<string | null> {
    for (const blocker of this.blockers) {
      const reason = await blocker(userId, manager);
      if (reason) return reason;
    }
    return null;
  }
}
