import { Module } from '@nestjs/common';
import { LcrController } from './lcr.controller';
import { LcrService } from './lcr.service';

@Module({ controllers: [LcrController], providers: [LcrService], exports: [LcrService] })
export class LcrModule {}
