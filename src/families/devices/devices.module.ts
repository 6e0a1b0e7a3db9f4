import { Module, OnModuleInit } from '@nestjs/common';
import { DeviceAccess } from './device-access';
import { DeviceCallflowsService } from './device-callflows.service';
import { DeviceClisService } from './device-clis.service';
import { DeviceDeletionBlockers } from './device-deletion';
import { DeviceManageService } from './device-manage.service';
import { DevicePartsController } from './device-parts.controller';
import { DeviceCallflow } from './device-parts.entity';
import { DeviceRulesService } from './device-rules.service';
import { DevicesController } from './devices.controller';
import { DevicesService } from './devices.service';

@Module({
  controllers: [DevicesController, DevicePartsController],
  providers: [DevicesService, DeviceAccess, DeviceManageService, DeviceCallflowsService, DeviceClisService, DeviceRulesService, DeviceDeletionBlockers],
  exports: [DevicesService, DeviceAccess, DeviceDeletionBlockers],
})
export class DevicesModule implements OnModuleInit {
  constructor(private readonly blockers: DeviceDeletionBlockers) {}

  /** Another device's call flow forwarding here keeps this device. */
  onModuleInit(): void {
    this.blockers.register(async (deviceId, m) => {
      const forwards = await m.getRepository(DeviceCallflow).createQueryBuilder('f')
        .where("f.action IN ('forward', 'fax_detect') AND f.data = :id AND f.device_id <> :id", { id: String(deviceId) }).getCount();
      return forwards > 0 ? 'Device has forwarded calls - we cannot delete it' : null;
    });
  }
}
