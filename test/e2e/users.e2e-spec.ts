import { TestApp, errorOf } from '../support/test-app';
import { User } from '../../src/families/users/user.entity';
import { createDevice } from '../support/device-fixtures';

/** User family: details, raw details, list, update, delete; ownership one forbidden pair at a time. */
describe('User family', () => {
  let t: TestApp;
  let resA: User, resB: User, userA: User, userB: User, userAdm: User, acc: User;
  const KEY_A = 'reseller-a-key';
  const KEY_B = 'reseller-b-key';

  beforeAll(async () => {
    t = await TestApp.start();
    resA = await t.createReseller('res_a', KEY_A, { first_name: 'Rita' });
    resB = await t.createReseller('res_b', KEY_B);
    userA = await t.createUser({ username: 'user_a', owner_id: resA.id, password: 'user-a-pass', first_name: 'Ann', last_name: 'Able', balance: '12.5' });
    userB = await t.createUser({ username: 'user_b', owner_id: resB.id });
    userAdm = await t.createUser({ username: 'user_adm', password: 'user-adm-pass' });
    acc = await t.createUser({ username: 'acc', usertype: 'accountant', password: 'acc-pass-1' });
  });
  afterAll(() => t.close());

  const as = (u: string, key?: string) => ({ u, key });

  describe('user_details_get', () => {
    it('renders MOR elements', async () => {
      const r = await t.call('user_details_get', { user_id: String(userA.id) });
      const page = r.xml.page;
      expect(page.pagename).toBe('Personal_details');
      expect(page.userid).toBe(String(userA.id));
      expect(page.details.main_detail).toEqual({ account: 'Prepaid', balance: '12.5000 USD', balance_number: '12.5000', balance_currency: 'USD', credit: '0.0000' });
      expect(page.details.other_details.surname).toBe('Able');
      expect(page.details.registration).toHaveProperty('reg_email');
    });

    it("prints the balance in the user's currency and country names, vat as a Ruby float", async () => {
      await t.db.query("UPDATE currencies SET exchange_rate = 0.9 WHERE name = 'EUR'");
      const [{ id: eur }] = await t.db.query("SELECT id FROM currencies WHERE name = 'EUR'");
      const [{ id: lt, name }] = await t.db.query("SELECT id, name FROM directions WHERE code = 'LT'");
      const u = await t.createUser({ username: 'euro_user', balance: '10', credit: '2.5', currency_id: Number(eur), taxation_country: Number(lt), country_id: Number(lt), vat_percent: '21' });
      const page = (await t.call('user_details_get', { user_id: String(u.id) })).xml.page;
      expect(page.details.main_detail).toEqual({ account: 'Prepaid', balance: '9.0000 EUR', balance_number: '9.0000', balance_currency: 'EUR', credit: '2.2500' });
      expect([page.details.other_details.taxation_country, page.details.registration.reg_country, page.details.other_details.vat_percent]).toEqual([name, name, '21.0']);
    });

    it('finds by username, and by both', async () => {
      expect((await t.call('user_details_get', { username: 'user_a' })).xml.page.userid).toBe(String(userA.id));
      expect((await t.call('user_details_get', { user_id: String(userA.id), username: 'user_a' })).xml.page.userid).toBe(String(userA.id));
      expect(errorOf((await t.call('user_details_get', { user_id: String(userA.id), username: 'user_b' })).xml)).toBe('User was not found');
    });

    it('unknown user: User was not found', async () => {
      expect(errorOf((await t.call('user_details_get', { user_id: '99999' })).xml)).toBe('User was not found');
    });

    it.each([
      ['reseller A reads itself', 'res_a', KEY_A, () => resA, true],
      ['reseller A reads its user', 'res_a', KEY_A, () => userA, true],
      ['reseller A reads reseller B', 'res_a', KEY_A, () => resB, false],
      ["reseller A reads B's user", 'res_a', KEY_A, () => userB, false],
      ["reseller A reads the admin's user", 'res_a', KEY_A, () => userAdm, false],
      ['reseller A reads the admin', 'res_a', KEY_A, () => ({ id: 0 }), false],
      ['user A reads itself', 'user_a', KEY_A, () => userA, true],
      ['user A reads its reseller', 'user_a', KEY_A, () => resA, false],
      ['user A reads user B', 'user_a', KEY_A, () => userB, false],
      ["admin's user reads another admin's user", 'user_adm', undefined, () => acc, false],
      ['accountant reads any user', 'acc', undefined, () => userB, true],
    ])('%s: allowed %s', async (_name, u, key, target, allowed) => {
      const r = await t.call('user_details_get', { user_id: String(target().id) }, as(u, key));
      if (allowed) expect(r.xml.page.userid).toBe(String(target().id));
      else expect(errorOf(r.xml)).toBe('User was not found');
    });
  });

  describe('user_details_raw_get', () => {
    it('returns stored fields without the password', async () => {
      const r = await t.call('user_details_raw_get', { user_id: String(userA.id) });
      expect(r.xml.page.user.username).toBe('user_a');
      expect(r.xml.page.user.owner_id).toBe(String(resA.id));
      expect(r.xml.page.user).not.toHaveProperty('password');
    });

    it('is scoped like user_details_get', async () => {
      expect(errorOf((await t.call('user_details_raw_get', { user_id: String(userB.id) }, as('res_a', KEY_A))).xml)).toBe('User was not found');
    });
  });

  describe('users_get', () => {
    const ids = (r: { xml: any }) => [r.xml.page.status.users.user].flat().map((u: any) => u.id);

    it('admin with password sees everyone, with MOR fields', async () => {
      const r = await t.call('users_get', { p: 'admin-pass-1' });
      expect(ids(r)).toEqual(expect.arrayContaining(['0', String(resA.id), String(userA.id), String(userB.id)]));
      const row = [r.xml.page.status.users.user].flat().find((u: any) => u.username === 'user_a');
      expect(Object.keys(row)).toEqual(['id', 'username', 'first_name', 'last_name', 'balance', 'blocked', 'lcr_id', 'tariff_id', 'owner_id', 'usertype', 'hidden']);
    });

    it('a reseller sees only its users', async () => {
      const r = await t.call('users_get', { uniquehash: 'uhres_a' }, as('res_a', KEY_A));
      expect(ids(r)).toEqual([String(userA.id)]);
    });

    it('an accountant sees everyone', async () => {
      expect(ids(await t.call('users_get', { p: 'acc-pass-1' }, as('acc')))).toContain(String(userB.id));
    });

    it.each([
      ['wrong password', { p: 'nope' }],
      ['neither p nor uniquehash', {}],
      ['wrong uniquehash', { uniquehash: 'uhres_b' }],
    ])('%s: Access Denied', async (_name, params) => {
      expect(errorOf((await t.call('users_get', params as Record<string, string>)).xml)).toBe('Access Denied');
    });

    it('a simple user is refused', async () => {
      expect(errorOf((await t.call('users_get', { p: 'user-a-pass' }, as('user_a', KEY_A))).xml)).toBe('You are not authorized to view this page');
    });
  });

  describe('user_details_update', () => {
    const update = (params: Record<string, string>, signer: { u?: string; key?: string; hashOrder?: string[] } = {}) =>
      t.call('user_details_update', params, { hashOrder: ['user_id'], ...signer });

    it("a spy device (u7) must be one the caller reaches: another reseller's is refused", async () => {
      const theirs = await createDevice(t, userB.id);
      const mine = await createDevice(t, userA.id);
      expect(errorOf((await update({ user_id: String(userA.id), u7: String(theirs.id) }, as('res_a', KEY_A))).xml)).toBe('User was not updated');
      expect(errorOf((await update({ user_id: String(userA.id), u7: '999999' })).xml)).toBe('User was not updated');
      expect((await update({ user_id: String(userA.id), u7: String(mine.id) }, as('res_a', KEY_A))).xml.page.status).toBe('User was updated');
      expect((await t.db.getRepository(User).findOneByOrFail({ id: userA.id })).spy_device_id).toBe(mine.id);
    });

    it('a PBX pool (u29) must exist; a reseller may set only the Global pool', async () => {
      await t.call('pbx_pool_create', { name: 'audit-pool' });
      const [pool] = await t.db.query("SELECT id FROM pbx_pools WHERE name = 'audit-pool'");
      expect(errorOf((await update({ user_id: String(userA.id), u29: String(pool.id) }, as('res_a', KEY_A))).xml)).toBe('User was not updated');
      expect(errorOf((await update({ user_id: String(userA.id), u29: '999999' })).xml)).toBe('User was not updated');
      expect((await update({ user_id: String(userA.id), u29: '1' }, as('res_a', KEY_A))).xml.page.status).toBe('User was updated');
      expect((await update({ user_id: String(userAdm.id), u29: String(pool.id) })).xml.page.status).toBe('User was updated');
    });

    it('changes only what is sent, with the full documented hash', async () => {
      const params = { user_id: String(userAdm.id), u23: 'Zed', u17: 'Zulu', u15: '1', credit: '25.5', ay: '2024', am: '2', ad: '29', i1: '2', i4: '16' };
      const r = await t.call('user_details_update', params);
      expect(r.xml.page.status).toBe('User was updated');
      const row = await t.db.getRepository(User).findOneByOrFail({ id: userAdm.id });
      expect([row.first_name, row.last_name, row.blocked, row.credit, row.agreement_date, row.send_invoice_types]).toEqual(['Zed', 'Zulu', 1, '25.500000', '2024-02-29', 18]);
      expect(row.username).toBe('user_adm');
    });

    it('accepts the user_id-only hash form', async () => {
      expect((await update({ user_id: String(userAdm.id), u33: 'note' })).xml.page.status).toBe('User was updated');
    });

    it('changes the password (stored hashed)', async () => {
      await update({ user_id: String(userAdm.id), pswd: 'new-pass-9', u15: '0' });
      const login = await t.call('user_login', { p: 'new-pass-9' }, { u: 'user_adm' });
      expect(login.xml.action.status).toBe('ok');
      const [{ password }] = await t.db.query('SELECT password FROM users WHERE id = ?', [userAdm.id]);
      expect(password).not.toContain('new-pass-9');
    });

    it.each([
      ['no user_id', {}, 'User id must be present'],
      ['empty user_id', { user_id: '' }, 'User id must be present'],
      ['non-numeric user_id', { user_id: 'x1' }, 'User id must be non negative integer'],
      ['negative user_id', { user_id: '-4' }, 'User id must be non negative integer'],
      ['unknown user', { user_id: '98765' }, 'User was not found'],
      ['unknown tariff', { u5: '777' }, 'Tariff not found'],
      ['bad responsible accountant', { u31: '12345' }, 'Responsible accountant is not valid'],
      ['bad flag', { u15: '7' }, 'User was not updated'],
      ['bad decimal', { credit: '1e9' }, 'User was not updated'],
      ['bad date', { ay: '2023', am: '2', ad: '30' }, 'User was not updated'],
      ['taken username', { u9: 'user_b' }, 'User was not updated'],
      ['10 kB first name', { u23: 'x'.repeat(10_000) }, 'User was not updated'],
    ])('%s: %s', async (_name, params, text) => {
      const p = { user_id: String(userAdm.id), ...params } as Record<string, string>;
      if (!('user_id' in params) && _name === 'no user_id') delete p.user_id;
      if ('user_id' in params) p.user_id = (params as Record<string, string>).user_id;
      expect(errorOf((await update(p)).xml)).toBe(text);
    });

    it('sets a responsible accountant and clears it with -1', async () => {
      await update({ user_id: String(userAdm.id), u31: String(acc.id) });
      expect((await t.db.getRepository(User).findOneByOrFail({ id: userAdm.id })).responsible_accountant_id).toBe(acc.id);
      await update({ user_id: String(userAdm.id), u31: '-1' });
      expect((await t.db.getRepository(User).findOneByOrFail({ id: userAdm.id })).responsible_accountant_id).toBeNull();
    });

    it("a reseller assigns its own tariff, the admin's only when allowed", async () => {
      await t.db.query("INSERT INTO tariffs (name, purpose, owner_id, currency) VALUES ('adm-retail', 'user', 0, 'USD'), ('resA-retail', 'user', ?, 'USD')", [resA.id]);
      const [{ id: admTariff }] = await t.db.query("SELECT id FROM tariffs WHERE name = 'adm-retail'");
      const [{ id: ownTariff }] = await t.db.query("SELECT id FROM tariffs WHERE name = 'resA-retail'");
      const byResA = (tariff: number) => update({ user_id: String(userA.id), u5: String(tariff) }, { u: 'res_a', key: KEY_A });
      expect((await byResA(ownTariff)).xml.page.status).toBe('User was updated');
      expect(errorOf((await byResA(admTariff)).xml)).toBe('Tariff not found');
      await t.settings.set('allow_resellers_admin_tariffs', '1');
      expect((await byResA(admTariff)).xml.page.status).toBe('User was updated');
      await t.settings.set('allow_resellers_admin_tariffs', '0');
    });

    it.each([
      ["reseller A edits B's user", 'res_a', KEY_A, () => userB, 'User was not found', {}],
      ['reseller A gives itself credit', 'res_a', KEY_A, () => resA, 'You have no editing permission', { credit: '1000' }],
      ['reseller A unblocks itself', 'res_a', KEY_A, () => resA, 'You have no editing permission', { u15: '0' }],
      ["reseller A edits the admin's user", 'res_a', KEY_A, () => userAdm, 'User was not found', {}],
      ['user A edits itself', 'user_a', KEY_A, () => userA, 'You are not authorized to view this page', {}],
      ['accountant edits the admin', 'acc', undefined, () => ({ id: 0 }), 'You have no editing permission', {}],
    ])('%s: refused', async (_name, u, key, target, text, extra: Record<string, string>) => {
      expect(errorOf((await update({ user_id: String(target().id), u23: 'Hack', ...extra }, { u, key })).xml)).toBe(text);
    });

    it('a reseller changes its own personal details', async () => {
      expect((await update({ user_id: String(resA.id), u23: 'Renata', u22: 'rec@example.com' }, { u: 'res_a', key: KEY_A })).xml.page.status).toBe('User was updated');
      expect((await t.db.getRepository(User).findOneByOrFail({ id: resA.id })).first_name).toBe('Renata');
    });

    it('a refused update changes nothing', async () => {
      await update({ user_id: String(userAdm.id), u23: 'Kept' });
      await update({ user_id: String(userAdm.id), u23: 'Lost', u5: '777' });
      expect((await t.db.getRepository(User).findOneByOrFail({ id: userAdm.id })).first_name).toBe('Kept');
    });
  });

  describe('user_delete', () => {
    it('deletes a user and its devices', async () => {
      const doomed = await t.createUser({ username: 'doomed' });
      await t.db.query("INSERT INTO devices (user_id, device_type, name, secret, extension, callerid, pin, location_id, description) VALUES (?, 'SIP', 'doomed_dev', 's', '9001', '', '1', 1, '')", [doomed.id]);
      const r = await t.call('user_delete', { user_id: String(doomed.id) });
      expect(r.xml.page.status).toBe('User deleted');
      expect(await t.db.getRepository(User).findOneBy({ id: doomed.id })).toBeNull();
      expect(await t.db.query('SELECT id FROM devices WHERE user_id = ?', [doomed.id])).toHaveLength(0);
    });

    it.each([
      ['unknown user', () => ({ id: 55555 }), 'User was not found'],
      ['the admin', () => ({ id: 0 }), 'User was not found'],
      ['a reseller that has users', () => resA, 'Cannot delete user - he has users'],
    ])('%s: %s', async (_name, target, text) => {
      expect(errorOf((await t.call('user_delete', { user_id: String(target().id) })).xml)).toBe(text);
    });

    it.each([
      ['missing user_id', {}, 'User id must be present'],
      ['non-numeric user_id', { user_id: 'abc' }, 'User id must be non negative integer'],
    ])('%s', async (_name, params, text) => {
      expect(errorOf((await t.call('user_delete', params as Record<string, string>)).xml)).toBe(text);
    });

    it("a reseller cannot delete another reseller's user; can delete its own", async () => {
      const victim = await t.createUser({ username: 'victim_b', owner_id: resB.id });
      expect(errorOf((await t.call('user_delete', { user_id: String(victim.id) }, as('res_a', KEY_A))).xml)).toBe('User was not found');
      const mine = await t.createUser({ username: 'mine_a', owner_id: resA.id });
      expect((await t.call('user_delete', { user_id: String(mine.id) }, as('res_a', KEY_A))).xml.page.status).toBe('User deleted');
    });

    it('a simple user cannot delete', async () => {
      expect(errorOf((await t.call('user_delete', { user_id: String(userA.id) }, as('user_a', KEY_A))).xml)).toBe('You are not authorized to view this page');
    });
  });

  /** Requests racing for one name both pass the existence check; the unique index refuses the second with MOR's text, not a 500. */
  describe('concurrent duplicates', () => {
    const outcomes = (replies: Array<{ status: number; xml: any }>) => replies.map((r) => `${r.status} ${errorOf(r.xml) ?? 'ok'}`).sort();

    it('user_register: one user, the rest "Such username is already taken"', async () => {
      await t.settings.set('api_allow_registration', '1');
      const form = (i: number) => ({
        username: 'racer', first_name: 'R', last_name: 'C', email: `racer${i}@example.com`, device_type: 'SIP', country_id: '1', password: 'racer-pass-12', password2: 'racer-pass-12',
      });
      const replies = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => t.call('user_register', form(i), { u: '' })));
      expect(outcomes(replies)).toEqual(['200 Such username is already taken', '200 Such username is already taken', '200 Such username is already taken', '200 Such username is already taken', '200 Such username is already taken', '200 ok']);
      expect(await t.db.getRepository(User).countBy({ username: 'racer' })).toBe(1);
    });

    it('reseller_group_create: one group, the rest "Group name must be unique"', async () => {
      const replies = await Promise.all([0, 1, 2, 3].map(() => t.call('reseller_group_create', { name: 'racing-group' })));
      expect(outcomes(replies)).toEqual(['200 Group name must be unique', '200 Group name must be unique', '200 Group name must be unique', '200 ok']);
    });

    it('pbx_pool_create: one pool, the rest "PbxPool name must be unique"', async () => {
      const replies = await Promise.all([0, 1, 2].map(() => t.call('pbx_pool_create', { name: 'racing-pool' })));
      expect(outcomes(replies)).toEqual(['200 PbxPool name must be unique', '200 PbxPool name must be unique', '200 ok']);
    });

    it('user_details_update: two renames to one username, the second "User was not updated"', async () => {
      const [a, b] = [await t.createUser({ username: 'ren_1' }), await t.createUser({ username: 'ren_2' })];
      const replies = await Promise.all([a, b].map((u) => t.call('user_details_update', { user_id: String(u.id), u9: 'renamed_same' }, { hashOrder: ['user_id'] })));
      expect(outcomes(replies)).toEqual(['200 User was not updated', '200 ok']);
    });
  });
});
