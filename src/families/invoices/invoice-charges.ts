import type { EntityManager } from 'typeorm';
import type { Charge } from '../../billing/invoices';
import { type DecimalInput, toStorage } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';

/**
 * A charge another family puts on a user's next invoice (a subscription period, a DID fee...).
 * (source, sourceId) is the idempotency key: adding the same charge again does nothing. The
 * invoice run picks up every charge of the user dated inside the invoice's period.
 */
export interface NewCharge {
  userId: number;
  /** The family that charges: 'subscription', 'did', ... */
  source: string;
  /** Unique within the source, e.g. `<subscription id>:<period>`. */
  sourceId: string;
  name: string;
  quantity?: number;
  price: DecimalInput;
  serviceId?: number;
  at: Date;
}

/** Records the charge inside the caller's transaction; true when it was new. */
export async function addInvoiceCharge(m: EntityManager, charge: NewCharge): Promise<boolean> {
  const known: unknown[] = await m.query('SELECT id FROM invoice_charges WHERE source = ? AND source_id = ?', [charge.source, charge.sourceId]);
  if (known.length > 0) return false;
  await m.query('INSERT INTO invoice_charges (user_id, source, source_id, name, quantity, price, service_id, charged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
    charge.userId, charge.source, charge.sourceId, charge.name.slice(0, 255), charge.quantity ?? 1, toStorage(charge.price), charge.serviceId ?? 0, sqlDateTime(charge.at),
  ]);
  return true;
}

/** The charges of some users dated in [from, until), by user. */
export async function chargesOf(m: EntityManager, userIds: readonly number[], from: string, until: string): Promise<Map<number, Charge[]>> {
  const byUser = new Map<number, Charge[]>();
  if (userIds.length === 0) return byUser;
  const rows: { user_id: number; name: string; quantity: number; price: string; service_id: number }[] = await m.query(
    `SELECT user_id, name, quantity, price, service_id FROM invoice_charges WHERE user_id IN (${userIds.map(() => '?').join(', ')}) AND charged_at >= ? AND charged_at < ? ORDER BY charged_at, id`,
    [...userIds, from, until],
  );
  for (const row of rows) {
    const list = byUser.get(Number(row.user_id)) ?? [];
    list.push({ name: row.name, quantity: Number(row.quantity), price: row.price, serviceId: Number(row.service_id) });
    byUser.set(Number(row.user_id), list);
  }
  return byUser;
}
