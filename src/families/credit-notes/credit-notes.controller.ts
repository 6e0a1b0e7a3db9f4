import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { statusDoc } from '../../api/xml';
import { amountText, dateText } from '../payments/money-xml';
import { CreditNotesService } from './credit-notes.service';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];

@Controller()
export class CreditNotesController {
  constructor(private readonly notes: CreditNotesService) {}

  @MorMethod({ name: 'credit_notes_get', aliases: ['credit_notes'], family: 'Credit notes', summary: 'Credit notes: one, one user\'s or all visible', hash: ['user_id'], hashAlso: [['user_id', 'credit_note_id']], access: 'read', roles: MANAGERS, roleError: 'Access Denied' })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.notes.list(ctx.caller!, ctx.params);
    return {
      page: {
        credit_notes: {
          credit_note: rows.map((r) => ({
            id: String(r.id), user_id: String(r.user_id), issue_date: dateText(r.issue_date), number: r.number, comment: r.comment ?? '',
            price: amountText(r.price), price_with_vat: amountText(r.price_with_vat), pay_date: dateText(r.pay_date), status: r.status,
          })),
        },
      },
    };
  }

  @MorMethod({ name: 'credit_note_create', family: 'Credit notes', summary: 'Create a credit note (the balance moves only when it is paid)', hash: ['user_id', 'number'], access: 'write', roles: MANAGERS, roleError: 'Access Denied' })
  async create(_input: Params, ctx: MorContext) {
    await this.notes.create(ctx.caller!, ctx.params);
    return statusDoc('Credit note was created');
  }

  @MorMethod({
    name: 'credit_note_update', family: 'Credit notes', summary: 'Mark a credit note paid (a "Credit note" payment) or unpaid (payment removed), change its comment',
    // MOR's server hashes `status` only (global list, 06 §2.2); the wiki's example hashes credit_note_id.
    hash: ['status'], hashAlso: [['credit_note_id']], access: 'write', roles: MANAGERS, roleError: 'Access Denied',
  })
  async update(_input: Params, ctx: MorContext) {
    await this.notes.update(ctx.caller!, ctx.params);
    return statusDoc('Credit note was updated');
  }

  @MorMethod({ name: 'credit_note_delete', family: 'Credit notes', summary: 'Delete a credit note (a paid one keeps its payment)', hash: [], hashAlso: [['credit_note_id']], access: 'write', roles: MANAGERS, roleError: 'Access Denied' })
  async delete(_input: Params, ctx: MorContext) {
    await this.notes.delete(ctx.caller!, ctx.params);
    return statusDoc('Credit note was deleted');
  }
}
