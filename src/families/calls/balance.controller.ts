import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Errors } from '../../api/mor-error';
import { MorMethod } from '../../api/mor-method.decorator';
import { formatAmount } from '../../billing/money';
import { Setting } from '../../settings/setting-names';
import { BalanceService } from './balance.service';
import { BalanceTexts, DeviceBalanceDto, SimpleBalanceDto, UserBalanceGetDto, UserBalanceUpdateDto } from './dto/balance.dto';

/** MOR's Balance family (03 "Balance", 06 §2.2). */
@Controller()
export class BalanceController {
  constructor(private readonly balances: BalanceService) {}

  @MorMethod({
    name: 'user_balance_get', aliases: ['balance'], family: 'Balance', summary: "A user's balance, optionally in another currency",
    hash: ['username', 'currency'], access: 'read', roles: ['admin', 'accountant', 'reseller', 'user'], roleError: Errors.accessDenied, input: UserBalanceGetDto,
  })
  async get(input: UserBalanceGetDto, ctx: MorContext) {
    await this.balances.requireSetting(Setting.balanceViaApi);
    const user = await this.balances.byUsername(ctx.caller!, input.username);
    const withCurrency = input.user_currency === '1';
    const shown = await this.balances.shown(user, withCurrency ? undefined : input.currency, withCurrency);
    return { page: { balance: shown.amount, ...(withCurrency ? { currency: shown.currency } : {}) } };
  }

  @MorMethod({
    name: 'user_balance_update', aliases: ['user_balance_change', 'change_user_balance'], family: 'Balance', summary: "Add to (or, negative, take from) a directly owned user's balance",
    hash: ['user_id', 'balance'], access: 'write', roles: ['admin', 'reseller'], roleError: Errors.accessDenied, input: UserBalanceUpdateDto,
  })
  async update(input: UserBalanceUpdateDto, ctx: MorContext) {
    const user = await this.balances.change(ctx.caller!, input.user_id, input.balance);
    return { page: { page: { status: BalanceTexts.updated, user: { username: user.username, id: String(user.id), balance: formatAmount(user.balance) } } } };
  }

  @MorMethod({
    name: 'user_balance_get_by_username', family: 'Balance', summary: 'Balance of the user of a device, by device username in the path (bare text)',
    hash: [], access: 'read', roles: [], identify: 'none', pathParam: 'device_key', reply: 'text', input: DeviceBalanceDto,
  })
  async byDeviceUsername(input: DeviceBalanceDto) {
    await this.balances.requireSetting(Setting.allowDevicesCheckBalance);
    return { text: (await this.balances.shown(await this.balances.byDevice('name', input.device_key), input.currency)).amount };
  }

  @MorMethod({
    name: 'user_balance_get_by_psw', family: 'Balance', summary: 'Balance of the user of a device, by device password in the path',
    hash: [], access: 'read', roles: [], identify: 'none', pathParam: 'device_key', input: DeviceBalanceDto,
  })
  async byDevicePassword(input: DeviceBalanceDto) {
    await this.balances.requireSetting(Setting.allowDevicesCheckBalance);
    return { page: { balance: (await this.balances.shown(await this.balances.byDevice('secret', input.device_key), input.currency)).amount } };
  }

  @MorMethod({
    name: 'user_simple_balance_get', aliases: ['simple_balance'], family: 'Balance', summary: 'Balance by user uniquehash (`id` or path; bare text; not hashed)',
    hash: [], access: 'read', roles: [], identify: 'none', pathParam: 'id', reply: 'text', getAlways: true, input: SimpleBalanceDto,
  })
  async simple(input: SimpleBalanceDto) {
    await this.balances.requireSetting(Setting.allowDevicesCheckBalance);
    return { text: (await this.balances.shown(await this.balances.byDevice('uniquehash', input.id), input.currency)).amount };
  }
}
