import { EntityManager } from 'typeorm';

/** Something that refuses an operation on a row (by id), with MOR's text; null lets it through. */
export type Blocker = (id: number, manager: EntityManager) => Promise<string | null>;

/** Families whose rows point at another family's row register what blocks its deletion here. */
export class BlockerRegistry {
  private readonly blockers: Blocker[] = [];

  register(blocker: Blocker): void {
    this.blockers.push(blocker);
  }

  async firstReason(id: number, manager: EntityManager): Promise<string | null> {
    for (const blocker of this.blockers) {
      const reason = await blocker(id, manager);
      if (reason) return reason;
    }
    return null;
  }
}
