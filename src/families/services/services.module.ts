import { Module } from '@nestjs/common';
import { ChargingService } from './charging.service';
import { ServicesController } from './services.controller';
import { ServicesService } from './services.service';
import { SubscriptionsService } from './subscriptions.service';

@Module({ controllers: [ServicesController], providers: [ServicesService, SubscriptionsService, ChargingService], exports: [ChargingService] })
export class ServicesModule {}
