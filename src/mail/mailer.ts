import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { SettingsService } from '../settings/settings.service';

/** SMTP settings (conflines of the admin): where mail goes out. */
export const MailSetting = {
  enabled: 'email_sending_enabled',
  host: 'email_smtp_server',
  port: 'email_port',
  login: 'email_login',
  password: 'email_password',
  from: 'email_from',
  /** 1: TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: 'email_secure',
} as const;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** An SMTP server refused the mail or could not be reached; `detail` is its own words. */
export class MailDeliveryError extends Error {
  constructor(readonly kind: string, readonly detail: string) {
    super(`${kind} - ${detail}`);
  }
}

/**
 * The one SMTP client (nodemailer), configured from the settings; one pooled transport per
 * configuration, rebuilt when the settings change. Timeouts keep a dead server from holding a
 * request for long.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private transport: { key: string; transporter: Transporter } | null = null;

  constructor(private readonly settings: SettingsService) {}

  async enabled(): Promise<boolean> {
    return this.settings.flag(MailSetting.enabled);
  }

  async send(mail: OutgoingMail): Promise<void> {
    const { transporter, from } = await this.transporter();
    try {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    } catch (error) {
      const e = error as { code?: string; response?: string; message?: string };
      throw new MailDeliveryError(e.code === 'EENVELOPE' || e.response ? 'SMTPFatalError' : e.code ?? 'SMTPError', e.response ?? e.message ?? String(error));
    }
  }

  private async transporter(): Promise<{ transporter: Transporter; from: string }> {
    const get = async (name: (typeof MailSetting)[keyof typeof MailSetting]) => (await this.settings.get(name)) ?? '';
    const [host, port, user, pass, from, secure] = await Promise.all([MailSetting.host, MailSetting.port, MailSetting.login, MailSetting.password, MailSetting.from, MailSetting.secure].map(get));
    const key = JSON.stringify([host, port, user, pass, secure]);
    if (this.transport?.key !== key) {
      this.transport?.transporter.close();
      const transporter = createTransport({
        host: host || 'localhost', port: Number(port) || 25, secure: secure === '1', auth: user ? { user, pass } : undefined,
        pool: true, maxConnections: 2, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
      });
      this.transport = { key, transporter };
    }
    return { transporter: this.transport.transporter, from: from || 'billing@localhost' };
  }

  onApplicationShutdown(): void {
    this.transport?.transporter.close();
  }
}
