import { MorError } from '../api/mor-error';
import { UNIQUE, uniqueOr, violates } from './unique';

describe('unique index violations', () => {
  const mysql = (key: string) => ({ driverError: { code: 'ER_DUP_ENTRY', errno: 1062, message: `Duplicate entry 'x' for key '${key}'` } });
  const sqlite = (column: string) => ({ driverError: { code: 'SQLITE_CONSTRAINT_UNIQUE', message: `UNIQUE constraint failed: ${column}` } });

  it.each([
    ['MariaDB, the index', mysql('ux_users_username'), true],
    ['MariaDB 10.5+ (table.key)', mysql('users.ux_users_username'), true],
    ['MariaDB, another index', mysql('ux_devices_name'), false],
    ['SQLite, the column', sqlite('users.username'), true],
    ['SQLite, another column', sqlite('devices.name'), false],
    ['another error', { driverError: { code: 'ER_LOCK_WAIT_TIMEOUT', message: "'ux_users_username'" } }, false],
    ['not an error object', null, false],
  ])('%s', (_what, error, expected) => {
    expect(violates(error, UNIQUE.username)).toBe(expected);
  });

  it('turns the violation into the MOR text and lets anything else through', async () => {
    await expect(uniqueOr(() => Promise.reject(mysql('ux_users_username')), [[UNIQUE.username, 'taken']])).rejects.toEqual(new MorError('taken'));
    const other = new Error('boom');
    await expect(uniqueOr(() => Promise.reject(other), [[UNIQUE.username, 'taken']])).rejects.toBe(other);
    await expect(uniqueOr(async () => 7, [[UNIQUE.username, 'taken']])).resolves.toBe(7);
  });
});
