import { Module } from '@nestjs/common';
import { CreditNotesController } from './credit-notes.controller';
import { CreditNotesService } from './credit-notes.service';

/** Credit notes (03 §S7). */
@Module({ controllers: [CreditNotesController], providers: [CreditNotesService] })
export class CreditNotesModule {}
