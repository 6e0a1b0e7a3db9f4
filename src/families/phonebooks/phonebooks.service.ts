import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import type { Caller } from '../../api/caller';
import { accessibleUser } from '../../api/ownership';
import { parseId } from '../../api/input';
import { Params } from '../../api/hash';
import { Errors, MorError } from '../../api/mor-error';
import { visibleOrMissing } from '../../api/visible-ref';
import { User } from '../users/user.entity';
import { Phonebook } from './phonebook.entity';
import { phonebookRecordError, SPEEDDIAL_TAKEN } from './phonebook-rules';

/** A record that may not be saved; answered with MOR's `<message>` detail where the method has one. */
export class PhonebookInvalid extends MorError {}

@Injectable()
export class PhonebooksService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async user(caller: Caller, raw: string | undefined): Promise<User> {
    const user = await accessibleUser(this.db.manager, caller, raw);
    if (!user) throw new MorError(Errors.userNotFound);
    return user;
  }

  async list(caller: Caller, rawUserId: string): Promise<Phonebook[]> {
    const user = await this.user(caller, rawUserId);
    const rows = await this.db.getRepository(Phonebook).find({ where: { user_id: user.id }, order: { id: 'ASC' } });
    if (rows.length === 0) throw new MorError('No Phonebooks');
    return rows;
  }

  async create(caller: Caller, p: Params): Promise<void> {
    const user = await this.user(caller, p.user_id);
    const record = { name: p.name ?? '', number: p.number ?? '', speeddial: p.speeddial ?? '' };
    const error = phonebookRecordError(record);
    if (error) throw new MorError(error);
    await this.db.transaction(async (m) => {
      if (await this.speeddialTaken(m, user.id, record.speeddial, 0)) throw new MorError(SPEEDDIAL_TAKEN);
      await m.getRepository(Phonebook).insert({ user_id: user.id, ...record, added_at: new Date() });
    });
  }

  /** Unique per user; the admin's (global, user 0) speed dials may not repeat anyone's. */
  private async speeddialTaken(m: EntityManager, userId: number, speeddial: string, exceptId: number): Promise<boolean> {
    const where = { speeddial, id: Not(exceptId), ...(userId === 0 ? {} : { user_id: userId }) };
    return m.getRepository(Phonebook).exists({ where });
  }

  async edit(caller: Caller, p: Params): Promise<void> {
    const repo = this.db.getRepository(Phonebook);
    // Another owner's phonebook answers as a missing one (foreign is missing).
    const { id } = await visibleOrMissing(this.db.manager, caller, 'phonebook', p.phonebook_id, 'Phonebook was not found');
    const row = await repo.findOneByOrFail({ id });
    const next = { name: p.name ?? row.name, number: p.number ?? row.number, speeddial: p.speeddial ?? row.speeddial };
    const error = phonebookRecordError(next);
    if (error) throw new PhonebookInvalid(error);
    await this.db.transaction(async (m) => {
      if (await this.speeddialTaken(m, row.user_id, next.speeddial, row.id)) throw new PhonebookInvalid(SPEEDDIAL_TAKEN);
      await m.getRepository(Phonebook).update(row.id, next);
    });
  }

  /** Another user's record answers as a missing one. */
  async delete(caller: Caller, rawId: string | undefined): Promise<void> {
    const id = parseId(rawId);
    const deleted = id === null ? 0 : (await this.db.getRepository(Phonebook).delete(caller.role === 'admin' ? { id } : { id, user_id: caller.id })).affected;
    if (!deleted) throw new MorError('Phonebook record was not found');
  }
}
