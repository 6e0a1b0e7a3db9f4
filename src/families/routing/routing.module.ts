import { Module } from '@nestjs/common';
import { TariffsModule } from '../tariffs/tariffs.module';
import { RouteService } from './route.service';

/** The route query (no MOR methods): used by call authorization and the `route` CLI command. */
@Module({ imports: [TariffsModule], providers: [RouteService], exports: [RouteService] })
export class RoutingModule {}
