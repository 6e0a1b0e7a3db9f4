import { Module } from '@nestjs/common';
import { NumberPoolsController } from './number-pools.controller';
import { NumberPoolsService } from './number-pools.service';

@Module({ controllers: [NumberPoolsController], providers: [NumberPoolsService] })
export class NumberPoolsModule {}
