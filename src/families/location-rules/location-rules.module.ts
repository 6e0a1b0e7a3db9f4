import { Module } from '@nestjs/common';
import { LocationRulesController } from './location-rules.controller';
import { LocationRulesService } from './location-rules.service';

@Module({ controllers: [LocationRulesController], providers: [LocationRulesService] })
export class LocationRulesModule {}
