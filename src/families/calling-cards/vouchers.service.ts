import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { accessibleUser } from '../../api/ownership';
import { Errors, MorError } from '../../api/mor-error';
import { freshPins } from '../../billing/card-numbers';
import { toDefaultCurrency } from '../../billing/currency';
import { formatAmount, money, toStorage } from '../../billing/money';
import { changeBalance, sqlDateTime } from '../../ledger/ledger';
import { Setting } from '../../settings/setting-names';
import { SettingsService } from '../../settings/settings.service';
import { User } from '../users/user.entity';
import { Voucher } from './calling-card.entity';
import { BatchProgress, CARD_INSERT_ROWS, takenIn } from './card-batch.service';
import { currencyNamed, insertPayment } from './card-payments';

export const VoucherTexts = {
  notFound: 'Voucher was not found',
  disabled: 'Vouchers Disabled',
  used: 'Voucher used to update balance',
} as const;

export interface VoucherBatch {
  count: number;
  numberLength: number;
  creditWithTax: string;
  taxPercent?: string;
  currency?: string;
  tag?: string;
  activeTill?: Date | null;
}

/** Vouchers: the admin makes them in batches (CLI); the admin's users redeem them once each. */
@Injectable()
export class VouchersService {
  constructor(@InjectDataSource() private readonly db: DataSource, private readonly settings: SettingsService) {}

  /**
   * voucher_use: the voucher's credit without tax, in the default currency, onto the user's balance;
   * a payment of type Voucher and a ledger row (cause: the voucher). Two requests racing for one
   * voucher: the conditional UPDATE lets exactly one through.
   */
  async use(caller: Caller, p: Params) {
    if (!(await this.settings.flag(Setting.vouchersEnabled))) throw new MorError(VoucherTexts.disabled);
    // The admin and the users it owns (resellers included); a reseller's users may not.
    if (caller.ownerId !== 0) throw new MorError(Errors.accessDenied);
    return this.db.transaction(async (m) => {
      const user = await this.target(m, caller, p.user_id);
      const now = new Date();
      const vouchers = await m.getRepository(Voucher).findBy({ number: p.voucher_number ?? '' });
      const voucher = vouchers[0];
      if (!voucher || voucher.used_at !== null || (voucher.active_till !== null && new Date(voucher.active_till).getTime() < now.getTime())) throw new MorError(VoucherTexts.notFound);
      const claimed = await m.createQueryBuilder().update(Voucher).set({ used_at: now, user_id: user.id }).where('id = :id AND used_at IS NULL', { id: voucher.id }).execute();
      if (!claimed.affected) throw new MorError(VoucherTexts.notFound);
      const currency = (await currencyNamed(m, voucher.currency)) ?? { name: voucher.currency, rate: '1' };
      const withTax = money(voucher.credit_with_tax);
      const withoutTax = withTax.dividedBy(money(voucher.tax_percent).dividedBy(100).plus(1));
      const inDefault = toDefaultCurrency(withoutTax, currency.rate);
      const paymentId = await insertPayment(m, {
        paymenttype: 'Voucher', amount: toStorage(withoutTax), gross: toStorage(withTax), tax: toStorage(withTax.minus(withoutTax)), amount_default: toStorage(inDefault),
        currency: voucher.currency, exchange_rate: currency.rate, user_id: user.id, owner_id: user.owner_id, description: `Voucher ${voucher.number}`, idempotency_key: `voucher:${voucher.id}`,
      });
      await m.getRepository(Voucher).update(voucher.id, { payment_id: paymentId });
      const change = await changeBalance(m, { account: 'user', accountId: user.id, kind: 'voucher', causeId: String(voucher.id), amount: inDefault, description: `Voucher ${voucher.number}` });
      return {
        page: {
          status: {
            status: VoucherTexts.used, voucher_number: voucher.number, voucher_id: String(voucher.id),
            credit_with_tax: formatAmount(withTax), credit_without_tax: formatAmount(withoutTax), currency: voucher.currency,
            credit_in_default_currency: formatAmount(inDefault), user_id: String(user.id), balance_after_voucher_use: formatAmount(change.balanceAfter), payment_id: String(paymentId),
          },
        },
      };
    });
  }

  /**
   * `user_id` (default: the caller): one of the admin's own users the caller may see (a reseller
   * only itself, a simple user only itself); any other answers as a missing one.
   */
  private async target(m: EntityManager, caller: Caller, raw: string | undefined): Promise<User> {
    const user = await accessibleUser(m, caller, raw === undefined || raw === '' ? String(caller.id) : raw);
    if (!user || user.id === 0 || user.owner_id !== 0) throw new MorError(Errors.userNotFound);
    return user;
  }

  /** A batch of vouchers with random unique numbers, in one transaction, multi-row INSERTs. */
  async createBatch(b: VoucherBatch, onProgress?: (p: BatchProgress) => void): Promise<string[]> {
    if (!Number.isSafeInteger(b.count) || b.count < 1 || b.count > 1_000_000) throw new Error('count must be 1..1000000');
    if (!Number.isSafeInteger(b.numberLength) || b.numberLength < 4 || b.numberLength > 30) throw new Error('number length must be 4..30');
    if (10n ** BigInt(b.numberLength) / 5n < BigInt(b.count)) throw new Error('number length too short for this many vouchers');
    const currency = b.currency ?? (await this.settings.get(Setting.defaultCurrency)) ?? 'USD';
    return this.db.transaction(async (m) => {
      if (!(await currencyNamed(m, currency))) throw new Error(`Currency ${currency} was not found`);
      const numbers = await freshPins(b.count, b.numberLength, takenIn(m, 'vouchers', 'number'));
      const fixed = [b.tag ?? '', toStorage(b.creditWithTax), toStorage(b.taxPercent ?? '0'), currency.toUpperCase(), b.activeTill ? sqlDateTime(b.activeTill) : null, sqlDateTime(new Date())];
      for (let i = 0; i < numbers.length; i += CARD_INSERT_ROWS) {
        const rows = numbers.slice(i, i + CARD_INSERT_ROWS);
        await m.query(
          `INSERT INTO vouchers (number, tag, credit_with_tax, tax_percent, currency, active_till, created_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          rows.flatMap((n) => [n, ...fixed]),
        );
        onProgress?.({ done: i + rows.length, total: numbers.length });
      }
      return numbers;
    });
  }
}
