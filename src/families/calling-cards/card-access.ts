import type { EntityManager } from 'typeorm';
import type { Caller } from '../../api/caller';
import { MorError } from '../../api/mor-error';
import { managedOwnerId } from '../../api/ownership';

/** MOR's texts of the calling-card family (X8 spellings; X5 and the X4 wiki write "authorised"). */
export const CardTexts = {
  notAuthorized: 'You are not authorized to use this functionality',
  notAuthorizedCards: 'You are not authorized to use Calling Cards',
  groupNotFound: 'Card Group was not found',
  cardgroupNotFound: 'Cardgroup was not found',
  wrongGroupId: 'Wrong Calling Cards Group ID',
  groupsNotFound: 'Calling Cards Groups were not found',
  groupCreated: 'Card Group was successfully created',
  groupUpdated: 'Card Group was successfully updated',
  freeCardsNotFound: 'Free cards was not found',
  cardsNotFound: 'Cards were not found',
  cardNotFound: 'Calling Card was not found',
  wrongCardId: 'Wrong Calling Card ID',
  cardNotFoundShort: 'Calling Card not found',
  cardUpdated: 'Calling Card successfully updated',
  balanceUpdated: 'Calling Card balance successfully updated',
  featureDisabled: 'Feature Disabled',
  currencyDisabled: 'Currency disabled',
  cardgroupInvalid: 'Supplied Cardgroup_id is invalid',
  calleridMissing: 'Callerid must be specified',
  couldNotFindCard: 'Could not find card',
  pinNotFound: 'PIN number not found',
  noUserPermission: "You do not have permission to add to user's balance",
  deviceNoPermission: "Device already has such callerid, but you do not have permission to change user's balance",
  failedTransaction: 'Failed to make transaction',
} as const;

/**
 * Whether the caller manages calling cards: admin and accountant (the admin's cards), a reseller
 * whose reseller group grants Calling Cards (a reseller in no group is not restricted). Returns the
 * owner id whose groups and cards it manages; throws `deniedText` otherwise.
 */
export async function cardManagerOwner(m: EntityManager, caller: Caller, deniedText: string): Promise<number> {
  if (caller.role === 'user') throw new MorError(deniedText);
  if (caller.role === 'reseller') {
    const rows: { calling_cards: number | string | null }[] = await m.query(
      'SELECT g.calling_cards FROM users u LEFT JOIN reseller_groups g ON g.id = u.reseller_group_id WHERE u.id = ?', [caller.id]);
    if (rows.length === 0 || (rows[0].calling_cards !== null && Number(rows[0].calling_cards) !== 1)) throw new MorError(deniedText);
  }
  return managedOwnerId(caller);
}

/**
 * ` FOR UPDATE [SKIP LOCKED]` on MariaDB (a locking read sees the newest commit and holds the rows);
 * nothing on SQLite, whose transactions run one at a time.
 */
export function lockRows(m: EntityManager, skipLocked = false): string {
  return m.connection.options.type === 'mysql' ? ` FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}` : '';
}

/** MOR's `<Param> is incorrect format` name: underscores to spaces, capitalised, `id` → `ID`, `callerid` → `CallerID`. */
export function paramTitle(name: string): string {
  const words = name.split('_').map((w) => (w === 'id' ? 'ID' : w === 'callerid' ? 'CallerID' : w));
  const first = words[0];
  words[0] = first === 'CallerID' || first === 'ID' ? first : first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

/** A unix timestamp param (seconds) before year 2100, or null when malformed. */
export function parseTimestamp(raw: string): Date | null {
  if (!/^\d{1,10}$/.test(raw)) return null;
  const seconds = Number(raw);
  return seconds < 4102444800 ? new Date(seconds * 1000) : null;
}

/** MOR's time format in replies: `2015-11-05 02:00:00 +0000` (times are kept in UTC). */
export function morTime(value: Date | string | null): string {
  if (value === null) return '';
  const date = value instanceof Date ? value : new Date(`${value.replace(' ', 'T')}Z`);
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} +0000`;
}
