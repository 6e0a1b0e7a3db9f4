import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { Ivr, IvrDialPlan, IvrTimePeriod, IvrVoice } from './telephony.entity';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The range checks of ivr_time_period_update, in MOR's order, with MOR's texts (typos kept). */
const RANGES: { param: keyof IvrTimePeriod & string; min: number; max: number; text: string; optional: boolean }[] = [
  { param: 'start_hour', min: 0, max: 23, text: 'start_hour must be beetween 0 and 23', optional: false },
  { param: 'end_hour', min: 0, max: 23, text: 'send_hour must be beetween 0 and 23', optional: false },
  { param: 'start_minute', min: 0, max: 59, text: 'start_minute must be beetween 0 and 59', optional: false },
  { param: 'end_minute', min: 0, max: 59, text: 'send_minute must be beetween 0 and 5', optional: false },
  { param: 'start_month', min: 1, max: 12, text: 'start_month must be beetween 1 and 12', optional: true },
  { param: 'end_month', min: 1, max: 12, text: 'send_month must be beetween 1 and 12', optional: true },
  { param: 'start_day', min: 1, max: 31, text: 'start_day must be beetween 1 and 31', optional: true },
  { param: 'end_day', min: 1, max: 31, text: 'send_day must be beetween 1 and 31', optional: true },
];

export const IvrTexts = {
  planNotFound: 'Dial plan was not found',
  planUpdated: 'Dial Plan successfully updated',
  periodNotFound: 'Time period was not found',
  periodsUpdated: 'Time Periods successfully updated',
  nameBlank: 'name value cannot be blank',
} as const;

/** IVR dial plans and time periods of the admin (owner 0) or of a reseller; nobody else manages IVRs. */
@Injectable()
export class IvrService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** ivr_dial_plan_update: each time_periodN sent sets (an id of the owner's periods) or clears ('') that slot. */
  async updateDialPlan(caller: Caller, p: Params): Promise<void> {
    const owner = managedOwnerId(caller);
    await this.db.transaction(async (m) => {
      const id = parseId(p.ivr_dial_plan_id);
      const plan = id === null ? null : await m.getRepository(IvrDialPlan).findOneBy({ id, user_id: owner });
      if (!plan) throw new MorError(IvrTexts.planNotFound);
      const changes: Partial<IvrDialPlan> = {};
      for (const slot of [1, 2, 3] as const) {
        const raw = p[`time_period${slot}`];
        if (raw === undefined) continue;
        const key = `time_period${slot}_id` as const;
        if (raw === '') {
          changes[key] = null;
          continue;
        }
        const period = await this.period(m, owner, raw);
        if (!period) throw new MorError(`time_period${slot} was not found`);
        changes[key] = period.id;
      }
      if (Object.keys(changes).length > 0) await m.getRepository(IvrDialPlan).update(plan.id, changes);
    });
  }

  /** ivr_time_period_update: name and bounds; weekday, month and day bounds may be sent empty (any). */
  async updateTimePeriod(caller: Caller, p: Params): Promise<void> {
    const owner = managedOwnerId(caller);
    await this.db.transaction(async (m) => {
      const period = await this.period(m, owner, p.ivr_time_period_id);
      if (!period) throw new MorError(IvrTexts.periodNotFound);
      const changes: Partial<IvrTimePeriod> = {};
      if (p.name !== undefined) {
        if (p.name.trim() === '') throw new MorError(IvrTexts.nameBlank);
        if (p.name.length > 100) throw new MorError('Time period was not updated');
        changes.name = p.name;
      }
      for (const range of RANGES) {
        const raw = p[range.param];
        if (raw === undefined) continue;
        if (raw === '' && range.optional) {
          (changes as Record<string, number>)[range.param] = 0;
          continue;
        }
        if (!/^\d{1,2}$/.test(raw) || Number(raw) < range.min || Number(raw) > range.max) throw new MorError(range.text);
        (changes as Record<string, number>)[range.param] = Number(raw);
      }
      for (const param of ['start_weekday', 'end_weekday'] as const) {
        const raw = p[param];
        if (raw === undefined) continue;
        if (raw !== '' && !(WEEKDAYS as readonly string[]).includes(raw)) throw new MorError(`Valid ${param} values are mon, tue, wed, thu, fri, sat, sun`);
        changes[param] = raw;
      }
      if (Object.keys(changes).length > 0) await m.getRepository(IvrTimePeriod).update(period.id, changes);
    });
  }

  private async period(m: EntityManager, owner: number, raw: string | undefined): Promise<IvrTimePeriod | null> {
    const id = parseId(raw);
    return id === null ? null : m.getRepository(IvrTimePeriod).findOneBy({ id, user_id: owner });
  }

  // Operator commands (CLI): the IVR data the API methods update.

  async createTimePeriod(owner: number, name: string): Promise<IvrTimePeriod> {
    if (name.trim() === '') throw new Error(IvrTexts.nameBlank);
    const repo = this.db.getRepository(IvrTimePeriod);
    return repo.save(repo.create({ name, user_id: owner }));
  }

  /** A dial plan whose slots N (1-3) run `ivrs[N-1]` (the owner's IVRs) during the time period set later. */
  async createDialPlan(owner: number, name: string, ivrs: (number | undefined)[] = []): Promise<IvrDialPlan> {
    if (name.trim() === '') throw new Error(IvrTexts.nameBlank);
    for (const id of ivrs) {
      if (id !== undefined && !(await this.db.getRepository(Ivr).existsBy({ id, user_id: owner }))) throw new Error(`IVR ${id} was not found`);
    }
    const repo = this.db.getRepository(IvrDialPlan);
    return repo.save(repo.create({ name, user_id: owner, ivr1_id: ivrs[0] ?? null, ivr2_id: ivrs[1] ?? null, ivr3_id: ivrs[2] ?? null }));
  }

  async createIvr(owner: number, name: string): Promise<Ivr> {
    if (name.trim() === '') throw new Error(IvrTexts.nameBlank);
    const repo = this.db.getRepository(Ivr);
    return repo.save(repo.create({ name, user_id: owner }));
  }

  /** A voice: a set of sound files by one speaker, named as its folder on the switch. */
  async addVoice(voice: string, description: string): Promise<IvrVoice> {
    if (!/^[A-Za-z0-9_-]{1,50}$/.test(voice)) throw new Error('a voice is 1-50 letters, digits, _ or -');
    const repo = this.db.getRepository(IvrVoice);
    if (await repo.existsBy({ voice })) throw new Error(`voice ${voice} already exists`);
    return repo.save(repo.create({ voice, description }));
  }
}
