import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { parseStringPromise } from 'xml2js';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { visibleRef } from '../../api/visible-ref';
import { isXmlText } from '../../api/xml';
import { managedOwnerId } from '../../api/ownership';
import { lockRow } from '../../database/transaction';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { DestinationGroup } from './destination.entity';
import { RetailDetailRow } from './rate-detail.entity';
import { Rate } from './rate.entity';
import { RetailImportDestination, RetailImportDoc, RetailImportRate, detailValues, isGoodRate, readRetailImport, timeCollisions } from './retail-import';
import { Tariff } from './tariff.entity';

/** tariffs.name is VARCHAR(255). */
const MAX_NAME_LENGTH = 255;

interface ImportReport {
  bad_destinations: Record<string, string>[];
  destination_with_bad_rates: Record<string, string>[];
  destination_with_time_collisions_in_xml: Record<string, unknown>[];
}

const groupRef = (d: RetailImportDestination) => ({ destination_group_name: d.destination_group_name, destination_group_type: d.destination_group_type });

/** tariff_retail_import: create a retail tariff or replace rates of one, from MOR's XML document. */
@Injectable()
export class RetailImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async import(caller: Caller, xml: string | undefined): Promise<Record<string, unknown>> {
    if (xml === undefined || xml.trim() === '') throw new MorError('File does not exist');
    const doc = readRetailImport(await parseStringPromise(xml, { explicitArray: true }).catch(() => null));
    // Names are stored and echoed back: they must be printable in XML and fit VARCHAR(255).
    if (!doc || !isXmlText(xml) || doc.name === '' || doc.name.length > MAX_NAME_LENGTH) throw new MorError('Bad XML data');
    return this.db.transaction(async (m) => {
      const tariff = await this.tariffFor(caller, doc, m);
      const head = { tariff_id: String(tariff.id), tariff_name: tariff.name };
      if (doc.destinations.length === 0) return { response: { error: 'No destinations!', ...head } };
      const report: ImportReport = { bad_destinations: [], destination_with_bad_rates: [], destination_with_time_collisions_in_xml: [] };
      for (const destination of doc.destinations) await this.importDestination(tariff, destination, report, m);
      await m.getRepository(Tariff).update(tariff.id, { last_update_date: new Date() });
      return { response: { ...head, ...reportXml(report), destination_with_time_collisions_in_db: '' } };
    });
  }

  /** The tariff named by the document: by id (name must match), else by a new unique name. */
  private async tariffFor(caller: Caller, doc: RetailImportDoc, m: EntityManager): Promise<Tariff> {
    const repo = m.getRepository(Tariff);
    // Only a retail tariff can take retail rates; another kind's id counts as not found.
    // Another owner's tariff counts as not found too (foreign is missing); the admin sees every owner's.
    const visible = await visibleRef(m, caller, 'tariff', doc.id);
    const byId = visible ? await repo.findOne({ where: { id: visible.id, purpose: 'user' } }) : null;
    if (byId) {
      if (byId.owner_id !== managedOwnerId(caller)) throw new MorError('Tariff belongs to other user!');
      if (byId.name !== doc.name) throw new MorError(`TARIFF NAME WITH THIS ID DO NOT MATCH !!!FOUND ${byId.name}`);
      return byId;
    }
    // Tariff names are unique per owner: that owner's writes take turns from here.
    await lockRow(m, 'users', managedOwnerId(caller));
    const byName = await repo.findOne({ where: { name: doc.name, owner_id: managedOwnerId(caller) } });
    if (byName) throw new MorError(`TARIFF with same name exists, ID:${byName.id}!!! CHANGE NAME OR ID`);
    const currency = (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    return repo.save(repo.create({ name: doc.name, purpose: 'user', owner_id: managedOwnerId(caller), currency }));
  }

  /** Replaces the tariff's rate of one destination group, or reports why it cannot. */
  private async importDestination(tariff: Tariff, d: RetailImportDestination, report: ImportReport, m: EntityManager): Promise<void> {
    const group = await m.getRepository(DestinationGroup).findOne({ where: { name: d.destination_group_name, desttype: d.destination_group_type } });
    if (!group) return void report.bad_destinations.push(groupRef(d));
    const bad = d.rates.filter((r) => !isGoodRate(r));
    if (bad.length > 0 || d.rates.length === 0) {
      report.destination_with_bad_rates.push(...(bad.length > 0 ? bad : [{}]).map((r) => ({ ...groupRef(d), ...pickBadRate(r) })));
      return;
    }
    const collisions = timeCollisions(d.rates);
    if (collisions.length > 0) {
      report.destination_with_time_collisions_in_xml.push({ ...groupRef(d), collision_in_time_range: collisions });
      return;
    }
    await this.replaceRate(tariff.id, group.id, d, m);
  }

  private async replaceRate(tariffId: number, groupId: number, d: RetailImportDestination, m: EntityManager): Promise<void> {
    const rates = m.getRepository(Rate);
    const old = await rates.find({ where: { tariff_id: tariffId, destinationgroup_id: groupId } });
    for (const r of old) await m.getRepository(RetailDetailRow).delete({ rate_id: r.id });
    if (old.length > 0) await rates.delete(old.map((r) => r.id));
    const rate = await rates.save(rates.create({ tariff_id: tariffId, destinationgroup_id: groupId, prefix: '' }));
    await m.getRepository(RetailDetailRow).insert(detailValues(d.rates).map((v) => ({ ...v, rate_id: rate.id, customrate_id: null })));
  }
}

function pickBadRate(r: Partial<RetailImportRate>): Record<string, string> {
  const keys = ['rate_price', 'rate_round_by', 'rate_duration', 'rate_start_time', 'rate_end_time'] as const;
  return Object.fromEntries(keys.map((k) => [k, r[k] ?? '']));
}

/** Empty lists render as <x/>; filled ones repeat <destination> under them. */
function reportXml(report: ImportReport): Record<string, unknown> {
  return Object.fromEntries(Object.entries(report).map(([k, list]) => [k, list.length > 0 ? { destination: list } : '']));
}
