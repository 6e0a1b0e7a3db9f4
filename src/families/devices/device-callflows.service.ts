import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { Did } from '../dids/did.entity';
import { DeviceAccess, deviceLabel, userDisplayName } from './device-access';
import { DeviceCallflow } from './device-parts.entity';
import { Device } from './device.entity';
import { OwnedDevice } from './devices.service';

export const NOT_AUTHORISED = 'You are not authorised to use this functionality';
const NOT_UPDATED = 'Callflow was not updated';

/** The six call flow states in MOR's order, with the labels device_callflow_get prints. */
export const CALLFLOW_STATES: ReadonlyArray<[string, string]> = [
  ['before_call', 'Before call'], ['call', 'Call'], ['answered', 'Answered'], ['no_answer', 'No answer'], ['busy', 'Busy'], ['failed', 'Failed'],
];
/** `call` dials the device and `answered` hangs up; only the others are configurable. */
const EDITABLE = ['before_call', 'no_answer', 'busy', 'failed'];
const ACTIONS = ['empty', 'forward', 'voicemail', 'fax_detect'];
const CALLERID_MODES: ReadonlyArray<[string, string]> = [['device_callerid', 'device'], ['src_callerid', 'src'], ['did_id', 'did'], ['custom', 'custom']];

@Injectable()
export class DeviceCallflowsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: DeviceAccess,
  ) {}

  /** Missing or someone else's: Device was not found (foreign is missing). */
  private ownDevice(caller: Caller, raw: string | undefined, m: EntityManager): Promise<OwnedDevice> {
    return this.access.device(caller, raw, 'Device was not found', m);
  }

  async get(caller: Caller, rawId: string) {
    const { device, user } = await this.ownDevice(caller, rawId, this.db.manager);
    const flows = await this.ensure(this.db.manager, device.id);
    return {
      page: {
        user: userDisplayName(user),
        device: deviceLabel(device),
        callflow: CALLFLOW_STATES.map(([state, label]) => flowXml(label, flows.get(state)!, device)),
      },
    };
  }

  async update(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const { device } = await this.ownDevice(caller, p.device_id, m);
      const action = p.callflow_action ?? p.action;
      if (!EDITABLE.includes(p.state ?? '') || !ACTIONS.includes(action ?? '')) throw new MorError(NOT_UPDATED);
      if (action === 'fax_detect' && p.state !== 'before_call') throw new MorError(NOT_UPDATED);
      const data = await this.actionData(m, caller, device, action!, p);
      await this.ensure(m, device.id);
      await m.getRepository(DeviceCallflow).update({ device_id: device.id, state: p.state }, { action: action!, ...data });
    });
  }

  /** data: the forward target (device id or number), fax device or voicemail; data2/data3: CallerID mode and value. */
  private async actionData(m: EntityManager, caller: Caller, device: Device, action: string, p: Params): Promise<Partial<DeviceCallflow>> {
    const blank = { data: '', data2: '', data3: '' };
    if (action === 'empty' || action === 'voicemail') return blank;
    const targetId = action === 'fax_detect' ? p.fax_device : p.forward_to_device;
    if (targetId) {
      const target = await this.access.device(caller, targetId, 'Device was not found', m);
      if (target.device.id === device.id) throw new MorError(NOT_UPDATED);
      return { ...blank, data: String(target.device.id), ...(await this.callerIdMode(m, device, p)) };
    }
    if (action === 'forward' && p.external_number && /^\d{1,100}$/.test(p.external_number)) return { ...blank, data: p.external_number, ...(await this.callerIdMode(m, device, p)) };
    throw new MorError(NOT_UPDATED);
  }

  /** data2/data3: the first CallerID mode sent; `did_id` must name a DID routed to this device. */
  private async callerIdMode(m: EntityManager, device: Device, p: Params): Promise<Partial<DeviceCallflow>> {
    const mode = CALLERID_MODES.find(([param]) => p[param]);
    if (!mode) return {};
    const value = p[mode[0]];
    if (value.length > 255) throw new MorError(NOT_UPDATED);
    if (mode[1] === 'did') {
      const didId = parseId(value);
      if (didId === null || !(await m.getRepository(Did).exists({ where: { id: didId, device_id: device.id } }))) throw new MorError(NOT_UPDATED);
    }
    return { data2: mode[1], data3: value };
  }

  /** Every device has its six states; devices made before call flows existed get the defaults here. */
  private async ensure(m: EntityManager, deviceId: number): Promise<Map<string, DeviceCallflow>> {
    const repo = m.getRepository(DeviceCallflow);
    const existing = new Map((await repo.findBy({ device_id: deviceId })).map((f) => [f.state, f]));
    const missing = CALLFLOW_STATES.filter(([state]) => !existing.has(state)).map(([state]) => repo.create({ device_id: deviceId, state, priority: 1, action: 'empty' }));
    if (missing.length > 0) await repo.insert(missing);
    for (const f of missing) existing.set(f.state, f);
    return existing;
  }
}

function flowXml(label: string, f: DeviceCallflow, device: Device) {
  const fixed = f.state === 'call' ? { action: 'Dial', data: `${deviceLabel(device)}|${device.call_timeout}` } : f.state === 'answered' ? { action: 'Hangup', data: '' } : null;
  return {
    // A state without action prints an empty <action> (the 2025 sample), though it is stored and set as `empty`.
    state: label, priority: String(f.priority), action: fixed?.action ?? (f.action === 'empty' ? '' : f.action), data: fixed?.data ?? f.data,
    data2: f.data2, data3: f.data3, data4: f.data4, data5: f.data5,
  };
}
