import { Module } from '@nestjs/common';
import { FinancialStatementsController } from './financial-statements.controller';
import { FinancialStatementsService } from './financial-statements.service';

/** Financial statements (03 §S8). */
@Module({ controllers: [FinancialStatementsController], providers: [FinancialStatementsService] })
export class FinancialStatementsModule {}
