import { money } from '../../src/billing/money';
import { auditBalances, changeBalance, changeBalances, changeBalancesOfNewCause, setBalance } from '../../src/ledger/ledger';
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

  it('changeBalances: many accounts with one cause, exact on the full range, each once; a second run changes nothing and answers as the first', async () => {
    const a = await t.createUser({ username: 'bulk-a', balance: '12345678901234.123456' });
    const b = await t.createUser({ username: 'bulk-b' });
    const c = await t.createUser({ username: 'bulk-c' });
    const opening = await t.db.transaction((m) => changeBalance(m, { account: 'user', accountId: c.id, kind: 'call', causeId: 'batch-1', amount: '-1' }));
    expect(opening.applied).toBe(true);
    const amounts = [{ accountId: a.id, amount: '-0.000001' }, { accountId: b.id, amount: '-2.500000' }, { accountId: c.id, amount: '-9' }];
    const change = { account: 'user' as const, kind: 'call' as const, causeId: 'batch-1', description: 'Call batch-1' };
    const first = await t.db.transaction((m) => changeBalances(m, change, amounts));
    expect(first).toEqual([
      { applied: true, amount: '-0.000001', balanceAfter: '12345678901234.123455' },
      { applied: true, amount: '-2.500000', balanceAfter: '-2.500000' },
      // c's key was applied before (by changeBalance): nothing changes, the first application answers.
      { applied: false, amount: '-1.000000', balanceAfter: '-1.000000' },
    ]);
    const again = await t.db.transaction((m) => changeBalances(m, change, amounts));
    expect(again.map((r) => r.applied)).toEqual([false, false, false]);
    expect(again).toEqual(first.map((r, i) => (i === 2 ? r : { ...r, applied: false })));
    expect([money(await balanceOf(a.id)).toFixed(6), money(await balanceOf(b.id)).toFixed(6), money(await balanceOf(c.id)).toFixed(6)]).toEqual(['12345678901234.123455', '-2.500000', '-1.000000']);
    for (const id of [a.id, b.id, c.id]) {
      const audit = await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: id }));
      expect(audit.findings).toEqual([]);
    }
    await expect(t.db.transaction((m) => changeBalances(m, { ...change, causeId: 'batch-2' }, [{ accountId: 987654, amount: '1' }]))).rejects.toThrow('No user account 987654');
  });

  it('changeBalancesOfNewCause: accounts of several types in one cause, each balance after its own; a missing account writes nothing', async () => {
    const a = await t.createUser({ username: 'new-cause-a', balance: '10' });
    const b = await t.createUser({ username: 'new-cause-b', balance: '-0.5' });
    await t.db.query("INSERT INTO providers (name, tech, balance) VALUES ('new-cause-p', 'SIP', '100')");
    const [{ id: p }] = await t.db.query("SELECT id FROM providers WHERE name = 'new-cause-p'");
    const change = { kind: 'call' as const, causeId: 'nc-1', description: 'Call nc-1' };
    await t.db.transaction((m) => changeBalancesOfNewCause(m, [
      { ...change, account: 'user', accountId: a.id, amount: '-0.123456' }, { ...change, account: 'user', accountId: b.id, amount: '-1' },
      { ...change, account: 'provider', accountId: Number(p), amount: '-0.02' },
    ]));
    const rows = await t.db.query("SELECT account_type, account_id, amount, balance_after FROM balance_ledger WHERE cause_id = 'nc-1' ORDER BY account_type DESC, account_id");
    expect(rows.map((r: Record<string, unknown>) => [r.account_type, Number(r.account_id), money(r.amount as string).toFixed(6), money(r.balance_after as string).toFixed(6)])).toEqual([
      ['user', a.id, '-0.123456', '9.876544'], ['user', b.id, '-1.000000', '-1.500000'], ['provider', Number(p), '-0.020000', '99.980000'],
    ]);
    await expect(t.db.transaction((m) => changeBalancesOfNewCause(m, [
      { ...change, causeId: 'nc-2', account: 'user', accountId: a.id, amount: '-1' }, { ...change, causeId: 'nc-2', account: 'provider', accountId: 987654, amount: '-1' },
    ]))).rejects.toThrow('No provider account 987654');
    expect(money(await balanceOf(a.id)).toFixed(6)).toBe('9.876544');
    expect(await t.db.query("SELECT id FROM balance_ledger WHERE cause_id = 'nc-2'")).toEqual([]);
    expect((await t.db.transaction((m) => auditBalances(m, { account: 'user', accountId: b.id }))).findings).toEqual([]);
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
