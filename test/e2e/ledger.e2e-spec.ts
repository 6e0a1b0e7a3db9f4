import { money } from '../../src/billing/money';
import { auditBalances, changeBalance, setBalance } from '../../src/ledger/ledger';
import { TestApp } from '../support/test-app';

describe('balance ledger and exact money storage', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const balanceOf = async (id: number) => (await t.db.query('SELECT balance FROM users WHERE id = ?', [id]))[0].balance;

  it('stores the full DECIMAL(20,6) range exactly on both databases', async () => {
    const u = await t.createUser({ username: 'exact', balance: '12345678901234.123456', credit: '9999999999.999999' });
    const [row] = await t.db.query('SELECT balance, credit FROM users WHERE id = ?', [u.id]);
    expect(money(row.balance).toFixed(6)).toBe('12345678901234.123456');
    expect(money(row.credit).toFixed(6)).toBe('9999999999.999999');
  });

  it('applies a change once per cause and records the balance after it', async () => {
    const u = await t.createUser({ username: 'once' });
    const change = { account: 'user' as const, accountId: u.id, kind: 'payment' as const, causeId: 'p-1', amount: '10.100001' };
    const first = await t.db.transaction((m) => changeBalance(m, change));
    const again = await t.db.transaction((m) => changeBalance(m, change));
    expect(first).toEqual({ applied: true, amount: '10.100001', balanceAfter: '10.100001' });
    expect(again).toEqual({ applied: false, amount: '10.100001', balanceAfter: '10.100001' });
    expect(money(await balanceOf(u.id)).toFixed(6)).toBe('10.100001');
  });

  it('50 concurrent changes of one account (each sent twice) add up exactly, and the audit agrees', async () => {
    const u = await t.createUser({ username: 'busy' });
    const amounts = Array.from({ length: 50 }, (_, i) => `-0.${String(i + 1).padStart(6, '0')}`);
    const apply = (amount: string, i: number) => t.db.transaction((m) => changeBalance(m, { account: 'user', accountId: u.id, kind: 'call', causeId: `c-${i}`, amount }));
    const results = await Promise.allSettled([...amounts.map(apply), ...amounts.map(apply)]);
    // A racing duplicate may fail on the unique key; a retry must then find it applied.
    for (const [i, r] of results.entries()) if (r.status === 'rejected') await apply(amounts[i % 50], i % 50);
    const expected = amounts.reduce((s, a) => s.plus(money(a)), money(0));
    expect(money(await balanceOf(u.id)).toFixed(6)).toBe(expected.toFixed(6));
    const audit = await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: u.id }));
    expect(audit).toEqual({ checked: 1, findings: [] });
  });

  it('a manual set writes the difference; the audit names an account changed behind the ledger', async () => {
    const u = await t.createUser({ username: 'manual' });
    const set = await t.db.transaction((m) => setBalance(m, { account: 'user', accountId: u.id, kind: 'manual', causeId: 'm-1', balance: '7.25' }));
    expect(set).toEqual({ applied: true, amount: '7.250000', balanceAfter: '7.250000' });
    await t.db.query("UPDATE users SET balance = '8' WHERE id = ?", [u.id]);
    const audit = await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: u.id }));
    expect(audit.findings).toEqual([{ account: 'user', accountId: u.id, balance: '8.000000', ledgerSum: '7.250000' }]);
  });
});
