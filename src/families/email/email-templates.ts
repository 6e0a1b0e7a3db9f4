/**
 * MOR's default e-mail templates (the names its API and jobs send), with its e-mail variables as
 * `<%= name %>` placeholders. An operator edits the rows; these are only the first ones.
 */
export const DEFAULT_TEMPLATES: ReadonlyArray<{ name: string; subject: string; body: string }> = [
  {
    name: 'registration_confirmation_for_user', subject: 'Registration confirmation',
    body: 'Hello <%= first_name %> <%= last_name %>,\n\nThank you for registering.\n\nLogin URL: <%= login_url %>\nUsername: <%= login_username %>\nPassword: <%= login_password %>\n\nDevice type: <%= device_type %>\nDevice username: <%= device_username %>\nDevice password: <%= device_password %>\nServer IP: <%= server_ip %>\n',
  },
  { name: 'registration_confirmation_for_admin', subject: 'New user registered', body: 'A new user registered: <%= username %> (<%= first_name %> <%= last_name %>, <%= user_email %>) from <%= user_ip %>.\n' },
  { name: 'warning_balance_email', subject: 'Balance warning', body: 'Hello <%= full_name %>,\n\nYour balance is <%= nice_balance %> <%= currency %>, below <%= nice_warning_email_balance %> <%= currency %>.\n' },
  { name: 'warning_balance_email_local', subject: 'Balance warning for <%= username %>', body: 'User <%= full_name %> (<%= username %>) has balance <%= nice_balance %> <%= currency %>, below <%= nice_warning_email_balance %> <%= currency %>.\n' },
  { name: 'monitoring_activated', subject: 'Monitoring activated', body: 'Monitoring <%= monitoring_id %> acted on user <%= username %> (<%= full_name %>): <%= monitoring_action %>.\n' },
  { name: 'password_reminder', subject: 'Password reminder', body: 'Hello <%= full_name %>,\n\nLogin URL: <%= login_url %>\nUsername: <%= login_username %>\nPassword: <%= login_password %>\n' },
  { name: 'cyberplat_announce', subject: 'Payment received', body: 'Payment <%= transaction_id %> of <%= payment_amount %> <%= payment_currency %> received on <%= payment_date %>.\n' },
  { name: 'invoices', subject: 'Invoice', body: 'Hello <%= full_name %>,\n\nYour invoice is attached.\n' },
];

const PLACEHOLDER = /<%=\s*([A-Za-z0-9_]+)\s*%>/g;

/** Fills a template's placeholders from the variables; one not given comes out empty, as in MOR. */
export function fillTemplate(text: string, variables: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => (Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : ''));
}
