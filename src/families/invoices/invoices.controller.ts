import { Controller } from '@nestjs/common';
import { MorContext } from '../../api/context';
import { Params } from '../../api/hash';
import { MorMethod, Role } from '../../api/mor-method.decorator';
import { pageDoc } from '../../api/page-style';
import { successDoc } from '../../api/xml';
import { dateText } from '../payments/money-xml';
import { invoiceAmount } from './invoice-files';
import { InvoicesService } from './invoices.service';

const ALL: Role[] = ['admin', 'accountant', 'reseller', 'user'];
const MANAGERS: Role[] = ['admin', 'accountant', 'reseller'];

@Controller()
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @MorMethod({
    name: 'invoices_get', aliases: ['invoices'], family: 'Invoices', summary: 'Invoices whose period lies in [from, till], with their lines (<Invoices> root)',
    // No param is hashed in MOR's server (06); the PHP client hashes u.
    hash: [], hashAlso: [['u']], access: 'read', roles: ALL, roleError: 'Access Denied',
  })
  async list(_input: Params, ctx: MorContext) {
    const rows = await this.invoices.list(ctx.caller!, ctx.params);
    if (rows.length === 0) return { error: 'No Invoices found' };
    const day = (unix: string | undefined, fallback: string) => (/^\d{1,10}$/.test(unix ?? '') ? new Date(Number(unix) * 1000).toISOString().slice(0, 10) : fallback);
    return {
      Invoices: {
        $: { from: day(ctx.params.from, ''), till: day(ctx.params.till, '') },
        Invoice: rows.map(({ invoice, lines, agreement_number, clientid }) => ({
          $: { user_id: String(invoice.user_id), agreementnumber: agreement_number, clientid, number: invoice.number },
          id: String(invoice.id),
          paid: String(Number(invoice.paid)),
          Product: lines.map((l) => ({
            Name: l.name, Quantity: String(l.quantity), Price: invoiceAmount(invoice, l.price), Discount: '0', Sum: invoiceAmount(invoice, l.price),
            Date_added: dateText(l.date_added), Issue_date: dateText(invoice.issue_date), Service_id: String(l.service_id), Prefix: l.prefix,
          })),
          Total_time: String(invoice.total_time),
        })),
      },
    };
  }

  @MorMethod({
    name: 'invoice_update', family: 'Invoices', summary: 'Customer fields; toggle sent and paid (create_payment=1: with an Invoice payment)',
    hash: ['id'], access: 'write', roles: MANAGERS, roleError: 'Access Denied', errorEnvelope: 'status',
  })
  async update(_input: Params, ctx: MorContext) {
    await this.invoices.update(ctx.caller!, ctx.params);
    return successDoc('Invoice successfully updated');
  }

  @MorMethod({ name: 'invoice_xlsx_generate', family: 'Invoices', summary: 'Write the XLSX file of one invoice', hash: ['invoice_id'], access: 'read', roles: MANAGERS, roleError: 'Access Denied', errorEnvelope: 'status' })
  async xlsx(_input: Params, ctx: MorContext) {
    await this.invoices.writeFile(await this.invoices.document(ctx.caller!, ctx.params.invoice_id), 'xlsx');
    return successDoc('XLSX file successfully created');
  }

  @MorMethod({
    name: 'user_invoices', family: 'Invoices', summary: "The caller's own invoices (legacy page-style: u only, no hash)",
    hash: [], access: 'read', roles: ALL, identify: 'page', errorEnvelope: 'document',
  })
  async own(_input: Params, ctx: MorContext) {
    const rows = await this.invoices.own(ctx.caller!);
    return pageDoc('Invoices', {
      userid: String(ctx.caller!.id),
      invoices: rows.length === 0 ? '' : {
        invoice: rows.map((i) => ({
          user: i.username, inv_number: i.number, period_start: dateText(i.period_start), period_end: dateText(i.period_end), issue_date: dateText(i.issue_date),
          paid: Number(i.paid) === 1 ? 'Yes' : 'No', paid_date: dateText(i.paid_date), price: invoiceAmount(i, i.price), price_vat: invoiceAmount(i, i.price_with_tax),
        })),
      },
    });
  }
}
