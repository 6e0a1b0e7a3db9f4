import { DecimalParam, IdParam, IntParam, MaxLength, OneOf, Required } from '../../../api/dto';
import { DID_TEXTS } from '../../../billing/did-lifecycle';

/** Methods naming the DID by number (`did`). */
export class DidNumberDto {
  @Required(DID_TEXTS.notFound)
  did: string;
}

export class DidCreateDto {
  @Required(DID_TEXTS.invalidDid)
  did: string;

  @IdParam('Provider was not found')
  provider_id?: string;

  @MaxLength(255, 'DID creation failed')
  custom_sip_header?: string;
}

export class DidAssignDto extends DidNumberDto {
  @Required(DID_TEXTS.deviceNotFound)
  @IdParam(DID_TEXTS.deviceNotFound)
  device_id: string;
}

/** Methods naming the DID by row id (`did_id`). */
export class DidIdDto {
  @Required(DID_TEXTS.notFound)
  @IdParam(DID_TEXTS.notFound)
  did_id: string;
}

export class DidDetailsDto extends DidIdDto {
  @IntParam(DID_TEXTS.notFound)
  did_user_id?: string;

  @IdParam('Provider was not found')
  did_provider_id?: string;

  @IdParam(DID_TEXTS.notFound)
  grace_time?: string;

  @IdParam(DID_TEXTS.notFound)
  active_from?: string;

  @IdParam(DID_TEXTS.notFound)
  active_till?: string;

  @MaxLength(255, DID_TEXTS.notFound)
  custom_sip_header?: string;
}

/** did_close, did_terminate, did_make_free, did_delete (`dids_id`). */
/** did_subscription_stop: the wiki's `did_id` or MOR's own server's `dids_id` (which wins). */
export class DidSubscriptionStopDto {
  @IdParam(DID_TEXTS.notFound)
  did_id?: string;

  @IdParam(DID_TEXTS.notFound)
  dids_id?: string;
}

export class DidsIdDto {
  @Required(DID_TEXTS.notFound)
  @IdParam(DID_TEXTS.notFound)
  dids_id: string;
}

export class DidCloseDto {
  @Required(DID_TEXTS.notFoundDot)
  @IdParam(DID_TEXTS.notFoundDot)
  dids_id: string;
}

export class DidRatesUpdateDto extends DidNumberDto {
  @IdParam('Rates were not found')
  s_id?: string;

  @OneOf(['provider', 'owner', 'incoming'], 'Rates were not found')
  s_rate_type?: string;

  @DecimalParam('Rates were not found')
  rate?: string;

  @DecimalParam('Rates were not found')
  connection_fee?: string;

  @IdParam('Rates were not found')
  increment_s?: string;

  @IdParam('Rates were not found')
  min_time?: string;

  @OneOf(['WD', 'FD'], 'Rates were not found')
  s_daytype?: string;
}

export class DidRatesDetailsDto extends DidIdDto {
  @IdParam('Rates were not found')
  provider_tariff_id?: string;

  @IdParam('Rates were not found')
  owner_tariff_id?: string;

  @OneOf(['0', '1'], 'Rates were not found')
  allow_call_reject_provider?: string;

  @OneOf(['0', '1'], 'Rates were not found')
  allow_call_reject?: string;
}
