import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { Errors, MorError } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { successDoc as success } from '../../api/xml';
import { DID_TEXTS, DidAction } from '../../billing/did-lifecycle';
import { DidDetails, DidsService } from './dids.service';
import { DidProviders } from './did-providers';
import { DidRatesService } from './did-rates.service';
import { DidSearchService } from './did-search.service';
import { didListRow, didRateXml, didRatesDetailsXml } from './did-xml';
import { DidAssignDto, DidCloseDto, DidCreateDto, DidDetailsDto, DidIdDto, DidNumberDto, DidRatesDetailsDto, DidRatesUpdateDto, DidsIdDto, DidSubscriptionStopDto } from './dto/did-dtos';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];
const ADMINS: Role[] = ['admin', 'accountant'];
const write = { family: 'DID', access: 'write', errorEnvelope: 'status', roleError: Errors.accessDenied } as const;

/** dids_get, did_create, the lifecycle methods and DID rates. */
@Controller()
export class DidsController {
  constructor(
    private readonly dids: DidsService,
    private readonly search: DidSearchService,
    private readonly rates: DidRatesService,
    private readonly providers: DidProviders,
  ) {}

  @MorMethod({ name: 'dids_get', family: 'DID', summary: 'Search the DIDs visible to the caller', hash: [], access: 'read', roles: [...MANAGERS, 'user'] })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.search.search(ctx.caller!, ctx.params);
    return { page: { dids: { did: rows.map((r) => didListRow(r.did, r.names)) } } };
  }

  @MorMethod({ ...write, name: 'did_create', duplicateError: DID_TEXTS.alreadyExists, summary: 'Create a Free DID', hash: ['provider_id', 'did'], roles: MANAGERS, input: DidCreateDto })
  async create(input: DidCreateDto, ctx: MorContext) {
    const providerId = await this.providers.resolve(ctx.caller!, input.provider_id);
    const id = await this.dids.create(ctx.caller!, input.did, providerId, textFields(ctx.params));
    return { page: { status: { success: 'DID created' }, did_details: { id: String(id) } } };
  }

  @MorMethod({ ...write, name: 'did_device_assign', aliases: ['did_assign_device'], summary: 'Route a DID to a device', hash: ['device_id', 'did'], roles: MANAGERS, input: DidAssignDto })
  async assign(input: DidAssignDto, ctx: MorContext) {
    return this.assignTo('did_device_assign', input, ctx);
  }

  @MorMethod({ ...write, name: 'did_trunk_device_assign', summary: 'Route a DID to a trunk device', hash: ['device_id', 'did'], roles: MANAGERS, input: DidAssignDto })
  async trunkAssign(input: DidAssignDto, ctx: MorContext) {
    return this.assignTo('did_trunk_device_assign', input, ctx);
  }

  @MorMethod({ ...write, name: 'did_device_unassign', aliases: ['did_unassign_device'], summary: 'Take a DID off its device', hash: ['did'], roles: MANAGERS, input: DidNumberDto })
  async unassign(input: DidNumberDto, ctx: MorContext) {
    return success(await this.dids.transition(ctx.caller!, { number: input.did }, async () => ({ kind: 'did_device_unassign' })));
  }

  @MorMethod({ ...write, name: 'did_details_update', summary: 'Change DID details; did_user_id reserves or frees', hash: ['did_id'], roles: MANAGERS, input: DidDetailsDto })
  async detailsUpdate(input: DidDetailsDto, ctx: MorContext) {
    const caller = ctx.caller!;
    const extra = { ...textFields(ctx.params), ...numberFields(ctx.params) };
    if (input.did_provider_id) extra.provider_id = await this.providers.resolve(caller, input.did_provider_id);
    const text = await this.dids.transition(caller, { id: Number(input.did_id) }, async (m): Promise<DidAction> => ({
      kind: 'did_details_update',
      callLimit: ctx.params.call_limit || undefined,
      didUser: input.did_user_id ? await this.dids.userTarget(m, caller, input.did_user_id) : undefined,
    }), extra);
    return success(text);
  }

  /**
   * MOR's own server reads `dids_id` and nests its text as `<status><status>`; the wiki says `did_id`
   * and `<status><success>`. Both names are read and both elements printed, so either client works.
   */
  @MorMethod({ ...write, name: 'did_subscription_stop', summary: "Stop an Active DID's subscription (close it)", hash: ['did_id'], hashAlso: [['dids_id']], roles: MANAGERS, input: DidSubscriptionStopDto })
  async subscriptionStop(input: DidSubscriptionStopDto, ctx: MorContext) {
    const id = input.dids_id || input.did_id;
    if (!id) throw new MorError(DID_TEXTS.notFound);
    const text = await this.dids.transition(ctx.caller!, { id: Number(id) }, async () => ({ kind: 'did_subscription_stop' }) as DidAction);
    return { page: { status: { success: text, status: text } } };
  }

  @MorMethod({ ...write, name: 'did_close', summary: 'Close an Active DID', hash: ['dids_id'], roles: MANAGERS, input: DidCloseDto })
  async close(input: DidCloseDto, ctx: MorContext) {
    return this.simple('did_close', Number(input.dids_id), ctx);
  }

  @MorMethod({ ...write, name: 'did_terminate', summary: 'Terminate a Free or Closed DID', hash: ['dids_id'], roles: MANAGERS, input: DidsIdDto })
  async terminate(input: DidsIdDto, ctx: MorContext) {
    return this.simple('did_terminate', Number(input.dids_id), ctx);
  }

  @MorMethod({ ...write, name: 'did_make_free', summary: 'Make a Terminated, Reserved or Closed DID Free', hash: ['dids_id'], roles: MANAGERS, input: DidsIdDto })
  async makeFree(input: DidsIdDto, ctx: MorContext) {
    return this.simple('did_make_free', Number(input.dids_id), ctx);
  }

  @MorMethod({ ...write, name: 'did_delete', summary: 'Delete a Terminated DID', hash: ['dids_id'], roles: ADMINS, input: DidsIdDto })
  async delete(input: DidsIdDto, ctx: MorContext) {
    return this.simple('did_delete', Number(input.dids_id), ctx);
  }

  @MorMethod({ ...write, name: 'did_rates_get', access: 'read', summary: "A DID's provider, owner and incoming rates", hash: ['did'], roles: MANAGERS, input: DidNumberDto })
  async ratesGet(input: DidNumberDto, ctx: MorContext) {
    const rates = await this.rates.list(ctx.caller!, input.did);
    return { page: { rates: { rate: rates.map(didRateXml) } } };
  }

  @MorMethod({ ...write, name: 'did_rates_update', summary: 'Change one DID rate, by id or by type', hash: ['did'], roles: MANAGERS, input: DidRatesUpdateDto })
  async ratesUpdate(input: DidRatesUpdateDto, ctx: MorContext) {
    const rates = await this.rates.update(ctx.caller!, input.did, ctx.params);
    return { page: { updated_rates: String(rates.length), rates: { rate: rates.map(didRateXml) } } };
  }

  @MorMethod({ ...write, name: 'did_rates_details_get', access: 'read', summary: 'Tariffs and reject flags of a DID', hash: ['did_id'], roles: ADMINS, input: DidIdDto })
  async ratesDetailsGet(input: DidIdDto, ctx: MorContext) {
    return { page: { status: { did: didRatesDetailsXml(await this.rates.details(ctx.caller!, Number(input.did_id))) } } };
  }

  @MorMethod({ ...write, name: 'did_rates_details_update', summary: 'Set the tariffs and reject flags of a DID', hash: ['did_id'], roles: ADMINS, input: DidRatesDetailsDto })
  async ratesDetailsUpdate(input: DidRatesDetailsDto, ctx: MorContext) {
    await this.rates.updateDetails(ctx.caller!, Number(input.did_id), ctx.params);
    return success('DID details successfully updated');
  }

  private async assignTo(kind: 'did_device_assign' | 'did_trunk_device_assign', input: DidAssignDto, ctx: MorContext) {
    const text = await this.dids.transition(ctx.caller!, { number: input.did }, async (m) => ({ kind, device: await this.dids.deviceRef(m, ctx.caller!, Number(input.device_id)) }));
    return success(text);
  }

  /** did_delete nests its text as `<status><status>` (the reference's example; the PHP client reads status->status). */
  private async simple(kind: 'did_close' | 'did_terminate' | 'did_make_free' | 'did_delete', id: number, ctx: MorContext) {
    const text = await this.dids.transition(ctx.caller!, { id }, async () => ({ kind }) as DidAction);
    return kind === 'did_delete' ? { page: { status: { status: text } } } : success(text);
  }
}

/** Text fields; an empty value clears (`=` in MOR's words), an absent one is left alone. */
function textFields(p: Params): DidDetails {
  const out: DidDetails = {};
  for (const k of ['custom_sip_header', 'comment', 'reseller_comment'] as const) if (p[k] !== undefined) out[k] = p[k];
  if (p.language && /^[a-z]{2}$/i.test(p.language)) out.language = p.language;
  return out;
}

function numberFields(p: Params): DidDetails {
  const out: DidDetails = {};
  if (p.call_limit && /^\d+$/.test(p.call_limit)) out.call_limit = Number(p.call_limit);
  if (p.grace_time) out.grace_time = Number(p.grace_time);
  if (p.active_from) out.active_from = new Date(Number(p.active_from) * 1000);
  if (p.active_till) out.active_till = new Date(Number(p.active_till) * 1000);
  return out;
}

