import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../../api/caller';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { canAccessUser } from '../../api/ownership';
import { Setting } from '../../settings/setting-names';
import { CALLS_PORT, CallsPort } from './calls-port';
import { ServersService } from './servers.service';
import { TelephonyAccess } from './telephony-access';

export const SpyTexts = {
  disabled: 'Chanspy is disabled',
  noCall: 'Active call was not found',
  noSpyDevice: 'No Spy Device assigned. Select it under User edit preferences.',
  otherServer: 'Spy Device is registered on different Server than this Call. Spying on this Call is not possible.',
  virtual: 'Unable to spy virtual device',
  notAuthorized: 'You are not authorized to use this functionality',
  started: 'Spying started',
} as const;

/** An Asterisk channel name (Tech/resource-id); anything else could add ChanSpy arguments. */
const CHANNEL = /^[A-Za-z0-9]+\/[A-Za-z0-9_.@:+\-]+(;\d+)?$/;

/** ChanSpy options: q quiet (no beep, no name), b only bridged channels; listen-only is ChanSpy's default. */
const CHANSPY_OPTIONS = 'qb';

/** spy_call: ring the manager's spy device and attach it, listen-only, to an active call's channel. */
@Injectable()
export class SpyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: TelephonyAccess,
    private readonly servers: ServersService,
    @Inject(CALLS_PORT) private readonly calls: CallsPort,
  ) {}

  async spy(caller: Caller, rawCallId: string | undefined): Promise<{ spy_device: string; channel: string }> {
    if (!(await this.access.addonOn(Setting.monitoringsAddon))) throw new MorError(SpyTexts.notAuthorized);
    if (!(await this.access.addonOn(Setting.chanspyEnabled))) throw new MorError(SpyTexts.disabled);
    const rows: { spy_device_id: number | null }[] = await this.db.query('SELECT spy_device_id FROM users WHERE id = ?', [caller.id]);
    const spyDevice = rows[0]?.spy_device_id ? await this.access.device(Number(rows[0].spy_device_id)) : null;
    if (!spyDevice) throw new MorError(SpyTexts.noSpyDevice);
    if (spyDevice.device_type.toLowerCase() === 'virtual') throw new MorError(SpyTexts.virtual);
    const id = parseId(rawCallId);
    const call = id === null ? null : await this.calls.activeCall(id, this.db.manager);
    const spied = call ? await this.access.device(call.device_id) : null;
    const reachable = call && (spied ? canAccessUser(caller, { id: spied.user_id, owner_id: spied.owner_id }) : caller.role === 'admin');
    if (!call || !reachable || !CHANNEL.test(call.channel)) throw new MorError(SpyTexts.noCall);
    // A recorded device is never spied on (MOR's manual: "A device that has recording enabled cannot be spied on").
    if (spied?.record === 1) throw new MorError(SpyTexts.notAuthorized);
    const spyServers: { server_id: number }[] = await this.db.query('SELECT server_id FROM server_devices WHERE device_id = ?', [spyDevice.id]);
    if (spyServers.length > 0 && !spyServers.some((s) => Number(s.server_id) === call.server_id)) throw new MorError(SpyTexts.otherServer);
    const server = await this.servers.find(call.server_id);
    if (!server) throw new MorError(SpyTexts.otherServer);
    const spyChannel = TelephonyAccess.channelOf(spyDevice);
    await this.servers.send(server, [
      ['Action', 'Originate'], ['Channel', spyChannel], ['Application', 'ChanSpy'], ['Data', `${call.channel},${CHANSPY_OPTIONS}`],
      ['CallerID', `Spy <${spyDevice.extension}>`], ['Timeout', '30000'], ['Async', 'true'],
      ['Variable', `MOR_SPY_USER_ID=${caller.id}`], ['Variable', `MOR_SPY_ACTIVE_CALL_ID=${call.id}`],
    ]);
    return { spy_device: spyChannel, channel: call.channel };
  }
}
