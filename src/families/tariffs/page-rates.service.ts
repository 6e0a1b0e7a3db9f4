import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { convertCurrency } from '../../billing/currency';
import { formatAmount } from '../../billing/money';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';

export interface PageRate {
  ratename: string;
  rateicon: string;
  ratecost: string;
  rate_vat_cost: string;
}

export interface PageDestination {
  details: string;
  prefix: string;
}

/** The data of MOR's page-style rate pages: user_rates and dg_list_user_destinations. */
@Injectable()
export class PageRatesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  /** The user's currency name (its own, else the system default). */
  async currencyOf(userId: number): Promise<string> {
    const rows: { name: string | null }[] = await this.db.query('SELECT c.name FROM users u LEFT JOIN currencies c ON c.id = u.currency_id WHERE u.id = ?', [userId]);
    return rows[0]?.name || (await this.settings.get(Setting.defaultCurrency)) || 'USD';
  }

  async activeCurrencies(): Promise<string[]> {
    const rows: { name: string }[] = await this.db.query('SELECT name FROM currencies WHERE active = 1 ORDER BY id');
    return rows.map((r) => r.name);
  }

  /**
   * The prefix rates of the user's tariff by country name, as MOR's user_rates lists them: the
   * highest rate of each (MOR reads its details by rate DESC), in the user's currency, 2 decimals.
   * VAT is 0 there, so the VAT price equals the price.
   */
  async userRates(userId: number, currency: string): Promise<PageRate[]> {
    const rows: { prefix: string; direction: string; rate: string | number | null; tariff_currency: string; from_rate: string | number | null; to_rate: string | number | null }[] = await this.db.query(
      `SELECT d.prefix, dir.name AS direction, t.currency AS tariff_currency,
        (SELECT MAX(rd.rate) FROM ratedetails rd WHERE rd.rate_id = r.id) AS rate,
        (SELECT c.exchange_rate FROM currencies c WHERE c.name = t.currency) AS from_rate,
        (SELECT c.exchange_rate FROM currencies c WHERE c.name = ?) AS to_rate
       FROM users u JOIN tariffs t ON t.id = u.tariff_id JOIN rates r ON r.tariff_id = t.id
       JOIN destinations d ON d.prefix = r.prefix JOIN directions dir ON dir.code = d.direction_code
       WHERE u.id = ? ORDER BY dir.name, d.prefix`,
      [currency, userId],
    );
    return rows.map((r) => {
      const cost = formatAmount(convertCurrency(r.rate ?? 0, r.from_rate ?? 1, r.to_rate ?? 1), 2);
      return { ratename: r.direction, rateicon: r.prefix, ratecost: cost, rate_vat_cost: cost };
    });
  }

  /** A destination group and its destinations (`Country name`, prefix), or null. */
  async group(rawId: string | undefined): Promise<{ name: string; flag: string; destinations: PageDestination[] } | null> {
    if (!rawId || !/^\d{1,9}$/.test(rawId)) return null;
    const [group]: { name: string; flag: string }[] = await this.db.query('SELECT name, flag FROM destinationgroups WHERE id = ?', [Number(rawId)]);
    if (!group) return null;
    const rows: { prefix: string; name: string; direction: string | null }[] = await this.db.query(
      'SELECT d.prefix, d.name, dir.name AS direction FROM destinations d LEFT JOIN directions dir ON dir.code = d.direction_code WHERE d.destinationgroup_id = ? ORDER BY d.prefix',
      [Number(rawId)],
    );
    return { ...group, destinations: rows.map((r) => ({ details: `${r.direction ?? ''} ${r.name}`, prefix: r.prefix })) };
  }
}
