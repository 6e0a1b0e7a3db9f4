import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { XmlDoc } from '../../api/xml';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';

/** morphone_details_get: the SIP account the "MOR Phone" app registers with, and where. */
@Injectable()
export class MorphoneService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: SettingsService,
  ) {}

  async details(caller: Caller): Promise<XmlDoc> {
    // The user's primary device if it is SIP, otherwise its first SIP device.
    const rows: { name: string; secret: string; allow: string }[] = await this.db.query(
      "SELECT name, secret, allow FROM devices WHERE user_id = ? AND UPPER(device_type) = 'SIP' ORDER BY primary_device DESC, id LIMIT 1", [caller.id],
    );
    const device = rows[0];
    if (!device) throw new MorError('Device was not found');
    const setting = async (name: Parameters<SettingsService['get']>[0]) => (await this.settings.get(name)) ?? '';
    return {
      page: {
        device: { username: device.name, password: device.secret, enabled_codecs: String(device.allow ?? '').split(/[;,]/).filter(Boolean).join(',') },
        server_ip: await setting(Setting.morphoneServerIp),
        server_port: await setting(Setting.morphoneServerPort),
        did_number: await setting(Setting.morphoneDidNumber),
      },
    };
  }
}
