import { FlagParam, IdParam, MaxLength, OneOf, PatternParam, Required } from '../../../api/dto';

/** Texts of the switch API (ours, in MOR's style). */
export const SwitchTexts = {
  uniqueidMissing: 'Uniqueid is missing',
  uniqueidInvalid: 'Uniqueid is invalid',
  duplicate: 'Call with this uniqueid already exists',
  callNotFound: 'Call was not found',
  callerMissing: 'Device or source IP is missing',
  deviceNotFound: 'Device was not found',
  providerNotFound: 'Provider was not found',
  dstMissing: 'Destination is missing',
  dstInvalid: 'Destination is invalid',
  srcInvalid: 'Source is invalid',
  ipInvalid: 'Source IP is invalid',
  billsecInvalid: 'Billsec is invalid',
  durationInvalid: 'Duration is invalid',
  durationShort: 'Duration must not be shorter than billsec',
  dispositionInvalid: 'Disposition is invalid',
  hangupcauseInvalid: 'Hangup cause is invalid',
  cardNumberInvalid: 'Card number is invalid',
  cardPinMissing: 'Card PIN is missing',
  cardPinInvalid: 'Card PIN is invalid',
  cardPinlessInvalid: 'Card pinless is invalid',
  cardSrcMissing: 'Source is missing',
} as const;

/** A switch's call id: printable ASCII, at most 64 characters (the column). */
const UNIQUEID = /^[\x21-\x7e]{1,64}$/;
/** Dialled digits and what switches put beside them. */
const NUMBER = /^[0-9A-Za-z+*#]{1,80}$/;
// Decorators run bottom-up: Required (the nearest) is checked before the pattern.
/** Whole seconds up to ~115 days. */
const SECONDS = /^\d{1,7}$/;
/** A card's number or PIN: digits (the columns hold 30). */
const CARD_DIGITS = /^\d{1,30}$/;

class UniqueidDto {
  @PatternParam(UNIQUEID, SwitchTexts.uniqueidInvalid) @Required(SwitchTexts.uniqueidMissing) uniqueid: string;
}

export class CallAuthorizeDto extends UniqueidDto {
  @IdParam(SwitchTexts.deviceNotFound) device_id?: string;
  @MaxLength(80, SwitchTexts.deviceNotFound) device_username?: string;
  @PatternParam(/^[0-9A-Fa-f.:]{2,45}$/, SwitchTexts.ipInvalid) source_ip?: string;
  @PatternParam(NUMBER, SwitchTexts.srcInvalid) src?: string;
  @PatternParam(NUMBER, SwitchTexts.dstInvalid) @Required(SwitchTexts.dstMissing) dst: string;
  /** A calling card pays: its number and PIN (typed into the IVR; a number without a PIN is refused by the service)… */
  @PatternParam(CARD_DIGITS, SwitchTexts.cardNumberInvalid) card_number?: string;
  @PatternParam(CARD_DIGITS, SwitchTexts.cardPinInvalid) card_pin?: string;
  /** …or `card_pinless=1`: the card bound to the caller id `src` (card_by_cli_update). */
  @FlagParam(SwitchTexts.cardPinlessInvalid) card_pinless?: string;
}

export class CallStartDto extends UniqueidDto {}

export const DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'] as const;

export class CallEndDto extends UniqueidDto {
  @PatternParam(SECONDS, SwitchTexts.billsecInvalid) @Required(SwitchTexts.billsecInvalid) billsec: string;
  @PatternParam(SECONDS, SwitchTexts.durationInvalid) duration?: string;
  @OneOf(DISPOSITIONS, SwitchTexts.dispositionInvalid) disposition?: string;
  @PatternParam(/^\d{1,3}$/, SwitchTexts.hangupcauseInvalid) hangupcause?: string;
  @IdParam(SwitchTexts.providerNotFound) provider_id?: string;
}
