import { LIMITS, cappedRowCount } from '../../api/limits';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { managedOwnerId, managesOwner } from '../../api/ownership';
import { visibleOrMissing, visibleRef } from '../../api/visible-ref';
import { Location } from '../locations/location.entity';
import { LocationRuleCreateDto, LocationRuleUpdateDto, LocationRulesGetDto } from './dto/location-rule.dto';
import { NEW_RULE, applyFields, assertUnique, validateRule } from './location-rule-fields';
import { LocationRuleTexts as T } from './location-rule-texts';
import { LocationRuleRow } from './location-rule.entity';

/** "No limit" for a paged query (largest INT). */

export interface LocationWithRules {
  location: Location;
  rules: LocationRuleRow[];
}

/**
 * Reads: admin/accountant see every location (all owners sit under the admin), a reseller its
 * own. Writes: only the owner's own locations (managesOwner).
 */
function sees(caller: Caller, location: Location): boolean {
  return managedOwnerId(caller) === 0 ? caller.role !== 'user' : managesOwner(caller, location.owner_id);
}

@Injectable()
export class LocationRulesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(caller: Caller, input: LocationRulesGetDto): Promise<LocationWithRules[]> {
    const locations = await this.visibleLocations(caller, input.location_id);
    const rules = await this.db.getRepository(LocationRuleRow).find({
      where: { location_id: In(locations.map((l) => l.id)) },
      order: { location_id: 'ASC', id: 'ASC' },
      skip: input.from ? Number(input.from) : undefined,
      // At most LIMITS.rowsPerReply rules per reply (MOR: all); the rest by `from` (decisions: per-request limits).
      take: cappedRowCount(input.max_results ? Number(input.max_results) : null, LIMITS.rowsPerReply),
    });
    return locations.map((location) => ({ location, rules: rules.filter((r) => r.location_id === location.id) }));
  }

  async get(caller: Caller, ruleId: string): Promise<LocationRuleRow> {
    return (await this.ruleWithLocation(this.db.manager, caller, ruleId, T.ruleNotFound, T.accessDenied)).rule;
  }

  async create(caller: Caller, input: LocationRuleCreateDto): Promise<number> {
    return this.db.transaction(async (m) => {
      const location = await managedLocation(m, caller, input.location_id, T.locationNotFoundCreate);
      const row = applyFields({ ...NEW_RULE, location_id: location.id }, input);
      await validateRule(m, caller, row, location.owner_id);
      await assertUnique(m, row);
      const saved = await m.getRepository(LocationRuleRow).save(m.getRepository(LocationRuleRow).create(row));
      return saved.id;
    });
  }

  async update(caller: Caller, input: LocationRuleUpdateDto): Promise<void> {
    await this.db.transaction(async (m) => {
      const { rule, location } = await this.ruleWithLocation(m, caller, input.location_rule_id, T.ruleNotFound, T.locationError, true);
      const { id, ...current } = rule;
      const row = applyFields(current, input);
      await validateRule(m, caller, row, location.owner_id);
      await assertUnique(m, row, id);
      await m.getRepository(LocationRuleRow).update(id, row);
    });
  }

  async copy(caller: Caller, ruleId: string, locationId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const target = await visibleLocation(m, caller, locationId, T.locationNotFound);
      if (!sees(caller, target)) throw new MorError(T.locationError);
      const { rule } = await this.ruleWithLocation(m, caller, ruleId, T.ruleNotFound, T.ruleNotFound);
      const { id: _id, ...copy } = rule;
      const row = { ...copy, location_id: target.id };
      // The copy's LCR/tariff/device switches must be the target owner's, as on create.
      await validateRule(m, caller, row, target.owner_id);
      await assertUnique(m, row);
      await m.getRepository(LocationRuleRow).insert(row);
    });
  }

  async delete(caller: Caller, ruleId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const { rule } = await this.ruleWithLocation(m, caller, ruleId, T.deleteNotFound, T.accessDenied);
      await m.getRepository(LocationRuleRow).delete(rule.id);
    });
  }

  private async visibleLocations(caller: Caller, locationId: string): Promise<Location[]> {
    const repo = this.db.getRepository(Location);
    if (locationId === 'all') {
      const all = await repo.find({ order: { id: 'ASC' } });
      return all.filter((l) => sees(caller, l));
    }
    const location = await visibleLocation(this.db.manager, caller, locationId, T.locationNotFound);
    if (!sees(caller, location)) throw new MorError(T.accessDenied);
    return [location];
  }

  /**
   * The rule and its location, or `missing` (also for another owner's rule); `denied` when an
   * admin or accountant sees it but may not write it (`write` requires a managed location).
   */
  private async ruleWithLocation(m: EntityManager, caller: Caller, ruleId: string, missing: string, denied: string, write = false) {
    const ref = await visibleRef(m, caller, 'location_rule', ruleId);
    const rule = ref && (await m.getRepository(LocationRuleRow).findOneBy({ id: ref.id }));
    const location = rule && (await m.getRepository(Location).findOneBy({ id: rule.location_id }));
    if (!rule || !location) throw new MorError(missing);
    if (write ? !managesOwner(caller, location.owner_id) : !sees(caller, location)) throw new MorError(denied);
    return { rule, location };
  }
}

/** A location the caller may see (another owner's answers `missing`, as a missing one). */
async function visibleLocation(m: EntityManager, caller: Caller, id: string, missing: string): Promise<Location> {
  const { id: locationId } = await visibleOrMissing(m, caller, 'location', id, missing);
  return m.getRepository(Location).findOneByOrFail({ id: locationId });
}

/** A location the caller owns, for writes: `Location error` only for one the admin or accountant sees but does not own. */
async function managedLocation(m: EntityManager, caller: Caller, id: string, missing: string): Promise<Location> {
  const location = await visibleLocation(m, caller, id, missing);
  if (!managesOwner(caller, location.owner_id)) throw new MorError(T.locationError);
  return location;
}
