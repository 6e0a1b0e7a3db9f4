import type { DataSource } from 'typeorm';
import { auditBalances } from './ledger';

export interface AuditReport {
  consistent: boolean;
  lines: string[];
}

/**
 * `balance audit [--user <id|username>]`: every balance against its opening value plus its ledger;
 * names each account that differs.
 */
export async function balanceAudit(db: DataSource, user?: string): Promise<AuditReport> {
  let only: { account: 'user'; accountId: number } | undefined;
  if (user !== undefined) {
    const rows: { id: number }[] = await db.query('SELECT id FROM users WHERE username = ? OR id = ?', [user, /^\d{1,10}$/.test(user) ? Number(user) : -1]);
    if (rows.length === 0) throw new Error(`No user ${user}`);
    only = { account: 'user', accountId: Number(rows[0].id) };
  }
  const { checked, findings } = await db.transaction((m) => auditBalances(m, only));
  const lines = findings.map((f) => `INCONSISTENT ${f.account} ${f.accountId}: balance ${f.balance}, opening + ledger ${f.ledgerSum}`);
  lines.push(`${checked} account(s) checked, ${findings.length === 0 ? 'all consistent' : `${findings.length} inconsistent`}`);
  return { consistent: findings.length === 0, lines };
}
