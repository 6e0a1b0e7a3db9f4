import { DataSource } from 'typeorm';
import { isUniqueViolation } from './unique';

/**
 * A named lease in the database (`job_leases`): one process at a time holds it until it
 * releases it or it expires (a crashed holder does not block the job for longer than that).
 * Claiming is one conditional UPDATE, so two processes never both win.
 */
export class JobLease {
  constructor(
    private readonly db: DataSource,
    readonly name: string,
    readonly holder: string,
  ) {}

  async claim(nowMs: number, forMs: number): Promise<boolean> {
    try {
      await this.db.query('INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, 0)', [this.name, '']);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const result = await this.db.createQueryBuilder().update('job_leases').set({ holder: this.holder, expires_at: nowMs + forMs })
      .where('name = :name AND (expires_at < :now OR holder = :holder)', { name: this.name, now: nowMs, holder: this.holder }).execute();
    return (result.affected ?? 0) === 1;
  }

  async release(): Promise<void> {
    await this.db.query('UPDATE job_leases SET expires_at = 0 WHERE name = ? AND holder = ?', [this.name, this.holder]);
  }
}
