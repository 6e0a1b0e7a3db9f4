import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { AccessService } from './access/access.service';
import { ApiController } from './api.controller';
import { GLOBAL_GUARDS } from './guards/pipeline';
import { MorExceptionFilter } from './mor-exception.filter';
import { MorRegistry } from './registry.service';
import { SignedRequests } from './signed-request';
import { XmlInterceptor } from './xml.interceptor';

/** The MOR API framework: the registry, the global pipeline guards, the XML interceptor and the error filter. */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [ApiController],
  providers: [
    MorRegistry,
    AccessService,
    SignedRequests,
    ...GLOBAL_GUARDS,
    { provide: APP_INTERCEPTOR, useClass: XmlInterceptor },
    { provide: APP_FILTER, useClass: MorExceptionFilter },
  ],
  exports: [MorRegistry, AccessService],
})
export class ApiModule {}
