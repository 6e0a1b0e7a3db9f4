import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerCardCommands } from '../../src/families/calling-cards/card-cli';
import { TestApp } from '../support/test-app';

jest.setTimeout(120_000);

/** The `cards` and `vouchers` commands, run through commander against the test app's database. */
describe('calling cards CLI', () => {
  let t: TestApp;
  let dir: string;
  const stderr: string[] = [];
  const stdout: string[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    dir = mkdtempSync(join(tmpdir(), 'cards-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function run(...args: string[]): Promise<void> {
    const program = new Command('mor').exitOverride();
    registerCardCommands(program, (work) => work(t.app));
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
    const log = jest.spyOn(console, 'log').mockImplementation((s) => void stdout.push(String(s)));
    try {
      await program.parseAsync(['node', 'mor', ...args]);
    } finally {
      err.mockRestore();
      log.mockRestore();
    }
  }

  it('creates a card batch with a progress bar and exports it as CSV', async () => {
    const r = await t.call('cc_group_create', { name: 'cli', number_length: '6', pin_length: '7', price_with_vat: '2' });
    expect(r.xml.page.status.success).toBe('Card Group was successfully created');
    const [{ id }] = await t.db.query("SELECT id FROM cardgroups WHERE name = 'cli'");
    await run('cards', 'create', '--group', String(id), '--from', '100000', '--till', '102499', '--batch', 'P1');
    expect(stdout.pop()).toMatch(/^Cards created: 2500\/2500 in \d+\.\d s$/);
    expect(stderr.join('')).toContain('cards [####################] 2,500/2,500');
    const file = join(dir, 'cards.csv');
    await run('cards', 'export', file, '--batch', 'P1');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('number,pin,balance,batch_number,sold,callerid,cardgroup_id');
    expect(lines).toHaveLength(2501);
    expect(lines[1]).toMatch(new RegExp(`^100000,\\d{7},2\\.0000,P1,0,,${id}$`));
    expect(new Set(lines.slice(1).map((l) => l.split(',')[1])).size).toBe(2500);
    await expect(run('cards', 'create', '--group', '999999', '--from', '1', '--till', '2')).rejects.toThrow('Card group 999999 was not found');
  });

  it('creates vouchers that voucher_use then redeems, and exports them', async () => {
    await run('vouchers', 'create', '--count', '300', '--credit', '12.1', '--tax', '21', '--length', '12', '--tag', 'promo', '--active-till', '2099-01-01T00:00:00Z');
    expect(stdout.pop()).toBe('300 vouchers created with tag promo');
    const file = join(dir, 'vouchers.csv');
    await run('vouchers', 'export', file, '--tag', 'promo');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines[1]).toMatch(/^\d{12},12\.1000,21\.0000,USD,promo,2099-01-01 00:00:00,0$/);
    const u = await t.createUser({ username: 'vcli' });
    const number = lines[1].split(',')[0];
    const used = await t.call('voucher_use', { voucher_number: number, user_id: String(u.id) });
    expect(used.xml.page.status.credit_without_tax).toBe('10.0000');
    await expect(run('vouchers', 'create', '--count', '30', '--credit', '1', '--length', '1')).rejects.toThrow('number length must be 4..30');
  });
});
