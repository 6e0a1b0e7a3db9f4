import { Module } from '@nestjs/common';
import { CallingCardsController } from './calling-cards.controller';
import { CardBatchService } from './card-batch.service';
import { CardByCliService } from './card-by-cli.service';
import { CardGroupsService } from './card-groups.service';
import { CardPayerService } from './card-payer.service';
import { CardsService } from './cards.service';
import { VouchersService } from './vouchers.service';

@Module({
  controllers: [CallingCardsController],
  providers: [CardGroupsService, CardBatchService, CardsService, CardByCliService, VouchersService, CardPayerService],
  exports: [CardGroupsService, CardBatchService, VouchersService, CardPayerService],
})
export class CallingCardsModule {}
