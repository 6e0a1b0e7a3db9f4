import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { isXmlText } from '../../api/xml';
import { managedOwnerId } from '../../api/ownership';
import { lockRow } from '../../database/transaction';
import { isMoneyText, money, toStorage } from '../../billing/money';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { Currency } from './currency.entity';
import { ReferenceDataService } from './reference-data.service';
import { TariffAccessService } from './tariff-access.service';
import { Tariff } from './tariff.entity';

/** tariffs.name is VARCHAR(255), currencies.name VARCHAR(10). */
const MAX_NAME_LENGTH = 255;
const MAX_CURRENCY_LENGTH = 10;

/** A create/update refusal of tariff_wholesale_update: <response><error><message>. */
export class WholesaleUpdateRefusal {
  constructor(readonly message: string) {}
  toXml() {
    return { response: { error: { message: this.message } } };
  }
}

/** tariff_wholesale_update and exchange_rate_update. */
@Injectable()
export class TariffAdminService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TariffAccessService,
    private readonly settings: SettingsService,
    private readonly referenceData: ReferenceDataService,
  ) {}

  /** Without `id` creates a wholesale tariff (returns its id); with `id` renames / re-currencies it. */
  async wholesaleUpdate(caller: Caller, input: { id?: string; name?: string; currency?: string }): Promise<number | null | WholesaleUpdateRefusal> {
    return this.db.transaction(async (m) => {
      const existing = input.id ? await this.access.findManaged(caller, Number(input.id), m) : null;
      if (input.id && !existing) throw new MorError('Tariff not found');
      // An empty value counts as not sent: the tariff keeps its name / currency.
      const name = input.name || existing?.name || '';
      const currency = input.currency || existing?.currency || (await this.settings.get(Setting.defaultCurrency)) || 'USD';
      const refusal = await this.refusal(caller, name, currency, existing?.id ?? null, m);
      if (refusal) return refusal;
      const repo = m.getRepository(Tariff);
      if (existing) {
        await repo.update(existing.id, { name, currency, last_update_date: new Date() });
        return null;
      }
      return (await repo.save(repo.create({ name, currency, purpose: 'provider', owner_id: managedOwnerId(caller), last_update_date: new Date() }))).id;
    });
  }

  private async refusal(caller: Caller, name: string, currency: string, selfId: number | null, m: EntityManager): Promise<WholesaleUpdateRefusal | null> {
    if (name.trim() === '') return new WholesaleUpdateRefusal('Name cannot be blank');
    if (name.length > MAX_NAME_LENGTH) return new WholesaleUpdateRefusal('Name is too long');
    if (!isXmlText(name)) return new WholesaleUpdateRefusal('Name is invalid');
    // Tariff names are unique per owner: that owner's writes take turns from here.
    await lockRow(m, 'users', managedOwnerId(caller));
    const clash = await m.getRepository(Tariff).findOne({ where: { name, owner_id: managedOwnerId(caller) } });
    if (clash && clash.id !== selfId) return new WholesaleUpdateRefusal('Name has already been taken');
    // Codes are case-sensitive (MariaDB compares case-insensitively, so compare the row's own code).
    const known = currency.length <= MAX_CURRENCY_LENGTH ? await m.getRepository(Currency).findOne({ where: { name: currency } }) : null;
    if (known?.name !== currency) return new WholesaleUpdateRefusal('Currency was not found');
    return null;
  }

  /** Sets a manual exchange rate; refused for unknown, default and automatically updated currencies. */
  async exchangeRateUpdate(code: string, rate: string): Promise<void> {
    // A plain decimal that DECIMAL(20,6) holds and that is still > 0 once rounded to 6 places.
    if (!isMoneyText(rate) || money(toStorage(rate.trim())).lessThanOrEqualTo(0)) throw new MorError('Exchange rate is invalid');
    const defaultCode = (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    await this.db.transaction(async (m) => {
      const currency = await m.getRepository(Currency).findOne({ where: { name: code } });
      // MySQL compares case-insensitively; the code must match exactly.
      if (!currency || currency.name !== code || currency.curr_update === 1 || currency.name === defaultCode) throw new MorError('Currency was not found');
      await m.getRepository(Currency).update(currency.id, { exchange_rate: toStorage(rate.trim()), last_update: new Date() });
    });
    this.referenceData.changed();
  }
}
