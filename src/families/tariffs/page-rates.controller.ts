import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { noUserPage, pageDoc } from '../../api/page-style';
import { PageRatesService } from './page-rates.service';

const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];

/** MOR's legacy page-style rate pages (06 §1-C): authenticated by `u` alone, never hashed. */
@Controller()
export class PageRatesController {
  constructor(private readonly pages: PageRatesService) {}

  /** MOR names this page "Payments" [sic]. */
  @MorMethod({
    name: 'user_rates', family: 'Tariffs', summary: "The caller's rates by country (legacy page-style: u only, no hash)",
    hash: [], access: 'read', roles: ALL, identify: 'page', errorEnvelope: 'document',
  })
  async userRates(_input: Params, ctx: MorContext) {
    const caller = ctx.caller!;
    const currency = await this.pages.currencyOf(caller.id);
    const [rates, currencies] = await Promise.all([this.pages.userRates(caller.id, currency), this.pages.activeCurrencies()]);
    return pageDoc('Payments', {
      userid: String(caller.id),
      currency,
      vat_percent: '0.0',
      aval_currencies: currencies.length ? { currency: currencies } : '',
      rates: rates.length ? { rate: rates } : '',
    });
  }

  @MorMethod({
    name: 'dg_list_user_destinations', family: 'Tariffs', summary: 'The destinations of a destination group (legacy page-style: u only, no hash)',
    hash: [], access: 'read', roles: ALL, identify: 'page-anyone',
  })
  async destinations(_input: Params, ctx: MorContext) {
    if (!ctx.caller) return noUserPage('Call State');
    const group = await this.pages.group(ctx.params.dest_gr_id);
    if (!group) throw new MorError('Destination Group was not found');
    return pageDoc('Destinations', {
      groupname: group.name,
      groupicon: group.flag,
      directions: group.destinations.length ? { direction: group.destinations } : '',
    });
  }
}
