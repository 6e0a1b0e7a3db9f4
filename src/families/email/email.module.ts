import { Module } from '@nestjs/common';
import { Mailer } from '../../mail/mailer';
import { EmailController } from './email.controller';
import { EmailService } from './email.service';

@Module({ controllers: [EmailController], providers: [EmailService, Mailer], exports: [EmailService, Mailer] })
export class EmailModule {}
