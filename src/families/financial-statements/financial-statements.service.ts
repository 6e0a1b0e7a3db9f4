import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../../api/caller';
import type { Params } from '../../api/hash';
import { Errors } from '../../api/mor-error';
import { userRowsWhere } from '../../api/ownership';
import { toDefaultCurrency } from '../../billing/currency';
import { Decimal, money } from '../../billing/money';
import { moneySql } from '../../database/exact-money';
import { sqlTime, today } from '../payments/payments.service';

export type StatementType = 'invoices' | 'credit_notes' | 'payments';
export type PaidStatus = 'paid' | 'unpaid';

export interface Statement {
  type: StatementType;
  status: PaidStatus;
  count: number;
  price: Decimal;
  priceWithVat: Decimal;
}

interface Source {
  type: StatementType;
  table: string;
  date: string;
  /** SQL that is 1 for a paid row. */
  paid: string;
  price: string;
  withVat: string;
  /** Payments are kept in their own currency: the with-tax sum is converted per exchange rate. */
  byRate?: boolean;
}

const SOURCES: Source[] = [
  { type: 'invoices', table: 'invoices', date: 'issue_date', paid: 'paid', price: 'price', withVat: 'price_with_tax' },
  { type: 'credit_notes', table: 'credit_notes', date: 'issue_date', paid: "CASE WHEN status = 'paid' THEN 1 ELSE 0 END", price: 'price', withVat: 'price_with_vat' },
  { type: 'payments', table: 'payments', date: 'date_added', paid: 'completed', price: 'amount_default', withVat: 'gross', byRate: true },
];

/** financial_statements_get (03 §S8): count, price and price with VAT per document type and paid status, in the default currency. */
@Injectable()
export class FinancialStatementsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async statements(caller: Caller, p: Params): Promise<Statement[]> {
    const { where, args } = await userRowsWhere(this.db.manager, caller, p.user_id, Errors.accessDenied);
    const [dayStart] = today();
    const from = /^\d{1,10}$/.test(p.date_from ?? '') ? Number(p.date_from) : dayStart;
    const till = /^\d{1,10}$/.test(p.date_till ?? '') ? Number(p.date_till) : dayStart + 86400;
    // The wiki spells the param `stauts`; MOR's server reads `status` (06). Anything else means all.
    const wanted = p.status ?? p.stauts;
    const statuses: PaidStatus[] = wanted === 'paid' || wanted === 'unpaid' ? [wanted] : ['paid', 'unpaid'];
    const result: Statement[] = [];
    for (const source of SOURCES) {
      const totals = await this.totals(source, [...where, `${source.date} >= ?`, `${source.date} <= ?`], [...args, sqlTime(from), sqlTime(till)]);
      for (const status of statuses) result.push({ type: source.type, status, ...(totals.get(status) ?? { count: 0, price: new Decimal(0), priceWithVat: new Decimal(0) }) });
    }
    return result;
  }

  private async totals(source: Source, where: string[], args: (string | number)[]): Promise<Map<PaidStatus, Omit<Statement, 'type' | 'status'>>> {
    const sum = moneySql(this.db.manager).sum;
    const rate = source.byRate ? 'exchange_rate' : "'1'";
    const rows: { paid: number; rate: string; n: number; price: string; with_vat: string }[] = await this.db.query(
      `SELECT ${source.paid} AS paid, ${rate} AS rate, COUNT(*) AS n, ${sum(source.price)} AS price, ${sum(source.withVat)} AS with_vat
         FROM ${source.table} WHERE ${where.join(' AND ')} GROUP BY ${source.paid}${source.byRate ? ', exchange_rate' : ''}`,
      args,
    );
    const totals = new Map<PaidStatus, Omit<Statement, 'type' | 'status'>>();
    for (const row of rows) {
      const status: PaidStatus = Number(row.paid) === 1 ? 'paid' : 'unpaid';
      const t = totals.get(status) ?? { count: 0, price: new Decimal(0), priceWithVat: new Decimal(0) };
      totals.set(status, { count: t.count + Number(row.n), price: t.price.plus(money(row.price)), priceWithVat: t.priceWithVat.plus(toDefaultCurrency(row.with_vat, row.rate)) });
    }
    return totals;
  }
}
