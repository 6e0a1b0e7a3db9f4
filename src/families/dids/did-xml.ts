import { didStatusLabel } from '../../billing/did-lifecycle';
import { floatText } from '../../billing/money';
import { Did, DidRate } from './did.entity';

/** Names the dids_get row prints, resolved by the query. */
export interface DidRowNames {
  provider: string;
  reseller: string;
  owner: string;
  device: string;
}

export function didListRow(did: Did, names: DidRowNames) {
  return {
    did: did.did,
    provider: names.provider,
    language: did.language,
    status: didStatusLabel(did.status),
    reseller: names.reseller,
    owner: names.owner,
    device: names.device,
    dial_plan: did.dialplan_id === null ? '' : String(did.dialplan_id),
    simultaneous_call_limit: did.call_limit === 0 ? 'Unlimited' : String(did.call_limit),
    tone_zone: did.tone_zone,
    id: String(did.id),
  };
}

export function didRateXml(rate: DidRate) {
  return {
    id: String(rate.id),
    start_time: rate.start_time,
    end_time: rate.end_time,
    rate: floatText(rate.rate),
    connection_fee: floatText(rate.connection_fee),
    increment_s: String(rate.increment_s),
    min_time: String(rate.min_time),
    did_id: String(rate.did_id),
    rate_type: rate.rate_type,
    daytype: rate.daytype,
  };
}

export function didRatesDetailsXml(did: Did) {
  return {
    id: String(did.id),
    provider_tariff_id: String(did.provider_tariff_id),
    allow_call_reject_provider: String(did.allow_call_reject_provider),
    owner_tariff_id: String(did.owner_tariff_id),
    allow_call_reject: String(did.allow_call_reject),
  };
}
