import { LocationRule, LocationRuleType } from '../../billing/localization';
import { ProviderRule, ProviderRuleType } from '../../billing/provider-rules';
import { LocationRuleRow } from '../location-rules/location-rule.entity';
import { ProviderRuleRow } from '../provider-rules/provider-rule.entity';

/** Stored location rule → the pure routing core's shape. */
export function toLocationRule(r: LocationRuleRow): LocationRule {
  return {
    id: r.id, locationId: r.location_id, name: r.name, enabled: r.enabled === 1, cut: r.cut, add: r.add,
    minlen: r.minlen, maxlen: r.maxlen, lrType: r.lr_type as LocationRuleType, srcCut: r.src_cut, srcAdd: r.src_add,
    srcMinlen: r.src_minlen, srcMaxlen: r.src_maxlen, tariffId: r.tariff_id, lcrId: r.lcr_id, didId: r.did_id, deviceId: r.device_id,
  };
}

/** Stored provider rule → the pure routing core's shape. */
export function toProviderRule(r: ProviderRuleRow): ProviderRule {
  return {
    id: r.id, providerId: r.provider_id, name: r.name, enabled: r.enabled === 1, cut: r.cut, add: r.add, minlen: r.minlen,
    maxlen: r.maxlen, prType: r.pr_type as ProviderRuleType, suffix: r.suffix, tariffId: r.tariff_id,
    changeCallerIdName: r.change_callerid_name === 1, setPai: r.set_pai === 1,
  };
}
