import { Module } from '@nestjs/common';
import { ConflinesController } from './conflines.controller';

@Module({ controllers: [ConflinesController] })
export class ConflinesModule {}
