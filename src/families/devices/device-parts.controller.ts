import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { Errors } from '../../api/mor-error';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { statusDoc as S1, successDoc as S2 } from '../../api/xml';
import { DeviceCallflowsService, NOT_AUTHORISED } from './device-callflows.service';
import { DeviceClisService } from './device-clis.service';
import { DeviceRulesService } from './device-rules.service';
import { cliXml, ruleXml } from './device-xml';
import { CliNumberDto, DeviceIdDto, DeviceRuleIdDto } from './dto/device-dtos';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];

/** A device's call flow, caller IDs and number rules. */
@Controller()
export class DevicePartsController {
  constructor(
    private readonly callflows: DeviceCallflowsService,
    private readonly clis: DeviceClisService,
    private readonly rules: DeviceRulesService,
  ) {}

  @MorMethod({ name: 'device_callflow_get', family: 'Device', summary: "A device's call flow", hash: ['device_id'], access: 'read', roles: MANAGERS, roleError: NOT_AUTHORISED, input: DeviceIdDto })
  async callflowGet(input: DeviceIdDto, ctx: MorContext) {
    return this.callflows.get(ctx.caller!, input.device_id);
  }

  @MorMethod({ name: 'device_callflow_update', family: 'Device', summary: 'Change one state of a device call flow', hash: ['device_id', 'state', 'callflow_action'], hashAlso: [['device_id', 'state', 'action']], access: 'write', roles: MANAGERS, roleError: NOT_AUTHORISED, input: DeviceIdDto })
  async callflowUpdate(_input: DeviceIdDto, ctx: MorContext) {
    await this.callflows.update(ctx.caller!, ctx.params);
    return S1('Callflow updated');
  }

  @MorMethod({ name: 'device_clis_get', family: 'Device', summary: 'Caller IDs of devices', hash: [], access: 'read', roles: MANAGERS, roleError: Errors.notAuthorizedUse })
  async clisGet(_input: Params, ctx: MorContext) {
    const rows = await this.clis.list(ctx.caller!, ctx.params);
    return { page: { status: rows.map((r) => cliXml(r.cli, r.device)) } };
  }

  @MorMethod({
    name: 'cli_add', family: 'Device', summary: 'Add a caller ID to a device',
    hash: ['device_id', 'cli_number', 'cli_description', 'comment', 'banned', 'ivr_id'], hashAlso: [['cli_number', 'cli_description', 'comment', 'banned', 'ivr_id', 'device_id']],
    access: 'write', roles: MANAGERS, roleError: NOT_AUTHORISED,
  })
  async cliAdd(_input: Params, ctx: MorContext) {
    await this.clis.add(ctx.caller!, ctx.params);
    return S1('CLI successfully created');
  }

  @MorMethod({ name: 'cli_delete', family: 'Device', summary: 'Delete a caller ID', hash: ['cli_number'], access: 'write', roles: MANAGERS, roleError: NOT_AUTHORISED, input: CliNumberDto })
  async cliDelete(input: CliNumberDto, ctx: MorContext) {
    await this.clis.delete(ctx.caller!, input.cli_number);
    return S1('CLI successfully deleted');
  }

  @MorMethod({ name: 'cli_info_get', aliases: ['cli_get_info'], family: 'Device', summary: 'The device and user a caller ID belongs to', hash: [], access: 'read', roles: MANAGERS, roleError: Errors.accessDenied })
  async cliInfo(_input: Params, ctx: MorContext) {
    const info = await this.clis.info(ctx.caller!, ctx.params);
    return { page: { cli: { device: { user_id: String(info.userId), device_id: String(info.deviceId) } } } };
  }

  @MorMethod({ name: 'device_rules_get', family: 'Device', summary: "A device's number rules", hash: ['device_id'], access: 'read', roles: MANAGERS, roleError: 'Device was not found', input: DeviceIdDto })
  async rulesGet(input: DeviceIdDto, ctx: MorContext) {
    const rules = await this.rules.list(ctx.caller!, input.device_id);
    return { page: { status: { device_rules: { device_rule: rules.map(ruleXml) } } } };
  }

  @MorMethod({ name: 'device_rule_create', family: 'Device', summary: 'Add a number rule to a device', hash: ['device_id'], hashAlso: [['device_id', 'name', 'cut', 'add']], access: 'write', roles: MANAGERS, roleError: 'Device was not found', input: DeviceIdDto })
  async ruleCreate(_input: DeviceIdDto, ctx: MorContext) {
    await this.rules.create(ctx.caller!, ctx.params);
    return S2('Rule added');
  }

  @MorMethod({ name: 'device_rule_delete', family: 'Device', summary: 'Delete a device number rule', hash: ['device_rule_id'], access: 'write', roles: MANAGERS, roleError: 'Device rule was not found', input: DeviceRuleIdDto })
  async ruleDelete(input: DeviceRuleIdDto, ctx: MorContext) {
    await this.rules.delete(ctx.caller!, input.device_rule_id);
    return S2('Device rule was successfully deleted');
  }
}
