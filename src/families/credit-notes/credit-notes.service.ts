import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { Errors, MorError } from '../../api/mor-error';
import { accessibleUser, canAccessUser, userRowsWhere } from '../../api/ownership';
import { money, parseAmount, toStorage } from '../../billing/money';
import { withTax } from '../../billing/taxes';
import { insertRow } from '../../database/raw';
import { sqlDateTime } from '../../ledger/ledger';
import { SettingsService } from '../../settings/settings.service';
import { defaultCurrency, userTaxes } from '../payments/money-context';
import { recordPayment, removePayment } from '../payments/payment-records';
import { sqlTime } from '../payments/payments.service';

export interface CreditNoteRow {
  id: number;
  user_id: number;
  owner_id: number;
  number: string;
  comment: string | null;
  price: string;
  price_with_vat: string;
  issue_date: string | Date;
  status: string;
  pay_date: string | Date | null;
  payment_id: number;
}

const NOT_FOUND = 'Credit note was not found';
/** MOR rounds document taxes to the cent. */
const DOCUMENT_PRECISION = 2;

/**
 * Credit notes (03 §S7): creating one leaves the balance alone; marking it paid creates a "Credit
 * note" payment that raises the balance by its price; marking it unpaid deletes that payment and
 * lowers the balance again; deleting a paid one keeps the payment.
 */
@Injectable()
export class CreditNotesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async create(caller: Caller, p: Params): Promise<void> {
    const user = await accessibleUser(this.db.manager, caller, p.user_id);
    if (!user || user.id === caller.id || user.usertype === 'admin') throw new MorError(Errors.userNotFound);
    const price = parseAmount(p.price);
    const issued = /^\d{1,10}$/.test(p.issue_date ?? '') ? Number(p.issue_date) : 0;
    const fits = (p.number ?? '').length <= 255 && (p.comment ?? '').length <= 65535;
    if (price === null || issued <= 0 || !fits) throw new MorError('Credit note was not created');
    const now = sqlDateTime(new Date());
    await this.db.transaction((m) => insertRow(m, 'credit_notes', {
      user_id: user.id, owner_id: user.owner_id, number: p.number ?? '', comment: p.comment ?? null, price: toStorage(price),
      price_with_vat: toStorage(withTax(price, userTaxes(user), DOCUMENT_PRECISION)), issue_date: sqlTime(issued), status: 'unpaid', created_at: now,
    }));
  }

  private async find(m: EntityManager, caller: Caller, raw: string | undefined, lock = false): Promise<CreditNoteRow> {
    const id = parseId(raw);
    const forUpdate = lock && m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
    const rows: CreditNoteRow[] = id === null ? [] : await m.query(`SELECT * FROM credit_notes WHERE id = ?${forUpdate}`, [id]);
    const note = rows[0];
    if (!note || !canAccessUser(caller, { id: Number(note.user_id), owner_id: Number(note.owner_id) })) throw new MorError(NOT_FOUND);
    return { ...note, id: Number(note.id), user_id: Number(note.user_id), payment_id: Number(note.payment_id) };
  }

  async update(caller: Caller, p: Params): Promise<void> {
    if (p.status !== undefined && p.status !== '' && p.status !== 'paid' && p.status !== 'unpaid') throw new MorError('Credit note was not updated');
    if ((p.comment ?? '').length > 65535) throw new MorError('Credit note was not updated');
    const currency = await defaultCurrency(this.settings);
    await this.db.transaction(async (m) => {
      const note = await this.find(m, caller, p.credit_note_id, true);
      if (p.comment !== undefined) await m.query('UPDATE credit_notes SET comment = ? WHERE id = ?', [p.comment, note.id]);
      if (p.status === 'paid' && note.status !== 'paid') await this.pay(m, note, currency);
      if (p.status === 'unpaid' && note.status === 'paid') await this.unpay(m, note);
    });
  }

  /** Marks it paid once (a conditional update: a concurrent second request changes nothing) and pays it. */
  private async pay(m: EntityManager, note: CreditNoteRow, currency: string): Promise<void> {
    const now = new Date();
    const won = await m.createQueryBuilder().update('credit_notes').set({ status: 'paid', pay_date: sqlDateTime(now) }).where('id = :id AND status = :s', { id: note.id, s: 'unpaid' }).execute();
    if (!won.affected) return;
    const price = money(note.price);
    const gross = money(note.price_with_vat);
    const { id } = await recordPayment(m, {
      userId: note.user_id, ownerId: Number(note.owner_id), paymenttype: 'Credit note', amount: price, gross, tax: gross.minus(price), amountDefault: price,
      currency, exchangeRate: money(1), completed: true, creditNoteId: note.id, description: `Credit note ${note.number}`.trim(), at: now,
    });
    await m.query('UPDATE credit_notes SET payment_id = ? WHERE id = ?', [id, note.id]);
  }

  private async unpay(m: EntityManager, note: CreditNoteRow): Promise<void> {
    const won = await m.createQueryBuilder().update('credit_notes').set({ status: 'unpaid', pay_date: null, payment_id: 0 }).where('id = :id AND status = :s', { id: note.id, s: 'paid' }).execute();
    if (won.affected && note.payment_id) await removePayment(m, note.payment_id);
  }

  /** Deletes the note; the payment of a paid one stays (03 §S7). */
  async delete(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const note = await this.find(m, caller, p.credit_note_id, true);
      await m.query('DELETE FROM credit_notes WHERE id = ?', [note.id]);
    });
  }

  /** One note (credit_note_id wins), one user's, or every visible one. */
  async list(caller: Caller, p: Params): Promise<CreditNoteRow[]> {
    if (p.credit_note_id) return [await this.find(this.db.manager, caller, p.credit_note_id)];
    const { where, args } = await userRowsWhere(this.db.manager, caller, p.user_id, Errors.userNotFound);
    return this.db.query(`SELECT * FROM credit_notes${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY issue_date, id`, args);
  }
}
