import { TestApp, errorOf } from '../support/test-app';
import { SmtpPeer } from '../support/smtp-peer';

describe('email_send over a real SMTP server', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let user: { id: number };
  const RKEY = 'reseller-key-mail';

  beforeAll(async () => {
    t = await TestApp.start();
    smtp = await SmtpPeer.start();
    user = await t.createUser({ username: 'mailee', email: 'mailee@example.test', first_name: 'Mai', last_name: 'Lee' });
    await t.createUser({ username: 'nomail' });
    await t.createReseller('mailres', RKEY);
    await t.settings.set('email_smtp_server', '127.0.0.1');
    await t.settings.set('email_port', String(smtp.port));
    await t.settings.set('email_from', 'billing@example.test');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const send = (params: Record<string, string>, signer = {}) => t.call('email_send', { email_name: 'registration_confirmation_for_user', email_to_user_id: String(user.id), ...params }, signer);

  it('is off on a fresh install: E-mail has been disabled, nothing sent', async () => {
    const r = await send({});
    expect(r.xml.page.email_sending_status).toBe('E-mail has been disabled');
    expect(smtp.received).toHaveLength(0);
  });

  it('fills the template from the params and delivers it to the user', async () => {
    await t.settings.set('email_sending_enabled', '1');
    const r = await send({ login_username: 'mailee', login_url: 'https://billing.example.test', server_ip: '127.0.0.2', first_name: 'Mai' });
    expect(r.xml.page.email_sending_status).toBe('Email sent');
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toBe('mailee@example.test');
    expect(mail.from?.text).toBe('billing@example.test');
    expect(mail.subject).toBe('Registration confirmation');
    expect(mail.text).toContain('Login URL: https://billing.example.test');
    expect(mail.text).toContain('Username: mailee');
    // A variable the request did not send comes out empty.
    expect(mail.text).toContain('Hello Mai ,');
    expect(mail.text).toContain('Device password: \n');
  });

  it('accepts the old name send_email and the wiki\'s hash order', async () => {
    const r = await t.call('send_email', { server_ip: '1', login_url: 'u', login_username: 'x', email_name: 'registration_confirmation_for_user', email_to_user_id: String(user.id) },
      { hashOrder: ['server_ip', 'login_url', 'login_username', 'email_name', 'email_to_user_id'] });
    expect(r.xml.page.email_sending_status).toBe('Email sent');
  });

  it('answers MOR\'s errors: unknown template, unknown or foreign user, user without address', async () => {
    expect(errorOf((await send({ email_name: 'no_such_template' })).xml)).toBe('Email not found');
    expect(errorOf((await send({ email_to_user_id: '99999' })).xml)).toBe('User not found');
    expect(errorOf((await send({}, { u: 'mailres', key: RKEY })).xml)).toBe('User not found');
    expect(errorOf((await t.call('email_send', { email_name: 'registration_confirmation_for_user' })).xml)).toBe('User not found');
    expect(errorOf((await send({}, { hashOrder: [] })).xml)).toBe('Incorrect hash');
  });

  it('reports an SMTP refusal with the server\'s own words, and sends nothing', async () => {
    const before = smtp.received.length;
    smtp.refuse = '5.7.1 Relaying denied';
    const r = await send({});
    smtp.refuse = null;
    expect(errorOf(r.xml)).toMatch(/^Configuration error\. Please consult this help link\. \(Net::SMTPFatalError - .*554 5\.7\.1 Relaying denied/);
    expect(smtp.received).toHaveLength(before);
  });

  it('reports an SMTP server that is down', async () => {
    await t.settings.set('email_port', '1');
    const r = await send({});
    await t.settings.set('email_port', String(smtp.port));
    expect(errorOf(r.xml)).toMatch(/^Configuration error\. Please consult this help link\. \(Net::/);
  });
});
