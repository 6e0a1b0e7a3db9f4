import { EntityManager, Not } from 'typeorm';
import type { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { visibleOrMissing } from '../../api/visible-ref';
import { lockRow } from '../../database/transaction';
import { Device } from '../devices/device.entity';
import { Did } from '../dids/did.entity';
import { Lcr } from '../lcr/lcr.entity';
import { Tariff } from '../tariffs/tariff.entity';
import { LocationRuleFieldsDto } from './dto/location-rule.dto';
import { LocationRuleTexts as T } from './location-rule-texts';
import { LocationRuleRow } from './location-rule.entity';

type Row = Omit<LocationRuleRow, 'id'>;

const TEXT = ['name', 'cut', 'add', 'src_cut', 'src_add', 'lr_type'] as const;
const NUMBER = ['enabled', 'minlen', 'maxlen', 'src_minlen', 'src_maxlen', 'change_callerid_name'] as const;
/** Switch ids: `-1` (or 0) unassigns. `location_group_id` is stored as `locationgroup_id`. */
const SWITCHES = [['tariff_id', 'tariff_id'], ['lcr_id', 'lcr_id'], ['did_id', 'did_id'], ['device_id', 'device_id'], ['location_group_id', 'locationgroup_id']] as const;

/** Defaults of location_rule_create (wiki: minlen 1, maxlen 99, lr_type dst, enabled). */
export const NEW_RULE: Omit<Row, 'location_id'> = {
  name: '', enabled: 1, cut: '', add: '', minlen: 1, maxlen: 99, lr_type: 'dst', lcr_id: null, tariff_id: null, did_id: null,
  device_id: null, change_callerid_name: 0, src_cut: '', src_add: '', src_minlen: 1, src_maxlen: 99, locationgroup_id: null,
};

/** The sent fields applied over `base`; an omitted field keeps the base value (§Q 12). */
export function applyFields(base: Row, input: LocationRuleFieldsDto): Row {
  const row: Row = { ...base };
  for (const k of TEXT) if (input[k] !== undefined && (k !== 'lr_type' || input[k] !== '')) row[k] = input[k]!;
  for (const k of NUMBER) if (input[k]) row[k] = Number(input[k]);
  for (const [param, column] of SWITCHES) {
    const v = input[param];
    if (v) row[column] = Number(v) > 0 ? Number(v) : null;
  }
  return row;
}

/**
 * Name, something to rewrite, a sane length window, then every switch must exist for the owner.
 * An LCR or device the caller may not see answers as a missing one; "Cannot assign" is left for
 * one the admin sees but that belongs to another owner than the location's.
 */
export async function validateRule(m: EntityManager, caller: Caller, row: Row, ownerId: number): Promise<void> {
  if (!row.name) throw new MorError(T.noName);
  if (!row.cut && !row.add && !row.src_cut && !row.src_add) throw new MorError(T.cutAddEmpty);
  if (row.maxlen < row.minlen || row.src_maxlen < row.src_minlen) throw new MorError(T.badValue);
  await checkLcr(m, caller, row.lcr_id, ownerId);
  if (row.tariff_id !== null && !(await m.getRepository(Tariff).exists({ where: { id: row.tariff_id, owner_id: ownerId } }))) throw new MorError(T.tariffNotFound);
  await checkDevice(m, caller, row.device_id, ownerId);
  await checkDid(m, row.did_id, ownerId);
  // No location groups exist in this system yet: any id names nothing.
  if (row.locationgroup_id !== null) throw new MorError(T.groupNotFound);
}

async function checkLcr(m: EntityManager, caller: Caller, lcrId: number | null, ownerId: number): Promise<void> {
  if (lcrId === null) return;
  const lcr = await visibleOrMissing<{ owner_id: number }>(m, caller, 'lcr', lcrId, T.lcrNotFound, 't.owner_id');
  if (Number(lcr.owner_id) !== ownerId) throw new MorError(T.cannotAssignLcr);
}

/** The admin's rules may name any DID; a reseller's only DIDs assigned to that reseller. */
async function checkDid(m: EntityManager, didId: number | null, ownerId: number): Promise<void> {
  if (didId === null) return;
  const did = await m.getRepository(Did).findOneBy({ id: didId });
  if (did === null || (ownerId !== 0 && did.reseller_id !== ownerId)) throw new MorError(T.didNotFound);
}

async function checkDevice(m: EntityManager, caller: Caller, deviceId: number | null, ownerId: number): Promise<void> {
  if (deviceId === null) return;
  const user = await visibleOrMissing<{ id: number; owner_id: number }>(m, caller, 'device', deviceId, T.deviceNotFound, 'u.id, u.owner_id');
  if (Number(user.owner_id) !== ownerId && Number(user.id) !== ownerId) throw new MorError(T.cannotAssignDevice);
}

/** Two rules of one location that match and rewrite alike are the same rule. */
export async function assertUnique(m: EntityManager, row: Row, exceptId?: number): Promise<void> {
  // Two writes of one rule at once: the location's lock makes the second see the first.
  await lockRow(m, 'locations', row.location_id);
  const where = {
    location_id: row.location_id, lr_type: row.lr_type, cut: row.cut, add: row.add, minlen: row.minlen, maxlen: row.maxlen,
    src_cut: row.src_cut, src_add: row.src_add, src_minlen: row.src_minlen, src_maxlen: row.src_maxlen,
    ...(exceptId === undefined ? {} : { id: Not(exceptId) }),
  };
  if (await m.getRepository(LocationRuleRow).exists({ where })) throw new MorError(T.unique);
}

const OUTPUT: (keyof LocationRuleRow)[] = [
  'id', 'location_id', 'name', 'enabled', 'cut', 'add', 'minlen', 'maxlen', 'lr_type', 'lcr_id', 'tariff_id', 'did_id',
  'device_id', 'change_callerid_name', 'src_cut', 'src_add', 'src_minlen', 'src_maxlen', 'locationgroup_id',
];

/** The common `<location_rule>` record of the get methods. */
export function ruleRow(r: LocationRuleRow): Record<string, string> {
  return Object.fromEntries(OUTPUT.map((k) => [k, r[k] === null ? '' : String(r[k])]));
}
