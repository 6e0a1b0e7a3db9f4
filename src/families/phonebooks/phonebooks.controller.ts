import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { Errors } from '../../api/mor-error';
import { statusDoc, successDoc } from '../../api/xml';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { SPEEDDIAL_TAKEN } from './phonebook-rules';
import { PhonebookInvalid, PhonebooksService } from './phonebooks.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];

@Controller()
export class PhonebooksController {
  constructor(private readonly phonebooks: PhonebooksService) {}

  @MorMethod({ name: 'phonebooks_get', aliases: ['phonebooks'], family: 'Phonebooks', summary: "A user's phonebook records", hash: ['user_id'], access: 'read', roles: ALL })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.phonebooks.list(ctx.caller!, ctx.params.user_id ?? '');
    return { page: { phonebooks: { phonebook: rows.map((r) => ({ id: String(r.id), name: r.name, number: r.number, speeddial: r.speeddial })) } } };
  }

  @MorMethod({ name: 'phonebook_edit', family: 'Phonebooks', summary: 'Change a phonebook record', hash: ['phonebook_id'], access: 'write', roles: ALL, duplicateError: SPEEDDIAL_TAKEN })
  async edit(_input: Params, ctx: MorContext) {
    try {
      await this.phonebooks.edit(ctx.caller!, ctx.params);
    } catch (e) {
      if (e instanceof PhonebookInvalid) return { page: { error: 'Phonebook was not saved', message: e.text } };
      throw e;
    }
    return statusDoc('Phonebook saved');
  }

  @MorMethod({ name: 'phonebook_record_create', family: 'Phonebooks', summary: 'Add a phonebook record with a speed dial', hash: ['user_id', 'number', 'name', 'speeddial'], access: 'write', roles: ALL, duplicateError: SPEEDDIAL_TAKEN })
  async create(_input: Params, ctx: MorContext) {
    await this.phonebooks.create(ctx.caller!, ctx.params);
    return successDoc('Record successfully added');
  }

  /** 06 §1-A3: admin any record, a simple user only his own; resellers and accountants are refused. */
  @MorMethod({
    name: 'phonebook_record_delete', family: 'Phonebooks', summary: 'Delete a phonebook record by id', hash: ['id'], access: 'write',
    roles: ['admin', 'user'], roleError: Errors.accessDenied, errorEnvelope: 'status',
  })
  async delete(_input: Params, ctx: MorContext) {
    await this.phonebooks.delete(ctx.caller!, ctx.params.id);
    return successDoc('Phonebook record successfully deleted');
  }
}
