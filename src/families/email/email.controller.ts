import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod } from '../../api/mor-method.decorator';
import { EmailService } from './email.service';

@Controller()
export class EmailController {
  constructor(private readonly email: EmailService) {}

  @MorMethod({
    name: 'email_send', aliases: ['send_email'], family: 'Email', summary: "Send one of the account's e-mail templates to a user, filled from the params",
    // The client's order; the wiki's example verifies only with its template variables first.
    hash: ['email_name', 'email_to_user_id'], hashAlso: [['server_ip', 'login_url', 'login_username', 'email_name', 'email_to_user_id']],
    access: 'write', roles: ['admin', 'reseller', 'accountant', 'user'],
  })
  async send(_input: Params, ctx: MorContext) {
    return { page: { email_sending_status: await this.email.send(ctx.caller!, ctx.params) } };
  }
}
