import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { parseId } from '../../api/input';
import { managedOwnerId } from '../../api/ownership';
import { formatAmount } from '../../billing/money';
import { taxSetOf, withoutTax } from '../../billing/tax-set';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { CardGroup } from './calling-card.entity';
import { CardTexts, cardManagerOwner } from './card-access';
import { cardGroupFields } from './card-group-fields';

/** The balance a new card of the group starts with: its price without the group's taxes. */
export const cardValue = (group: CardGroup) => withoutTax(group.price, taxSetOf(group));

/** Card groups: managed by admin/accountant (owner 0) or a reseller with Calling Cards (its own). */
@Injectable()
export class CardGroupsService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly settings: SettingsService) {}

  /** A group the caller's owner owns, or null (missing, malformed id, someone else's). */
  async find(m: EntityManager, ownerId: number, raw: string | undefined): Promise<CardGroup | null> {
    const id = parseId(raw);
    const group = id === null ? null : await m.getRepository(CardGroup).findOneBy({ id });
    return group && group.owner_id === ownerId ? group : null;
  }

  async create(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
      const fields = await cardGroupFields(m, ownerId, p, null);
      await m.getRepository(CardGroup).insert({ ...fields, owner_id: ownerId, created_at: new Date() });
    });
  }

  async update(caller: Caller, p: Params): Promise<void> {
    await this.db.transaction(async (m) => {
      const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
      const group = await this.find(m, ownerId, p.cc_group_id);
      if (!group) throw new MorError(CardTexts.groupNotFound);
      const fields = await cardGroupFields(m, ownerId, p, group);
      if (Object.keys(fields).length > 0) await m.getRepository(CardGroup).update(group.id, fields);
    });
  }

  /** cc_groups_get: every group of the caller's owner, or the one `cc_group_id` names. */
  async list(caller: Caller, p: Params) {
    const m = this.db.manager;
    const ownerId = await cardManagerOwner(m, caller, CardTexts.notAuthorized);
    let groups: CardGroup[];
    if (p.cc_group_id !== undefined && p.cc_group_id !== '') {
      const group = await this.find(m, ownerId, p.cc_group_id);
      if (!group) throw new MorError(CardTexts.wrongGroupId);
      groups = [group];
    } else {
      groups = await m.getRepository(CardGroup).find({ where: { owner_id: ownerId }, order: { id: 'ASC' } });
      if (groups.length === 0) throw new MorError(CardTexts.groupsNotFound);
    }
    const currency = await this.defaultCurrency();
    const counts = await this.cardCounts(m, groups.map((g) => g.id), false);
    const names = async (table: string, ids: number[]) => new Map<number, string>(
      ids.length === 0 ? [] : (await m.query(`SELECT id, name FROM ${table} WHERE id IN (${ids.map(() => '?').join(',')})`, ids)).map((r: { id: number; name: string }) => [Number(r.id), r.name]));
    const tariffs = await names('tariffs', groups.map((g) => g.tariff_id));
    const lcrs = await names('lcrs', groups.map((g) => g.lcr_id));
    return groups.map((g) => ({
      group_id: String(g.id), group_image: imageLink(g), group_name: g.name, group_description: g.description ?? '',
      group_number_pin_length: `${g.number_length}/${g.pin_length}`, group_tarrif: tariffs.get(g.tariff_id) ?? '', group_lcr: lcrs.get(g.lcr_id) ?? '',
      group_price: formatAmount(g.price), group_price_without_tax: formatAmount(cardValue(g)), group_cards_count: String(counts.get(g.id) ?? 0),
      group_currency: currency,
    }));
  }

  /** card_group_get: a group the caller may buy from (its own owner's; a user its owner's), with its free cards. */
  async show(caller: Caller, raw: string | undefined) {
    const m = this.db.manager;
    const group = await this.find(m, managedOwnerId(caller), raw);
    if (!group) throw new MorError(CardTexts.cardgroupNotFound);
    const free = (await this.cardCounts(m, [group.id], true)).get(group.id) ?? 0;
    return {
      name: group.name, iamge_link: imageLink(group), description: group.description ?? '', price: formatAmount(cardValue(group)),
      price_with_tax: formatAmount(group.price), currency: await this.defaultCurrency(), free_cards_size: String(free),
      pin_length: String(group.pin_length), number_length: String(group.number_length),
    };
  }

  async defaultCurrency(): Promise<string> {
    return (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
  }

  private async cardCounts(m: EntityManager, ids: number[], freeOnly: boolean): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows: { cardgroup_id: number; n: number | string }[] = await m.query(
      `SELECT cardgroup_id, COUNT(*) AS n FROM cards WHERE cardgroup_id IN (${ids.map(() => '?').join(',')})${freeOnly ? ' AND sold = 0 AND disabled = 0' : ''} GROUP BY cardgroup_id`, ids);
    return new Map(rows.map((r) => [Number(r.cardgroup_id), Number(r.n)]));
  }
}

const imageLink = (g: CardGroup) => `/billing/cards/${g.image}`;
