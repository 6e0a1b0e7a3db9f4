import { Module } from '@nestjs/common';
import { InvoiceGenerator } from './invoice-generator.service';
import { InvoiceScheduler } from './invoice-scheduler';
import { InvoicesController } from './invoices.controller';
import { InvoicesService } from './invoices.service';

/** Invoices: generation (CLI, monthly run), invoices_get, invoice_update, invoice_xlsx_generate, user_invoices. */
@Module({ controllers: [InvoicesController], providers: [InvoicesService, InvoiceGenerator, InvoiceScheduler], exports: [InvoiceGenerator, InvoicesService] })
export class InvoicesModule {}
