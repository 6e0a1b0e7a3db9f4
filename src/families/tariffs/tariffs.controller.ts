import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { Errors, MorError } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { UsersService } from '../users/users.service';
import { ExchangeRateUpdateDto } from './dto/exchange-rate-update.dto';
import { RateGetDto } from './dto/rate-get.dto';
import { TariffRatesGetDto } from './dto/tariff-rates-get.dto';
import { WholesaleUpdateDto } from './dto/wholesale-update.dto';
import { RetailImportService } from './retail-import.service';
import { TariffAccessService } from './tariff-access.service';
import { TariffAdminService, WholesaleUpdateRefusal } from './tariff-admin.service';
import { TariffRatesService } from './tariff-rates.service';
import { tariffListRow } from './tariff-xml';
import { UserRateService, formatUserRate } from './user-rate.service';

/** A MOR refusal (the user is not visible) becomes null; anything else stays an error. */
const notFoundAsNull = (e: unknown): null => {
  if (e instanceof MorError) return null;
  throw e;
};

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];
const OWNERS: Role[] = ['admin', 'reseller'];
/** What rate_get reads of its target user (a constant: findVisibleFields builds its statement once per list). */
const TARGET_COLUMNS = ['tariff_id'] as const;

@Controller()
export class TariffsController {
  constructor(
    private readonly access: TariffAccessService,
    private readonly rates: TariffRatesService,
    private readonly userRates: UserRateService,
    private readonly retailImport: RetailImportService,
    private readonly admin: TariffAdminService,
    private readonly users: UsersService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'tariffs_get', family: 'Tariffs', summary: 'Tariffs the caller can see',
    hash: ['u'], access: 'read', roles: ['admin', 'reseller', 'accountant'], roleError: Errors.notAuthorizedUse,
  })
  async list(_input: Params, ctx: MorContext) {
    const tariffs = await this.access.list(ctx.caller!);
    if (tariffs.length === 0) throw new MorError('No Tariffs found');
    return { page: { tariffs: { tariff: tariffs.map(tariffListRow) } } };
  }

  @MorMethod({
    name: 'tariff_rates_get', aliases: ['get_tariff'], family: 'Tariffs', summary: 'Every rate of one tariff (retail or wholesale layout)',
    hash: ['tariff_id', 'user_id'], hashAlso: [['user_id', 'tariff_id']], access: 'read', roles: ALL, input: TariffRatesGetDto,
  })
  async ratesGet(input: TariffRatesGetDto, ctx: MorContext) {
    const caller = ctx.caller!;
    const userId = input.user_id ? Number(input.user_id) : caller.role === 'user' || !input.tariff_id ? caller.id : null;
    const target = userId === null ? null : await this.users.findVisible(caller, { user_id: String(userId) }).catch(notFoundAsNull);
    if (userId !== null && !target) throw new MorError('No tariff found');
    const tariffId = target ? target.tariff_id : Number(input.tariff_id);
    const tariff = tariffId === null ? null : await this.access.findVisible(caller, tariffId);
    if (!tariff) throw new MorError('No tariff found');
    return this.rates.document(tariff, target?.id ?? null, input.additional_retail_info === '1');
  }

  @MorMethod({
    name: 'rate_get', aliases: ['rate'], family: 'Tariffs', summary: "The rate a user pays for a prefix or a full number (custom rates first)",
    hash: ['username'], access: 'read', roles: ALL, input: RateGetDto,
  })
  async rateGet(input: RateGetDto, ctx: MorContext) {
    const caller = ctx.caller!;
    if (!(await this.settings.flag(Setting.allowDevicesCheckRate))) throw new MorError('Feature disabled');
    if (caller.role === 'user' && !(await this.settings.flag(Setting.showRatesForUsers))) throw new MorError(Errors.notAuthorizedView);
    const user = await this.users.findVisibleFields(caller, { username: input.username }, TARGET_COLUMNS);
    const tariff = user.tariff_id === null ? null : await this.access.findVisible(caller, user.tariff_id);
    const rate = await this.userRates.rateFor(user, tariff, input.prefix, input.by_full_dst === '1');
    if (!rate) throw new MorError('Rate was not found');
    return { page: { rate: formatUserRate(rate) } };
  }

  @MorMethod({
    name: 'tariff_retail_import', aliases: ['import_tariff_retail'], family: 'Tariffs', summary: 'Create or update a retail tariff from an XML document',
    hash: [], access: 'write', roles: OWNERS, roleError: Errors.notAuthorizedUse, errorEnvelope: 'response', postOnly: true,
  })
  async retailImportXml(_input: Params, ctx: MorContext) {
    return this.retailImport.import(ctx.caller!, ctx.params.xml ?? ctx.files.xml?.toString('utf8'));
  }

  @MorMethod({
    name: 'tariff_wholesale_update', aliases: ['wholesale_tariff'], family: 'Tariffs', summary: 'Create a wholesale tariff, or change its name and currency',
    hash: ['id', 'name', 'currency'], access: 'write', roles: OWNERS, roleError: Errors.notAuthorizedUse, input: WholesaleUpdateDto, postOnly: true,
  })
  async wholesaleUpdate(input: WholesaleUpdateDto, ctx: MorContext) {
    const result = await this.admin.wholesaleUpdate(ctx.caller!, input);
    if (result instanceof WholesaleUpdateRefusal) return result.toXml();
    return { page: result === null ? { status: 'ok' } : { status: 'ok', tariff_id: String(result) } };
  }

  @MorMethod({
    name: 'exchange_rate_update', family: 'Currencies', summary: "Set a currency's exchange rate (manual-update currencies only)",
    hash: ['currency', 'rate'], access: 'write', roles: ['admin'], roleError: Errors.accessDenied, errorEnvelope: 'status', input: ExchangeRateUpdateDto,
  })
  async exchangeRateUpdate(input: ExchangeRateUpdateDto) {
    await this.admin.exchangeRateUpdate(input.currency, input.rate);
    return { page: { status: { success: 'Currency successfully updated' } } };
  }
}
