import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { MorError } from '../../api/mor-error';
import { CardRangeError, cardRange, freshPins } from '../../billing/card-numbers';
import { money, toStorage } from '../../billing/money';
import { sqlDateTime } from '../../ledger/ledger';
import { CardGroup } from './calling-card.entity';
import { cardValue } from './card-groups.service';

/** Rows per multi-row INSERT: under SQLite's 32766 bound parameters and MariaDB's packet size. */
export const CARD_INSERT_ROWS = 1000;
/** Values per `IN (...)` probe. */
const PROBE = 5000;

const RANGE_TEXTS: Record<CardRangeError, string> = {
  fromMissing: 'Cards from was not found',
  tillMissing: 'Cards till was not found',
  fromFormat: 'Cards from is in incorrect format',
  tillFormat: 'Cards till is in incorrect format',
  order: 'Cards from must not be greater than Cards till',
  pinTooShort: 'PIN is too short for this interval',
  tooMany: 'Too many cards in one interval (at most 1000000)',
};

export interface CardBatchOptions {
  from?: string;
  till?: string;
  batchNumber?: string;
  minBalance?: string;
  distributorId?: number;
  language?: string;
}

export interface BatchProgress {
  done: number;
  total: number;
}

/** Which of `values` a column of `table` already holds, probed in chunks. */
export function takenIn(m: EntityManager, table: string, column: string) {
  return async (values: string[]): Promise<Set<string>> => {
    const taken = new Set<string>();
    for (let i = 0; i < values.length; i += PROBE) {
      const chunk = values.slice(i, i + PROBE);
      const rows: Record<string, string>[] = await m.query(`SELECT ${column} AS v FROM ${table} WHERE ${column} IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const row of rows) taken.add(String(row.v));
    }
    return taken;
  };
}

/**
 * Creates every card of a number range in a group inside the caller's transaction: numbers that
 * exist already are skipped (MOR), each new card gets a fresh random PIN and the group's value
 * (price without tax) as its balance; multi-row INSERTs, then one INSERT ... SELECT writes all
 * their opening ledger rows. 100,000 cards take seconds.
 */
@Injectable()
export class CardBatchService {
  async create(m: EntityManager, group: CardGroup, o: CardBatchOptions, onProgress?: (p: BatchProgress) => void): Promise<{ created: number; requested: number }> {
    const range = cardRange(o.from, o.till, group.number_length, group.pin_length);
    if ('error' in range) throw new MorError(RANGE_TEXTS[range.error]);
    const existing = new Set<string>((await m.query('SELECT number FROM cards WHERE LENGTH(number) = ? AND number BETWEEN ? AND ?', [group.number_length, o.from, o.till]))
      .map((r: { number: string }) => String(r.number)));
    const numbers: string[] = [];
    for (const n of range.numbers()) if (!existing.has(n)) numbers.push(n);
    if (numbers.length === 0) throw new MorError('Cards already exist');
    const pins = await freshPins(numbers.length, group.pin_length, takenIn(m, 'cards', 'pin'));
    const balance = toStorage(cardValue(group));
    const now = sqlDateTime(new Date());
    const fixed = [group.id, group.owner_id, balance, toStorage(o.minBalance ?? '0'), o.batchNumber ?? '', o.language || 'en', o.distributorId ?? 0, now];
    const [{ top }] = await m.query('SELECT MAX(id) AS top FROM cards');
    for (let i = 0; i < numbers.length; i += CARD_INSERT_ROWS) {
      const rows = numbers.slice(i, i + CARD_INSERT_ROWS);
      const values: (string | number)[] = [];
      rows.forEach((n, j) => values.push(n, pins[i + j], ...fixed));
      await m.query(
        `INSERT INTO cards (number, pin, cardgroup_id, owner_id, balance, min_balance, batch_number, language, distributor_id, created_at) VALUES ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        values,
      );
      onProgress?.({ done: i + rows.length, total: numbers.length });
    }
    if (!money(balance).isZero()) {
      await m.query(
        `INSERT INTO balance_ledger (account_type, account_id, kind, cause_id, amount, balance_after, description, created_at)
         SELECT 'card', id, 'opening', '', balance, balance, 'Opening balance', ? FROM cards
          WHERE cardgroup_id = ? AND id > ? AND LENGTH(number) = ? AND number BETWEEN ? AND ?`,
        [now, group.id, Number(top ?? 0), group.number_length, o.from, o.till],
      );
    }
    return { created: numbers.length, requested: range.count };
  }
}
