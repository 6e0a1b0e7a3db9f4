import { Module } from '@nestjs/common';
import { QuickforwardsController } from './quickforwards.controller';
import { QuickforwardsService } from './quickforwards.service';

@Module({ controllers: [QuickforwardsController], providers: [QuickforwardsService] })
export class QuickforwardsModule {}
