import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { Errors } from '../../api/mor-error';
import { statusDoc, successDoc } from '../../api/xml';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { pageDoc } from '../../api/page-style';
import { DeviceManageService } from './device-manage.service';
import { DeviceNotCreated } from './devices.service';
import { deviceDetailsDoc, deviceListRow, userDeviceRow } from './device-xml';
import { DeviceCreateDto, DeviceParamDto } from './dto/device-dtos';

const MANAGERS: Role[] = ['admin', 'reseller', 'accountant'];
const ALL: Role[] = ['admin', 'reseller', 'accountant', 'user'];

/** device_create, device_update, device_delete, devices_get, device_details_get. */
@Controller()
export class DevicesController {
  constructor(private readonly devices: DeviceManageService) {}

  @MorMethod({
    name: 'device_create', family: 'Device', summary: 'Create a device for a user (secret and PIN generated)',
    hash: ['user_id', 'description', 'pin', 'type', 'devicegroup_id'], access: 'write', duplicateError: 'Device was not created', roles: MANAGERS, roleError: Errors.accessDenied, input: DeviceCreateDto,
  })
  async create(_input: DeviceCreateDto, ctx: MorContext) {
    let device;
    try {
      device = await this.devices.create(ctx.caller!, ctx.params);
    } catch (e) {
      if (e instanceof DeviceNotCreated) return { page: { error: e.text, message: e.detail } };
      throw e;
    }
    return { page: { status: 'Device created', id: String(device.id), username: device.name, password: device.secret } };
  }

  @MorMethod({
    name: 'device_update', family: 'Device', summary: "Change a device's settings",
    hash: ['device', 'authentication', 'username', 'host', 'port'], access: 'write', duplicateError: 'Device was not updated', roles: MANAGERS, roleError: Errors.accessDenied, errorEnvelope: 'status', input: DeviceParamDto,
  })
  async update(_input: DeviceParamDto, ctx: MorContext) {
    await this.devices.update(ctx.caller!, ctx.params);
    return successDoc('Device successfully updated');
  }

  @MorMethod({
    name: 'device_delete', aliases: ['device_destroy'], family: 'Device', summary: 'Delete a device',
    hash: ['device'], access: 'write', roles: MANAGERS, roleError: Errors.accessDenied, input: DeviceParamDto,
  })
  async delete(input: DeviceParamDto, ctx: MorContext) {
    await this.devices.delete(ctx.caller!, input.device);
    return statusDoc('Device was deleted');
  }

  @MorMethod({
    name: 'devices_get', aliases: ['device_list'], family: 'Device', summary: "A user's devices",
    hash: ['user_id'], access: 'read', roles: MANAGERS, roleError: Errors.accessDenied,
  })
  async list(_input: Params, ctx: MorContext) {
    const devices = await this.devices.list(ctx.caller!, ctx.params);
    return { page: { devices: devices.length ? { device: devices.map(deviceListRow) } : '' } };
  }

  /**
   * MOR's page-style device list. `<password>` stays empty: MOR prints the SIP secret here, but
   * this action is authenticated by the username alone (decisions: Conformance with MOR's own source).
   */
  @MorMethod({
    name: 'user_devices', family: 'Device', summary: "The caller's own devices (legacy page-style: u only, no hash)",
    hash: [], access: 'read', roles: ALL, identify: 'page', errorEnvelope: 'document',
  })
  async userDevices(_input: Params, ctx: MorContext) {
    const devices = await this.devices.own(ctx.caller!);
    return pageDoc('Devices', {
      userid: String(ctx.caller!.id),
      devices: devices.length ? { device: devices.map(userDeviceRow) } : '',
    });
  }

  @MorMethod({
    name: 'device_details_get', family: 'Device', summary: "One device's settings, by id or username",
    hash: ['device_id'], hashAlso: [['device_u']], access: 'read', roles: MANAGERS, roleError: Errors.accessDenied,
  })
  async details(_input: Params, ctx: MorContext) {
    return deviceDetailsDoc(await this.devices.details(ctx.caller!, ctx.params));
  }
}
