import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { MonitoringsController } from './monitorings.controller';
import { MonitoringsService } from './monitorings.service';

@Module({ imports: [EmailModule], controllers: [MonitoringsController], providers: [MonitoringsService], exports: [MonitoringsService] })
export class MonitoringsModule {}
