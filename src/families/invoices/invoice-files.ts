import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { EntityManager } from 'typeorm';
import { fromDefaultCurrency } from '../../billing/currency';
import { type DecimalInput, money } from '../../billing/money';
import { dateText } from '../payments/money-xml';

export interface InvoiceRow {
  id: number;
  user_id: number;
  owner_id: number;
  number: string;
  period_start: string | Date;
  period_end: string | Date;
  issue_date: string | Date;
  invoice_type: string;
  price: string;
  tax: string;
  price_with_tax: string;
  currency: string;
  exchange_rate: string;
  total_time: number;
  paid: number;
  paid_date: string | Date | null;
  payment_id: number;
  sent_manually: number;
  sent_email: number;
  hidden: number;
  client_name: string;
  address: string;
  city: string;
  postcode: string;
  state: string;
  phone: string;
  tax_reg_number: string;
  comment: string | null;
}

export interface InvoiceDetailRow {
  name: string;
  quantity: number;
  price: string;
  total_time: number;
  prefix: string;
  service_id: number;
  date_added: string | Date;
}

export interface InvoiceDocument {
  invoice: InvoiceRow;
  lines: InvoiceDetailRow[];
}

export async function loadInvoiceLines(m: EntityManager, invoiceId: number): Promise<InvoiceDetailRow[]> {
  return m.query('SELECT name, quantity, price, total_time, prefix, service_id, date_added FROM invoicedetails WHERE invoice_id = ? ORDER BY id', [invoiceId]);
}

/** An amount of the invoice in its own currency, at the rate stored on it, to the cent. */
export const invoiceAmount = (invoice: Pick<InvoiceRow, 'exchange_rate'>, value: DecimalInput): string => fromDefaultCurrency(value, invoice.exchange_rate).toFixed(2);

function summary(doc: InvoiceDocument): [string, string][] {
  const { invoice } = doc;
  return [
    ['Invoice number', invoice.number],
    ['Issue date', dateText(invoice.issue_date)],
    ['Period', `${dateText(invoice.period_start)} - ${dateText(invoice.period_end)}`],
    ['Client', invoice.client_name],
    ['Address', [invoice.address, invoice.postcode, invoice.city, invoice.state].filter(Boolean).join(', ')],
    ['Tax registration number', invoice.tax_reg_number],
    ['Currency', `${invoice.currency} (exchange rate ${money(invoice.exchange_rate).toString()})`],
  ];
}

function totals(doc: InvoiceDocument): [string, string][] {
  const { invoice } = doc;
  return [
    ['Total without taxes', `${invoiceAmount(invoice, invoice.price)} ${invoice.currency}`],
    ['Taxes', `${invoiceAmount(invoice, invoice.tax)} ${invoice.currency}`],
    ['Total', `${invoiceAmount(invoice, invoice.price_with_tax)} ${invoice.currency}`],
  ];
}

/** The invoice as a PDF (pdfkit; its built-in Helvetica, so no font files are needed). */
export function invoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Invoice ${doc.invoice.number}` } });
    const chunks: Buffer[] = [];
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.fontSize(20).text(`INVOICE ${doc.invoice.number}`);
    pdf.moveDown().fontSize(10);
    for (const [label, value] of summary(doc)) pdf.text(`${label}: ${value}`);
    pdf.moveDown().fontSize(11).text('Name | Quantity | Time (s) | Price').fontSize(10);
    for (const line of doc.lines) pdf.text(`${line.name} | ${line.quantity} | ${line.total_time} | ${invoiceAmount(doc.invoice, line.price)} ${doc.invoice.currency}`);
    pdf.moveDown();
    for (const [label, value] of totals(doc)) pdf.text(`${label}: ${value}`);
    pdf.end();
  });
}

/** The invoice as an XLSX workbook (exceljs): a header block, the lines, the totals. */
export async function invoiceXlsx(doc: InvoiceDocument): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Invoice');
  for (const row of summary(doc)) sheet.addRow(row);
  sheet.addRow([]);
  sheet.addRow(['Name', 'Quantity', 'Time (s)', 'Prefix', `Price (${doc.invoice.currency})`]).font = { bold: true };
  for (const line of doc.lines) sheet.addRow([line.name, Number(line.quantity), Number(line.total_time), line.prefix, invoiceAmount(doc.invoice, line.price)]);
  sheet.addRow([]);
  for (const row of totals(doc)) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
