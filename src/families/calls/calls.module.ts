import { Module } from '@nestjs/common';
import { CallingCardsModule } from '../calling-cards/calling-cards.module';
import { RoutingModule } from '../routing/routing.module';
import { TariffsModule } from '../tariffs/tariffs.module';
import { CallAuthorizationService } from './call-authorization.service';
import { CallChargerService } from './call-charger.service';
import { CallLifecycleService } from './call-lifecycle.service';
import { CallRatesService } from './call-rates.service';
import { SwitchController } from './switch.controller';
import { BalanceController } from './balance.controller';
import { BalanceService } from './balance.service';
import { CallsController } from './calls.controller';
import { CallsQueryService } from './calls-query.service';
import { CallStatsService } from './call-stats.service';
import { StatsController } from './stats.controller';
import { CdrImportService } from './cdr-import.service';
import { RerateService } from './rerate.service';
import { ActiveCallsPort } from './active-calls.port';
import { CALLS_PORT } from '../telephony/calls-port';

/** Calls: the switch API (authorize, start, end), CDRs, balances, active calls and call statistics. */
@Module({
  imports: [TariffsModule, RoutingModule, CallingCardsModule],
  controllers: [SwitchController, BalanceController, CallsController, StatsController],
  providers: [{ provide: CALLS_PORT, useClass: ActiveCallsPort }, CdrImportService, RerateService, BalanceService, CallsQueryService, CallStatsService, CallRatesService, CallAuthorizationService, CallChargerService, CallLifecycleService],
  exports: [CallChargerService, CallRatesService, CALLS_PORT],
})
export class CallsModule {}
