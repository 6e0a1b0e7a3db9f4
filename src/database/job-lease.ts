import type { DataSource } from 'typeorm';
import { sqlDateTime } from '../ledger/ledger';

/**
 * A lease on a periodic job, so that of several server processes one runs it at a time. The
 * holder renews it while running; a crashed holder's lease expires and another process takes
 * over. Exactly-once effects still come from each job's own keys, not from the lease.
 */
export async function takeLease(db: DataSource, name: string, holder: string, seconds: number, now = new Date()): Promise<boolean> {
  const expires = sqlDateTime(new Date(now.getTime() + seconds * 1000));
  return db.transaction(async (m) => {
    const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
    const rows: { holder: string; expires_at: string | Date }[] = await m.query(`SELECT holder, expires_at FROM job_leases WHERE name = ?${lock}`, [name]);
    if (rows.length === 0) {
      await m.query('INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)', [name, holder, expires]);
      return true;
    }
    const expired = new Date(String(rows[0].expires_at instanceof Date ? rows[0].expires_at.toISOString() : `${rows[0].expires_at}Z`.replace(' ', 'T'))).getTime() <= now.getTime();
    if (rows[0].holder !== holder && !expired) return false;
    await m.query('UPDATE job_leases SET holder = ?, expires_at = ? WHERE name = ?', [holder, expires, name]);
    return true;
  });
}

export async function releaseLease(db: DataSource, name: string, holder: string): Promise<void> {
  await db.query("UPDATE job_leases SET expires_at = '1970-01-01 00:00:00' WHERE name = ? AND holder = ?", [name, holder]);
}
