import { Controller } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../../api/access/access.service';
import { LOGIN_WAIT_TEXT } from '../../api/access/login-throttle';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { noUserPage } from '../../api/page-style';
import { User } from '../users/user.entity';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];

/** user_login / user_logout: MOR's session flag, answered in <action> documents. */
@Controller()
export class LoginController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  @MorMethod({
    name: 'user_login', aliases: ['login'], family: 'Login', summary: 'Check username (or e-mail) and password, open a session',
    hash: ['u', 'p'], access: 'read', roles: ALL, identify: 'login', errorEnvelope: 'login', xmlDeclaration: 'standalone',
  })
  async login(params: Params, ctx: MorContext) {
    const caller = ctx.caller;
    // The password is checked even for an unknown or blocked user, so timing tells nothing.
    const check = await this.access.passwordCheck(ctx.ip, caller?.id ?? null, params.p ?? '');
    if (check === 'wait') return { action: { name: 'login', status: 'failed', status_message: LOGIN_WAIT_TEXT } };
    if (!caller || check !== 'ok' || caller.blocked) {
      return { action: { name: 'login', status: 'failed', status_message: 'Login failed' } };
    }
    await this.db.getRepository(User).update(caller.id, { logged: 1 });
    return { action: { name: 'login', status: 'ok', user_id: String(caller.id), status_message: 'Successfully logged in' } };
  }

  @MorMethod({
    name: 'user_logout', aliases: ['logout'], family: 'Login', summary: 'Close the session of user u',
    hash: [], access: 'read', roles: ALL, errorEnvelope: 'logout', xmlDeclaration: 'standalone',
  })
  async logout(_params: Params, ctx: MorContext) {
    await this.db.getRepository(User).update(ctx.caller!.id, { logged: 0 });
    return { action: { name: 'logout', status: 'ok' } };
  }

  @MorMethod({
    name: 'login_form', family: 'Login', summary: "MOR's legacy login page (page-style: u only, no hash)",
    hash: [], access: 'read', roles: ALL, identify: 'page-anyone',
  })
  loginForm() {
    return noUserPage('Login page');
  }
}
