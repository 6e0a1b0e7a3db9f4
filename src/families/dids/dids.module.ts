import { Module, OnModuleInit } from '@nestjs/common';
import { DevicesModule } from '../devices/devices.module';
import { DeviceDeletionBlockers } from '../devices/device-deletion';
import { UserDeletionBlockers } from '../users/user-deletion';
import { Did } from './did.entity';
import { DidProviders } from './did-providers';
import { DidRatesService } from './did-rates.service';
import { DidSearchService } from './did-search.service';
import { DidsController } from './dids.controller';
import { DidsService } from './dids.service';

@Module({
  imports: [DevicesModule],
  controllers: [DidsController],
  providers: [DidsService, DidSearchService, DidRatesService, DidProviders],
  exports: [DidsService],
})
export class DidsModule implements OnModuleInit {
  constructor(
    private readonly blockers: UserDeletionBlockers,
    private readonly dids: DidsService,
    private readonly deviceBlockers: DeviceDeletionBlockers,
  ) {}

  /** user_delete answers MOR's text while the user holds DIDs; a device with DIDs routed to it stays. */
  onModuleInit(): void {
    this.blockers.register(async (userId, m) => ((await this.dids.userHasDids(m, userId)) ? 'Cannot delete user - it has DIDs' : null));
    this.deviceBlockers.register(async (deviceId, m) => ((await m.getRepository(Did).exists({ where: { device_id: deviceId } })) ? 'Device has DIDs - we cannot delete it' : null));
  }
}
