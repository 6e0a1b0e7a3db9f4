import { Module } from '@nestjs/common';
import { AutodialerController } from './autodialer.controller';
import { AutodialerEngine } from './autodialer-engine';
import { AutodialerScheduler } from './autodialer-scheduler';
import { AutodialerService } from './autodialer.service';
import { CallbackService } from './callback.service';
import { CallsModule } from '../calls/calls.module';
import { CLOCK, SwitchableClock } from './clock';
import { IvrService } from './ivr.service';
import { MorphoneService } from './morphone.service';
import { QueueService } from './queue.service';
import { RecordingsController } from './recordings.controller';
import { RecordingsService } from './recordings.service';
import { ServersService } from './servers.service';
import { SpyService } from './spy.service';
import { TelephonyAccess } from './telephony-access';
import { TelephonyController } from './telephony.controller';

/**
 * MOR's switch-side families: servers and their manager interface, Callback, Spy, Queue, IVR,
 * Recordings, Autodialer and MOR Phone details. The calls family provides CALLS_PORT (active calls).
 */
@Module({
  imports: [CallsModule],
  controllers: [TelephonyController, RecordingsController, AutodialerController],
  providers: [
    ServersService, TelephonyAccess, CallbackService, SpyService, QueueService, IvrService, RecordingsService, AutodialerService, AutodialerEngine,
    AutodialerScheduler, MorphoneService,
    { provide: CLOCK, useClass: SwitchableClock },
  ],
  exports: [ServersService, AutodialerEngine, AutodialerScheduler, QueueService, IvrService, CLOCK],
})
export class TelephonyModule {}
