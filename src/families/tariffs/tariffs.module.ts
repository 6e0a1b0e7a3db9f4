import { Module } from '@nestjs/common';
import { RateLookupService } from './rate-lookup.service';

/** Tariffs, rates, destinations and currencies; exports rate lookup for routing and billing. */
@Module({
  providers: [RateLookupService],
  exports: [RateLookupService],
})
export class TariffsModule {}
