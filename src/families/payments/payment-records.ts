import type { EntityManager } from 'typeorm';
import { type Decimal, money, toStorage } from '../../billing/money';
import { insertRow } from '../../database/raw';
import { changeBalance, type LedgerKind, sqlDateTime } from '../../ledger/ledger';

/** A payment to write; amounts net/gross/tax in `currency`, `amountDefault` what the balance moves. */
export interface NewPayment {
  userId: number;
  ownerId: number;
  paymenttype: string;
  amount: Decimal;
  gross: Decimal;
  tax: Decimal;
  fee?: Decimal;
  amountDefault: Decimal;
  currency: string;
  exchangeRate: Decimal;
  /** Completed payments move the balance at once; others wait for confirmation. */
  completed: boolean;
  pendingReason?: string;
  transactionId?: string;
  payerEmail?: string;
  description?: string;
  commentsForUser?: string;
  creditNoteId?: number;
  invoiceId?: number;
  /** Unique: a second payment with the same key is the first one. */
  idempotencyKey?: string;
  at?: Date;
}

export interface PaymentRow {
  id: number;
  user_id: number;
  paymenttype: string;
  amount_default: string;
  completed: number;
}

/** The ledger kind a payment's balance change is recorded under. */
export const ledgerKindOf = (paymenttype: string): LedgerKind => (paymenttype === 'Credit note' ? 'credit_note' : 'payment');

/** Finds a payment by its idempotency key (inside `m`). */
export async function paymentByKey(m: EntityManager, key: string): Promise<PaymentRow | null> {
  const rows: PaymentRow[] = await m.query('SELECT id, user_id, paymenttype, amount_default, completed FROM payments WHERE idempotency_key = ?', [key]);
  return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
}

/**
 * Writes a payment and, when it is completed, raises the user's balance by `amountDefault` through
 * the ledger with the payment as cause, all inside `m`. A known idempotency key returns the first
 * payment unchanged.
 */
export async function recordPayment(m: EntityManager, p: NewPayment): Promise<{ id: number; created: boolean }> {
  if (p.idempotencyKey) {
    const known = await paymentByKey(m, p.idempotencyKey);
    if (known) return { id: known.id, created: false };
  }
  const at = sqlDateTime(p.at ?? new Date());
  const id = await insertRow(m, 'payments', {
    user_id: p.userId, owner_id: p.ownerId, paymenttype: p.paymenttype, amount: toStorage(p.amount), gross: toStorage(p.gross), tax: toStorage(p.tax),
    fee: toStorage(p.fee ?? 0), amount_default: toStorage(p.amountDefault), currency: p.currency, exchange_rate: toStorage(p.exchangeRate),
    completed: p.completed ? 1 : 0, confirmed_by_admin: p.completed ? 1 : 0, pending_reason: p.pendingReason ?? '',
    transaction_id: p.transactionId ?? '', payer_email: p.payerEmail ?? '', description: p.description ?? '', comments_for_user: p.commentsForUser ?? null,
    credit_note_id: p.creditNoteId ?? 0, invoice_id: p.invoiceId ?? 0, date_added: at, shipped_at: p.completed ? at : null,
    idempotency_key: p.idempotencyKey ?? null,
  });
  if (p.completed) await changeBalance(m, { account: 'user', accountId: p.userId, kind: ledgerKindOf(p.paymenttype), causeId: String(id), amount: p.amountDefault, description: p.paymenttype });
  return { id, created: true };
}

/** Deletes a payment and takes back what it added to the balance (a ledger row of its own). */
export async function removePayment(m: EntityManager, paymentId: number): Promise<void> {
  const rows: PaymentRow[] = await m.query('SELECT id, user_id, paymenttype, amount_default, completed FROM payments WHERE id = ?', [paymentId]);
  const payment = rows[0];
  if (!payment) return;
  if (Number(payment.completed) === 1) {
    await changeBalance(m, {
      account: 'user', accountId: Number(payment.user_id), kind: ledgerKindOf(payment.paymenttype), causeId: `removed:${paymentId}`,
      amount: money(payment.amount_default).negated(), description: `${payment.paymenttype} removed`,
    });
  }
  await m.query('DELETE FROM payments WHERE id = ?', [paymentId]);
}

/**
 * The admin's confirmation of a payment that waited for it ("API Payment Confirmation"): completes it
 * once (a conditional update) and only then moves the balance. False when there was nothing to confirm.
 */
export async function confirmPayment(m: EntityManager, paymentId: number, at = new Date()): Promise<boolean> {
  const won = await m.createQueryBuilder().update('payments').set({ completed: 1, confirmed_by_admin: 1, pending_reason: '', shipped_at: sqlDateTime(at) })
    .where('id = :id AND completed = 0', { id: paymentId }).execute();
  if (!won.affected) return false;
  const [payment]: PaymentRow[] = await m.query('SELECT id, user_id, paymenttype, amount_default, completed FROM payments WHERE id = ?', [paymentId]);
  await changeBalance(m, { account: 'user', accountId: Number(payment.user_id), kind: ledgerKindOf(payment.paymenttype), causeId: String(paymentId), amount: payment.amount_default, description: payment.paymenttype, at });
  return true;
}
