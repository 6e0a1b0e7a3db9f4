import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { toStorage } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';

/** A row of the shared `payments` table, as this family writes it (plain SQL; the payments family owns the table). */
export interface PaymentRow {
  paymenttype: string;
  amount: string;
  gross: string;
  tax: string;
  amount_default: string;
  currency: string;
  exchange_rate: string;
  user_id?: number;
  owner_id: number;
  card_id?: number;
  email?: string;
  description?: string;
  /** Default: a fresh one (the payment has no outside transaction id). */
  idempotency_key?: string;
}

/** Inserts the payment and returns its id (found again by its idempotency key, the same on both databases). */
export async function insertPayment(m: EntityManager, row: PaymentRow): Promise<number> {
  const key = row.idempotency_key ?? `card_payment:${randomUUID()}`;
  await m.query(
    `INSERT INTO payments (paymenttype, amount, gross, tax, amount_default, currency, exchange_rate, user_id, owner_id, card_id, email, description, date_added, completed, idempotency_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    [row.paymenttype, toStorage(row.amount), toStorage(row.gross), toStorage(row.tax), toStorage(row.amount_default), row.currency, toStorage(row.exchange_rate),
      row.user_id ?? 0, row.owner_id, row.card_id ?? 0, (row.email ?? '').slice(0, 255), (row.description ?? '').slice(0, 255), sqlDateTime(new Date()), key],
  );
  const [{ id }] = await m.query('SELECT id FROM payments WHERE idempotency_key = ?', [key]);
  return Number(id);
}

/** A currency by name (any case): its exchange rate and whether it is active. */
export async function currencyNamed(m: EntityManager, name: string): Promise<{ name: string; rate: string; active: boolean } | null> {
  const rows: { name: string; exchange_rate: string | number; active: number }[] = await m.query('SELECT name, exchange_rate, active FROM currencies WHERE name = ?', [name.toUpperCase()]);
  return rows.length === 0 ? null : { name: rows[0].name, rate: toStorage(rows[0].exchange_rate), active: Number(rows[0].active) === 1 };
}
