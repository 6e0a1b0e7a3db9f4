import { Decimal, money } from '../../src/billing/money';
import { mulberry32 } from '../../src/billing/random';
import { InvoiceGenerator } from '../../src/families/invoices/invoice-generator.service';
import { balanceAudit } from '../../src/ledger/audit-command';
import { changeBalance } from '../../src/ledger/ledger';
import { insertCalls } from '../support/money-fixtures';
import { ON_MYSQL, TestApp, errorOf, freshDatabase } from '../support/test-app';

const CLIENTS = 32;
const STEPS = 12;
const USERS = 16;

/** Retries a direct ledger write that lost a race (a deadlock, or the unique key of a duplicate). */
async function withRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}

describe('money under concurrency', () => {
  let t: TestApp;
  let second: TestApp | null = null;
  let users: number[] = [];
  beforeAll(async () => {
    const { url, drop } = await freshDatabase();
    t = await TestApp.startOn(url, drop);
    // On MariaDB a second server process on the same database; SQLite serves one process.
    if (ON_MYSQL) second = await TestApp.startOn(url);
    await t.settings.set('api_allow_payments', '1');
    await t.db.query("UPDATE currencies SET active = 1, exchange_rate = '0.87' WHERE name = 'EUR'");
    for (let i = 0; i < USERS; i++) users.push((await t.createUser({ username: `mix${i}`, postpaid: 1, tax1_value: i % 2 ? '21' : '0' })).id);
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  it(`a mixed run from ${CLIENTS} clients (payments, retried payments, calls, credit notes paid and unpaid, manual changes): audit consistent, no cent created or lost`, async () => {
    const direct: Decimal[] = [];
    const failures: string[] = [];
    const sums = async () => {
      const [ledger] = await t.db.query('SELECT COUNT(*) AS n FROM balance_ledger');
      const rows: { amount: string }[] = await t.db.query('SELECT amount FROM balance_ledger');
      const balances: { balance: string }[] = await t.db.query(`SELECT balance FROM users WHERE id IN (${users.join(',')})`);
      return {
        rows: Number(ledger.n),
        ledger: rows.reduce((s, r) => s.plus(money(r.amount)), new Decimal(0)),
        balances: balances.reduce((s, r) => s.plus(money(r.balance)), new Decimal(0)),
      };
    };
    const client = async (c: number) => {
      const random = mulberry32(1000 + c);
      const app = second && c % 2 ? second : t;
      const pick = () => users[Math.floor(random() * users.length)]!;
      const amount = () => (Math.floor(random() * 50_000_000) / 1_000_000 + 0.000001).toFixed(6);
      for (let step = 0; step < STEPS; step++) {
        const user = pick();
        const op = Math.floor(random() * 5);
        if (op === 0 || op === 1) {
          const params = { user_id: String(user), amount: amount(), p_currency: op ? 'EUR' : 'USD', tax_in_amount: String(step % 2), transaction: `c${c}s${step}` };
          const replies = [await app.call('payment_create', params)];
          if (random() < 0.5) replies.push(await app.call('payment_create', params)); // a client retrying: the same payment
          for (const r of replies) if (r.xml?.page?.response?.status !== 'ok') failures.push(r.body);
        } else if (op === 2) {
          const charge = new Decimal(amount()).negated();
          const key = { account: 'user' as const, accountId: user, kind: 'call' as const, causeId: `call-${c}-${step}`, amount: charge };
          const applied = await withRetry(() => app.db.transaction((m) => changeBalance(m, key)));
          await withRetry(() => app.db.transaction((m) => changeBalance(m, key))); // a rerated or replayed CDR: no second charge
          if (applied.applied) direct.push(charge);
        } else if (op === 3) {
          const number = `CN-${c}-${step}`;
          const replies = [await app.call('credit_note_create', { user_id: String(user), number, price: amount(), issue_date: String(Math.floor(Date.now() / 1000)) })];
          const [note] = await app.db.query('SELECT id FROM credit_notes WHERE number = ?', [number]);
          const id = String(note.id);
          // Paid twice at once: one payment.
          replies.push(...(await Promise.all([app.call('credit_note_update', { credit_note_id: id, status: 'paid' }), app.call('credit_note_update', { credit_note_id: id, status: 'paid' })])));
          if (random() < 0.4) replies.push(await app.call('credit_note_update', { credit_note_id: id, status: 'unpaid' }));
          if (random() < 0.3) replies.push(await app.call('credit_note_delete', { credit_note_id: id }));
          for (const r of replies) if (errorOf(r.xml) !== undefined || r.status !== 200) failures.push(r.body);
        } else {
          const delta = new Decimal(amount()).minus(25);
          await withRetry(() => app.db.transaction((m) => changeBalance(m, { account: 'user', accountId: user, kind: 'manual', causeId: `manual-${c}-${step}`, amount: delta })));
          direct.push(delta);
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));

    expect(failures).toEqual([]);
    const report = await balanceAudit(t.db);
    expect(report.lines.at(-1)).toMatch(/all consistent$/);
    expect(report.consistent).toBe(true);
    // Every balance change is a payment still on record (API, credit note) or a direct charge/change.
    const payments: { amount_default: string }[] = await t.db.query('SELECT amount_default FROM payments WHERE completed = 1');
    const expected = payments.reduce((s, p) => s.plus(money(p.amount_default)), new Decimal(0)).plus(direct.reduce((s, d) => s.plus(d), new Decimal(0)));
    const { rows, ledger, balances } = await sums();
    expect(rows).toBeGreaterThan(CLIENTS * STEPS / 2);
    expect(ledger.toFixed(6)).toBe(expected.toFixed(6));
    expect(balances.toFixed(6)).toBe(expected.toFixed(6));
    // Retried payments were applied once.
    const [dupes] = await t.db.query('SELECT COUNT(*) AS n FROM (SELECT transaction_id FROM payments WHERE transaction_id <> \'\' GROUP BY transaction_id HAVING COUNT(*) > 1) d');
    expect(Number(dupes.n)).toBe(0);
  }, 300_000);

  it('two generators at once: each invoice once, numbers unique and gapless', async () => {
    await insertCalls(t.db, users.flatMap((user, i) => [0, 1, 2].map((k) => ({
      uniqueid: `g-${user}-${k}`, user_id: user, calldate: `2026-09-${String(10 + k).padStart(2, '0')} 10:00:00`, prefix: String(40 + k), billsec: 60, user_price: `0.${i + 1}0000${k}`,
    }))));
    const options = { from: '2026-09-01', till: '2026-09-30', issueDate: '2026-10-01', users: 'postpaid' as const };
    const [a, b] = await Promise.all([t.app.get(InvoiceGenerator).generate(options), (second ?? t).app.get(InvoiceGenerator).generate(options)]);
    expect(a.created + b.created).toBe(USERS);
    expect(a.created + a.recalculated + a.kept).toBe(USERS);
    const rows: { user_id: number; number: string }[] = await t.db.query("SELECT user_id, number FROM invoices WHERE period_start = '2026-09-01 00:00:00' ORDER BY number");
    expect(new Set(rows.map((r) => Number(r.user_id))).size).toBe(USERS);
    expect(rows.map((r) => r.number)).toEqual(Array.from({ length: USERS }, (_, i) => `INV${String(i + 1).padStart(7, '0')}`));
  }, 120_000);
});
