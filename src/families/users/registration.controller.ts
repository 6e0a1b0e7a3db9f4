import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { MorMethod } from '../../api/mor-method.decorator';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { UserRegisterDto } from './dto/user-register.dto';
import { RegistrationService } from './registration.service';

@Controller()
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'user_register', aliases: ['registration'], family: 'User', summary: 'Self-registration of a user and its first device',
    hash: ['email', 'id', 'lcr_id', 'device_type', 'username', 'first_name', 'last_name', 'caller_id', 'state', 'device_location_id'],
    hashAlso: [['email', 'id', 'device_type', 'username', 'first_name', 'last_name']],
    access: 'write', roles: ['admin', 'reseller'], identify: 'owner-uniquehash', input: UserRegisterDto,
  })
  async register(input: UserRegisterDto, ctx: MorContext) {
    const done = await this.registration.register(ctx.caller!, input);
    // MOR's own server (06 §2.2): <status><success>, the new ids, the caller ID when the device has one.
    return {
      page: {
        status: { success: 'Registration successful' },
        user_device_settings: {
          user_id: String(done.userId),
          device_type: done.deviceType,
          device_id: String(done.deviceId),
          ...(done.callerId ? { caller_id: done.callerId } : {}),
          username: done.deviceName,
          password: done.deviceSecret,
          pin: done.pin,
          server_ip: (await this.settings.get(Setting.serverIp)) ?? '',
          registration_notice: (await this.settings.get(Setting.registrationNotice)) ?? '',
        },
      },
    };
  }
}
