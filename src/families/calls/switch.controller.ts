import { Controller } from '@nestjs/common';
import { Errors } from '../../api/mor-error';
import { MorMethod } from '../../api/mor-method.decorator';
import type { XmlDoc } from '../../api/xml';
import { wireCause } from '../../billing/call-rating';
import { formatAmount } from '../../billing/money';
import { type Authorization, CallAuthorizationService } from './call-authorization.service';
import { CallLifecycleService } from './call-lifecycle.service';
import { CallAuthorizeDto, CallEndDto, CallStartDto } from './dto/switch.dto';

const FAMILY = 'Switch (ours)';

/** The cause elements of a refusal: MOR's code and what it is on the wire. */
function causeOf(code: number): Record<string, string> {
  if (code === 0) return { hangupcause: '0', isdn_cause: '', sip_code: '' };
  const wire = wireCause(code);
  return { hangupcause: String(code), isdn_cause: String(wire.isdn), sip_code: String(wire.sip) };
}

function authorizationDoc(a: Authorization): XmlDoc {
  return {
    page: {
      call: {
        uniqueid: a.uniqueid, status: a.allowed ? 'allowed' : 'refused', ...causeOf(a.cause), user_id: String(a.userId), device_id: String(a.deviceId),
        ...(a.cardId ? { card_id: String(a.cardId) } : {}), localized_dst: a.localized, max_duration: String(a.maxDuration),
        ...(a.did ? { did: { id: String(a.did.id), device_id: String(a.did.deviceId) } } : {}),
        routes: a.routes.length === 0 ? '' : {
          route: a.routes.map((r, i) => ({
            priority: String(i + 1), provider_id: String(r.providerId), provider_name: r.providerName, number: r.number, callerid: r.callerId,
            tech: r.tech, channel: r.channel, host: r.host, port: String(r.port), timeout: String(r.timeout), rate: formatAmount(r.rate, 6),
          })),
        },
      },
    },
  };
}

/**
 * The switch API: extension methods (not MOR's) a switch calls on the signed pipeline with the
 * admin's key. docs/switch.md describes them.
 */
@Controller()
export class SwitchController {
  constructor(
    private readonly authorization: CallAuthorizationService,
    private readonly lifecycle: CallLifecycleService,
  ) {}

  @MorMethod({
    name: 'call_authorize', family: FAMILY, summary: 'Ours: may this call go, for how long, and by which route', roleError: Errors.accessDenied,
    hash: ['uniqueid', 'device_id', 'device_username', 'source_ip', 'src', 'dst', 'card_number', 'card_pin', 'card_pinless'], access: 'write', roles: ['admin'], input: CallAuthorizeDto,
  })
  async authorize(input: CallAuthorizeDto) {
    return authorizationDoc(await this.authorization.authorize(input));
  }

  @MorMethod({
    name: 'call_start', family: FAMILY, summary: 'Ours: the call was answered (simultaneous-call limits apply)', roleError: Errors.accessDenied,
    hash: ['uniqueid'], access: 'write', roles: ['admin'], input: CallStartDto,
  })
  async start(input: CallStartDto) {
    const r = await this.lifecycle.start(input.uniqueid);
    return { page: { call: { uniqueid: input.uniqueid, status: r.answered ? 'answered' : 'refused', ...causeOf(r.cause) } } };
  }

  @MorMethod({
    name: 'call_end', family: FAMILY, summary: 'Ours: the call ended: CDR, rating, balances (idempotent on uniqueid)', roleError: Errors.accessDenied,
    hash: ['uniqueid', 'billsec', 'duration', 'disposition', 'hangupcause', 'provider_id'], access: 'write', roles: ['admin'], input: CallEndDto,
  })
  async end(input: CallEndDto) {
    return { page: { status: 'ok', call: await this.lifecycle.end(input) } };
  }
}
