import { Module } from '@nestjs/common';
import { PhonebooksController } from './phonebooks.controller';
import { PhonebooksService } from './phonebooks.service';

@Module({ controllers: [PhonebooksController], providers: [PhonebooksService] })
export class PhonebooksModule {}
