import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AccessService } from './access/access.service';
import { ApiController } from './api.controller';
import { PIPELINE_GUARDS } from './guards/pipeline.guards';
import { MorRegistry } from './registry.service';

@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [ApiController],
  providers: [MorRegistry, AccessService, ...PIPELINE_GUARDS],
  exports: [MorRegistry, AccessService],
})
export class ApiModule {}
