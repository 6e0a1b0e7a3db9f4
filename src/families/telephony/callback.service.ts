import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AmiFields } from '../../ami/ami-protocol';
import { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { ServersService } from './servers.service';
import { Campaign } from './telephony.entity';
import { DeviceRow, DIALABLE, TelephonyAccess } from './telephony-access';

/** Dialplan contexts of MOR's callback: leg A is dialed through mor_cb_src, then leg B in mor_cb_dst. */
export const CALLBACK_CONTEXTS = { src: 'mor_cb_src', dst: 'mor_cb_dst', ask: 'mor_cb_ask_dst' } as const;

/** A CallerID override: up to 100 characters, no control characters (they would reach the AMI message). */
const CLI = /^[^\x00-\x1f\x7f\ufffe\uffff]{1,100}$/;

/**
 * callback_init and c2c_callback: validate, then one Originate (Async) that rings leg A and,
 * once answered, leg B. Nothing is written here: both legs are rated from the switch's CDRs,
 * which carry the device's accountcode (see CallsPort).
 */
@Injectable()
export class CallbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TelephonyAccess,
    private readonly servers: ServersService,
    private readonly settings: SettingsService,
  ) {}

  async callback(caller: Caller, p: Params): Promise<void> {
    if (!(await this.access.addonOn(Setting.callbackAddon))) throw new MorError('Access Denied');
    const device = await this.access.reachableDevice(caller, p.device);
    if (!device) throw new MorError('Bad device');
    if (!p.src || !DIALABLE.test(p.src)) throw new MorError('No source');
    if (p.dst && !DIALABLE.test(p.dst)) throw new MorError('Bad destination');
    for (const cli of [p.cli_lega, p.cli_legb]) if (cli && !CLI.test(cli)) throw new MorError('Bad CallerID');
    if (p.card_pin && !/^\d{1,30}$/.test(p.card_pin)) throw new MorError('PIN was not found');
    await this.checkTariff(p.lega_tariff_id, managedOwnerId(caller));
    await this.checkTariff(p.lega_reseller_tariff_id, 0);
    if (p.lega_lcr_id) await this.checkLcr(caller, p.lega_lcr_id);
    const server = await this.servers.find(p.server_id ? parseId(p.server_id) ?? -1 : null);
    if (!server) throw new MorError('Server was not found');
    const variables: [string, string | undefined][] = [
      ['MOR_CB_DEVICE_ID', String(device.id)], ['MOR_CB_USER_ID', String(device.user_id)], ['MOR_CB_SRC', p.src], ['MOR_CB_DST', p.dst],
      ['MOR_CB_LEGA_CLI', p.cli_lega], ['MOR_CB_LEGB_CLI', p.cli_legb], ['MOR_CB_LEGA_TARIFF_ID', p.lega_tariff_id],
      ['MOR_CB_LEGA_RESELLER_TARIFF_ID', p.lega_reseller_tariff_id], ['MOR_CB_LEGA_LCR_ID', p.lega_lcr_id], ['MOR_CB_CARD_PIN', p.card_pin],
    ];
    await this.servers.send(server, await this.originate(device, p.src, p.dst, p.cli_lega, variables));
  }

  /** MOR 8's click-to-call: ring the client, then the campaign's device. */
  async c2c(caller: Caller, p: Params): Promise<void> {
    if (!(await this.access.addonOn(Setting.callbackAddon))) throw new MorError('Access Denied');
    const id = parseId(p.campaign_id);
    const campaign = id === null ? null : await this.db.getRepository(Campaign).findOneBy({ id });
    const device = campaign && (caller.role === 'admin' || campaign.user_id === caller.id) ? await this.access.device(campaign.device_id) : null;
    if (!campaign || !device) throw new MorError('Bad campaign');
    if (!p.client || !DIALABLE.test(p.client)) throw new MorError('No client');
    const server = await this.servers.find(null);
    if (!server) throw new MorError('Server was not found');
    const variables: [string, string | undefined][] = [['MOR_CB_DEVICE_ID', String(device.id)], ['MOR_CB_USER_ID', String(device.user_id)], ['MOR_C2C_CAMPAIGN_ID', String(campaign.id)]];
    await this.servers.send(server, await this.originate(device, p.client, device.extension || undefined, campaign.callerid || undefined, variables));
  }

  private async originate(device: DeviceRow, src: string, dst: string | undefined, cli: string | undefined, variables: [string, string | undefined][]): Promise<AmiFields> {
    const wait = parseId((await this.settings.get(Setting.callbackWaitTime)) ?? undefined) ?? 30;
    return [
      ['Action', 'Originate'],
      ['Channel', `Local/${src}@${CALLBACK_CONTEXTS.src}/n`],
      ['Context', dst ? CALLBACK_CONTEXTS.dst : CALLBACK_CONTEXTS.ask],
      ['Exten', dst ?? 's'],
      ['Priority', '1'],
      ['Timeout', String(wait * 1000)],
      ['CallerID', cli ?? device.callerid],
      ['Account', device.accountcode || String(device.id)],
      ['Async', 'true'],
      ...variables.filter((v): v is [string, string] => v[1] !== undefined && v[1] !== '').map(([k, v]): [string, string] => ['Variable', `${k}=${v}`]),
    ];
  }

  /** A tariff override: one the caller's owner manages, or the admin's where resellers may use them. */
  private async checkTariff(raw: string | undefined, ownerId: number): Promise<void> {
    if (raw === undefined || raw === '') return;
    const id = parseId(raw);
    const rows: { owner_id: number; purpose: string }[] = id === null ? [] : await this.db.query('SELECT owner_id, purpose FROM tariffs WHERE id = ?', [id]);
    const tariff = rows[0];
    if (!tariff) throw new MorError('No tariff');
    const owner = Number(tariff.owner_id);
    if (owner !== ownerId) {
      if (owner !== 0) throw new MorError('No tariff');
      if (!(await this.settings.flag(Setting.allowResellersAdminTariffs))) throw new MorError('Reseller not allowed to use Admin tariffs');
    }
    if (tariff.purpose === 'provider') throw new MorError('Bad tariff');
  }

  private async checkLcr(caller: Caller, raw: string): Promise<void> {
    const id = parseId(raw);
    const rows: { owner_id: number }[] = id === null ? [] : await this.db.query('SELECT owner_id FROM lcrs WHERE id = ?', [id]);
    if (!rows[0] || Number(rows[0].owner_id) !== managedOwnerId(caller)) throw new MorError('LCR was not found');
  }
}
