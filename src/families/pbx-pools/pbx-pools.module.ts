import { Module } from '@nestjs/common';
import { PbxPoolsController } from './pbx-pools.controller';

@Module({ controllers: [PbxPoolsController] })
export class PbxPoolsModule {}
