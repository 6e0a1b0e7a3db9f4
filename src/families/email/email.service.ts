import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { accessibleUser, managedOwnerId } from '../../api/ownership';
import { MailDeliveryError, Mailer } from '../../mail/mailer';
import { fillTemplate } from './email-templates';

/** Params that address the mail; every other param is a template variable. */
const NOT_VARIABLES = new Set(['u', 'p', 'hash', 'email_name', 'email_to_user_id', 'action']);

export type SendOutcome = 'Email sent' | 'E-mail has been disabled';

@Injectable()
export class EmailService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mailer: Mailer,
  ) {}

  /** email_send: the caller's template (a reseller's own, else the admin's) filled and mailed to a user it may see. */
  async send(caller: Caller, p: Params): Promise<SendOutcome> {
    const to = await accessibleUser(this.db.manager, caller, p.email_to_user_id || String(caller.id));
    const variables = Object.fromEntries(Object.entries(p).filter(([name]) => !NOT_VARIABLES.has(name)));
    try {
      return await this.sendTemplate(managedOwnerId(caller), p.email_name ?? '', to?.id ?? null, variables);
    } catch (error) {
      if (error instanceof MailDeliveryError) throw new MorError(`Configuration error. Please consult this help link. (Net::${error.message})`);
      throw error;
    }
  }

  /**
   * Sends an owner's template (else the admin's) to a user's address, for the API and for the
   * server's jobs (monitorings, warning balance). Throws MailDeliveryError when SMTP fails.
   */
  async sendTemplate(ownerId: number, name: string, toUserId: number | null, variables: Record<string, string>): Promise<SendOutcome> {
    const template = await this.template(ownerId, name);
    if (!template) throw new MorError('Email not found');
    const rows: { email: string }[] = toUserId === null ? [] : await this.db.query('SELECT email FROM users WHERE id = ?', [toUserId]);
    if (!rows[0]?.email) throw new MorError('User not found');
    if (!(await this.mailer.enabled())) return 'E-mail has been disabled';
    await this.mailer.send({ to: rows[0].email, subject: fillTemplate(template.subject, variables), text: fillTemplate(template.body ?? '', variables) });
    return 'Email sent';
  }

  private async template(ownerId: number, name: string): Promise<{ subject: string; body: string | null } | null> {
    const owners = [...new Set([ownerId, 0])];
    const rows: { subject: string; body: string | null; owner_id: number }[] = await this.db.query(
      `SELECT subject, body, owner_id FROM emails WHERE name = ? AND owner_id IN (${owners.map(() => '?').join(', ')})`, [name, ...owners]);
    return rows.find((r) => Number(r.owner_id) === ownerId) ?? rows[0] ?? null;
  }
}
