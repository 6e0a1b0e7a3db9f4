import { Module } from '@nestjs/common';
import { ProviderRulesController } from './provider-rules.controller';
import { ProviderRulesService } from './provider-rules.service';

@Module({ controllers: [ProviderRulesController], providers: [ProviderRulesService] })
export class ProviderRulesModule {}
