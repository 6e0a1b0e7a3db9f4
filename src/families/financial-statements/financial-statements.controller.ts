import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod } from '../../api/mor-method.decorator';
import { SettingsService } from '../../settings/settings.service';
import { defaultCurrency } from '../payments/money-context';
import { amountText } from '../payments/money-xml';
import { FinancialStatementsService } from './financial-statements.service';

@Controller()
export class FinancialStatementsController {
  constructor(
    private readonly statements: FinancialStatementsService,
    private readonly settings: SettingsService,
  ) {}

  @MorMethod({
    name: 'financial_statements_get', aliases: ['financial_statements'], family: 'Financial statements',
    summary: 'Invoices, credit notes and payments: count, price and price with VAT, paid and unpaid, in the default currency',
    // The wiki hashes user_id; MOR's server hashes user_id, status, date_from, date_till (global order, 06 §2.2).
    hash: ['user_id'], hashAlso: [['user_id', 'status', 'date_from', 'date_till']],
    access: 'read', roles: ['admin', 'reseller', 'accountant'], roleError: 'Access Denied',
  })
  async get(_input: Params, ctx: MorContext) {
    const rows = await this.statements.statements(ctx.caller!, ctx.params);
    return {
      page: {
        financial_statement: {
          $: { currency: await defaultCurrency(this.settings) },
          statement: rows.map((s) => ({ $: { type: s.type }, status: s.status, count: String(s.count), price: amountText(s.price), price_with_vat: amountText(s.priceWithVat) })),
        },
      },
    };
  }
}
