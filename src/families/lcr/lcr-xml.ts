import { money } from '../../billing/money';
import { Lcr } from './lcr.entity';

/** Ruby prints a float column as `0.0`, `12.5`: at least one decimal place, no trailing zeros. */
export function rubyFloat(value: string): string {
  const text = money(value).toString();
  return text.includes('.') ? text : `${text}.0`;
}

/** One `<lcr>` of lcrs_get, in the wiki's element order. */
export function lcrRow(lcr: Lcr) {
  return {
    id: String(lcr.id),
    name: lcr.name,
    order: lcr.lcr_order,
    first_provider_percent_limit: rubyFloat(lcr.first_provider_percent_limit),
    failover_provider_id: lcr.failover_provider_id === null ? '' : String(lcr.failover_provider_id),
    no_failover: String(lcr.no_failover),
    minimal_rate_margin_percent: rubyFloat(lcr.minimal_rate_margin_percent),
    quality_routing_id: String(lcr.quality_routing_id),
    allow_loss_calls: String(lcr.allow_loss_calls),
  };
}
