import { Controller } from '@nestjs/common';
import { MorMethod } from '../../api/mor-method.decorator';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { GUI_VERSION } from '../../version';

@Controller()
export class VersionController {
  constructor(private readonly settings: SettingsService) {}

  @MorMethod({
    name: 'system_version_get', aliases: ['get_version'], family: 'Version', summary: 'The GUI version string',
    hash: [], hashAlso: [['u']], access: 'read', roles: ['admin', 'reseller', 'accountant', 'user'], errorEnvelope: 'status', uniformError: 'Access Denied',
  })
  async version() {
    // MOR's own server prints its version without the product name: `MOR X8` answers `X8` (06 §2.2).
    const version = (await this.settings.get(Setting.guiVersion)) ?? GUI_VERSION;
    return { page: { version: version.replace(/^MOR /, '') } };
  }
}
