import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod } from '../../api/mor-method.decorator';
import { pageDoc } from '../../api/page-style';
import { money } from '../../billing/money';
import { amountText, dateTimeText } from './money-xml';
import { PAYMENT_FILTERS, type PaymentListRow, PaymentNotSaved, PaymentsService } from './payments.service';

/** `Completed`, or `No (<reason>)` (MOR's payments list). */
const completedText = (row: PaymentListRow) => (Number(row.completed) === 1 ? 'Completed' : `No${row.pending_reason ? ` (${row.pending_reason})` : ''}`);
const yesNo = (flag: number) => (Number(flag) === 1 ? 'Yes' : 'No');

@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @MorMethod({
    name: 'payment_create', aliases: ['create_payment'], family: 'Payments', summary: 'Create a payment for a user (raises the balance unless API payments need confirmation)',
    hash: ['user_id', 'p_currency', 'paymenttype', 'tax_in_amount', 'amount', 'transaction', 'payer_email'],
    // MOR's own server hashes every sent param of its global list (06 §2.1): description and fee too.
    hashAlso: [['user_id', 'description', 'p_currency', 'paymenttype', 'tax_in_amount', 'amount', 'transaction', 'payer_email', 'fee']],
    access: 'write', roles: ['admin', 'accountant', 'reseller'], roleError: 'Access Denied',
  })
  async create(_input: Params, ctx: MorContext) {
    try {
      const made = await this.payments.create(ctx.caller!, ctx.params);
      return {
        page: {
          response: {
            status: 'ok', confirmed: made.confirmed ? 'Yes' : 'No',
            payment: { $: { currency: made.currency }, payment_id: String(made.id), tax: amountText(made.tax), amount: amountText(made.amount), gross: amountText(made.gross) },
          },
        },
      };
    } catch (e) {
      if (e instanceof PaymentNotSaved) return { page: { error: e.text, message: e.detail } };
      throw e;
    }
  }

  @MorMethod({
    name: 'payments_get', aliases: ['payments_list'], family: 'Payments', summary: 'Payments matching filters (default: today)',
    hash: PAYMENT_FILTERS, access: 'read', roles: ['admin', 'accountant', 'reseller', 'user'], roleError: 'Access Denied',
  })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.payments.list(ctx.caller!, ctx.params);
    return {
      page: {
        pagename: 'Payments list',
        payments: {
          payment: rows.map((r) => ({
            user: `${r.first_name} ${r.last_name}`.trim() || r.username, payer: r.payer_email, transaction_id: r.transaction_id,
            date: dateTimeText(r.date_added), confirm_date: dateTimeText(r.shipped_at), type: r.paymenttype, amount: amountText(r.amount),
            fee: amountText(r.fee), amount_with_tax: amountText(r.gross), currency: r.currency, completed: completedText(r), confirmed_by_admin: yesNo(r.confirmed_by_admin),
          })),
        },
      },
    };
  }

  @MorMethod({
    name: 'personal_payments', family: 'Payments', summary: "The caller's own payments (legacy page-style: u only, no hash)",
    hash: [], access: 'read', roles: ['admin', 'accountant', 'reseller', 'user'], identify: 'page', errorEnvelope: 'document',
  })
  async personal(_input: Params, ctx: MorContext) {
    const rows = await this.payments.personal(ctx.caller!);
    return pageDoc('Payments', {
      userid: String(ctx.caller!.id),
      payments: rows.length === 0 ? '' : {
        payment: rows.map((r) => ({
          payment_date: dateTimeText(r.date_added), confirmed_date: dateTimeText(r.shipped_at), payment_type: r.paymenttype, amount: amountText(r.amount),
          vat: amountText(money(r.tax)), amount_vat: amountText(r.gross), currency: r.currency, completed: Number(r.completed) === 1 ? 'Yes' : completedText(r),
        })),
      },
    });
  }
}
