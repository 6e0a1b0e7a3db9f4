import type { EntityManager } from 'typeorm';
import { type PayerAccount, spendable } from '../../billing/call-rating';
import { money } from '../../billing/money';
import { moneySql } from '../../database/exact-money';
import type { LedgerAccountType } from '../../ledger/ledger';

/**
 * Who pays for a call, and so whose money authorization holds. Today a user (the caller's, or a
 * DID's user for an incoming call) or the user's reseller; calling cards add their account type
 * here (ledger account + table + what their "credit" is) and nothing else changes.
 */
export interface Payer extends PayerAccount {
  account: LedgerAccountType;
  id: number;
}

/** The activecalls column that holds a payer role's money. */
export type HoldColumn = 'hold_amount' | 'reseller_hold_amount';
const HOLDER_OF: Record<HoldColumn, string> = { hold_amount: 'payer_id', reseller_hold_amount: 'reseller_id' };

/**
 * A user as a payer, its row locked for the rest of the transaction `m` (MariaDB: FOR UPDATE;
 * SQLite transactions already take turns), so two authorizations of one payer are serialized.
 */
export async function lockUserPayer(m: EntityManager, userId: number): Promise<Payer | null> {
  const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
  const [row] = await m.query(`SELECT id, balance, credit, postpaid FROM users WHERE id = ?${lock}`, [userId]);
  if (!row) return null;
  return { account: 'user', id: Number(row.id), balance: money(row.balance), credit: money(row.credit), postpaid: Number(row.postpaid) === 1 };
}

/** What a payer may still spend with every other call in progress held: null = unlimited. */
export async function spendableNow(m: EntityManager, payer: Payer, column: HoldColumn) {
  const [row] = await m.query(`SELECT ${moneySql(m).sum(column)} AS held FROM activecalls WHERE ${HOLDER_OF[column]} = ?`, [payer.id]);
  return spendable(payer, money(row?.held ?? 0));
}
