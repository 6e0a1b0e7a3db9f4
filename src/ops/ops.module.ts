import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** Operations: the metrics registry every family may inject (routes and hooks: install.ts). */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class OpsModule {}
