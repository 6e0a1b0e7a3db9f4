import type { EntityManager } from 'typeorm';
import { type PayerAccount, spendable } from '../../billing/call-rating';
import { money } from '../../billing/money';
import { moneySql } from '../../database/exact-money';
import { runSql } from '../../database/raw';
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
 * Users as payers, their rows read (and on MariaDB locked, in ascending id order: as lockUsers) in
 * one statement, for the rest of the transaction `m`, so two authorizations of one payer are
 * serialized (SQLite transactions already take turns). Ids that are not users are absent.
 */
export async function lockPayers(m: EntityManager, ids: number[]): Promise<Map<number, Payer>> {
  const unique = [...new Set(ids.filter((id) => id > 0))].sort((a, b) => a - b);
  if (unique.length === 0) return new Map();
  const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
  const rows = await runSql(m, `SELECT id, balance, credit, postpaid FROM users WHERE id IN (${unique.map(() => '?').join(', ')}) ORDER BY id${lock}`, unique);
  return new Map(rows.map((row: Record<string, unknown>): [number, Payer] => [
    Number(row.id), { account: 'user', id: Number(row.id), balance: money(row.balance as string), credit: money(row.credit as string), postpaid: Number(row.postpaid) === 1 },
  ]));
}

/**
 * Locks users' rows in ascending id order (one statement), for the rest of the transaction. Every
 * transaction that charges or holds money for users takes their locks this way first (before any
 * activecalls or calls row), so two of them never wait for each other in a cycle.
 */
export async function lockUsers(m: EntityManager, ids: number[]): Promise<void> {
  const unique = [...new Set(ids.filter((id) => id > 0))].sort((a, b) => a - b);
  if (unique.length === 0 || m.connection.options.type !== 'mysql') return;
  await runSql(m, `SELECT id FROM users WHERE id IN (${unique.map(() => '?').join(', ')}) ORDER BY id FOR UPDATE`, unique);
}

/** Whether a MariaDB error is a deadlock or lock wait timeout: the transaction was rolled back and may simply run again. */
export function isLockConflict(error: unknown): boolean {
  const e = ((error as { driverError?: unknown })?.driverError ?? error) as { errno?: unknown } | null;
  return e?.errno === 1213 || e?.errno === 1205;
}

/**
 * Runs a transaction again (up to `tries` times) when MariaDB rolled it back for a deadlock. Only for
 * work that is idempotent on its key (a call's uniqueid): a retry then does what the first try would have.
 */
export async function retryOnLockConflict<T>(work: () => Promise<T>, tries = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= tries || !isLockConflict(e)) throw e;
    }
  }
}

/** What a payer may still spend with every other call in progress held: null = unlimited. */
export async function spendableNow(m: EntityManager, payer: Payer, column: HoldColumn) {
  const [row] = await runSql(m, `SELECT ${moneySql(m).sum(column)} AS held FROM activecalls WHERE ${HOLDER_OF[column]} = ?`, [payer.id]);
  return spendable(payer, money(row?.held ?? 0));
}

/** Reads one row by id (plain, or through a batch job's memo). */
export type RowById = (sql: string, id: number) => Promise<Record<string, unknown>[]>;

/** The tariffs that price a caller's calls: the user's (a card's: its group's) and its reseller's. */
export interface PricingTariffs {
  userTariffId: number | null;
  resellerId: number;
  resellerTariffId: number | null;
}

/** PricingTariffs of a user (or, with `cardId`, of a calling card, which has no reseller part). */
export async function pricingTariffs(read: RowById, userId: number, cardId = 0): Promise<PricingTariffs> {
  const [user] = cardId
    ? await read('SELECT 0 AS owner_id, g.tariff_id FROM cards c JOIN cardgroups g ON g.id = c.cardgroup_id WHERE c.id = ?', cardId)
    : userId ? await read('SELECT owner_id, tariff_id FROM users WHERE id = ?', userId) : [];
  const [reseller] = user && Number(user.owner_id) > 0 ? await read("SELECT id, tariff_id FROM users WHERE id = ? AND usertype = 'reseller'", Number(user.owner_id)) : [];
  const tariff = (row: Record<string, unknown> | undefined) => (row && row.tariff_id !== null ? Number(row.tariff_id) : null);
  return { userTariffId: tariff(user), resellerId: reseller ? Number(reseller.id) : 0, resellerTariffId: tariff(reseller) };
}
