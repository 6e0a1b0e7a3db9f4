import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { DeviceAccess } from './device-access';
import { DeviceRule } from './device-parts.entity';

const DEVICE_NOT_FOUND = 'Device was not found';
const ADD_FAILED = 'Add failed';

/** Number transformation rules of devices. */
@Injectable()
export class DeviceRulesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: DeviceAccess,
  ) {}

  async list(caller: Caller, rawId: string): Promise<DeviceRule[]> {
    const { device } = await this.access.device(caller, rawId, DEVICE_NOT_FOUND);
    const rules = await this.db.getRepository(DeviceRule).find({ where: { device_id: device.id }, order: { id: 'ASC' } });
    if (rules.length === 0) throw new MorError('Device has no rules');
    return rules;
  }

  async create(caller: Caller, p: Params): Promise<void> {
    const { device } = await this.access.device(caller, p.device_id, DEVICE_NOT_FOUND);
    if (!p.name) throw new MorError('name cannot be blank');
    if (!p.cut && !p.add) throw new MorError('both add and cut cannot be blank');
    const minlen = lengthParam(p.minlen, 1);
    const maxlen = lengthParam(p.maxlen, 100);
    const prType = p.pr_type || 'dst';
    const change = p.change_callerid_name || '0';
    if (minlen > maxlen || !['src', 'dst'].includes(prType) || !['0', '1'].includes(change)) throw new MorError(ADD_FAILED);
    if ((p.cut ?? '').length > 100 || (p.add ?? '').length > 100 || p.name.length > 255) throw new MorError(ADD_FAILED);
    await this.db.getRepository(DeviceRule).insert({
      device_id: device.id, name: p.name, cut: p.cut ?? '', add: p.add ?? '', minlen, maxlen, pr_type: prType, change_callerid_name: Number(change), enabled: 1,
    });
  }

  async delete(caller: Caller, rawId: string): Promise<void> {
    const id = parseId(rawId);
    const rule = id === null ? null : await this.db.getRepository(DeviceRule).findOneBy({ id });
    if (!rule) throw new MorError('Device rule was not found');
    await this.access.device(caller, String(rule.device_id), 'Device rule was not found');
    await this.db.getRepository(DeviceRule).delete(rule.id);
  }
}

function lengthParam(raw: string | undefined, dflt: number): number {
  if (!raw) return dflt;
  if (!/^\d{1,3}$/.test(raw)) throw new MorError(ADD_FAILED);
  return Number(raw);
}
