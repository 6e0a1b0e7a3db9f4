import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { MorError } from '../../api/mor-error';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { UserIdDto } from './dto/user-id.dto';
import { UserTargetDto } from './dto/user-target.dto';
import { UPDATE_HASH_ORDER } from './user-update-fields';
import { USER_DETAILS_COLUMNS, userDetailsDoc, userListRow, userRawDoc } from './user-xml';
import { UsersService } from './users.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];
const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];

@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @MorMethod({
    name: 'user_details_get', aliases: ['user_details'], family: 'User', summary: "One user's personal, financial and registration details",
    hash: ['user_id', 'username'], access: 'read', roles: ALL, input: UserTargetDto,
  })
  async detailsGet(input: UserTargetDto, ctx: MorContext) {
    const user = await this.users.findVisibleFields(ctx.caller!, input, USER_DETAILS_COLUMNS);
    return userDetailsDoc(user, await this.users.detailsContext(user));
  }

  @MorMethod({
    name: 'user_details_raw_get', family: 'User', summary: "One user's stored record as raw fields",
    hash: ['user_id', 'username'], access: 'read', roles: ALL, input: UserTargetDto,
  })
  async detailsRawGet(input: UserTargetDto, ctx: MorContext) {
    return userRawDoc(await this.users.findVisible(ctx.caller!, input));
  }

  @MorMethod({
    name: 'users_get', family: 'User', summary: 'Users the caller may see',
    hash: ['u', 'p', 'uniquehash'], access: 'read', roles: MANAGERS, identify: 'password-or-uniquehash',
  })
  async list(_input: Params, ctx: MorContext) {
    const users = await this.users.list(ctx.caller!);
    // MOR's own server (06 §2.2) refuses an empty list rather than printing an empty <users>.
    if (users.length === 0) throw new MorError('No Users found');
    return { page: { status: { users: { user: users.map(userListRow) } } } };
  }

  @MorMethod({
    name: 'user_details_update', aliases: ['user_update_api'], family: 'User', summary: 'Change any subset of a user\'s settings',
    hash: UPDATE_HASH_ORDER, hashAlso: [['user_id']], access: 'write', roles: MANAGERS, input: UserIdDto,
  })
  async update(_input: UserIdDto, ctx: MorContext) {
    await this.users.update(ctx.caller!, ctx.params);
    return { page: { status: 'User was updated' } };
  }

  @MorMethod({
    name: 'user_delete', family: 'User', summary: 'Delete a user (refused while it has DIDs, calls or invoices)',
    hash: ['user_id'], access: 'write', roles: MANAGERS, input: UserIdDto,
  })
  async delete(input: UserIdDto, ctx: MorContext) {
    await this.users.delete(ctx.caller!, Number(input.user_id));
    return { page: { status: 'User deleted' } };
  }
}
