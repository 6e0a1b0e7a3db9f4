import { NumberPoolNumber, NumberPoolUser } from '../../src/families/number-pools/number-pool.entity';
import { TestApp, errorOf } from '../support/test-app';

const RKEY = 'reseller-key-3';

describe('Number pools', () => {
  let t: TestApp;
  const R = { u: 'res3', key: RKEY };
  const err = (r: { xml: any }) => errorOf(r.xml);
  const success = (r: { xml: any }) => r.xml.page.status.success;

  beforeAll(async () => {
    t = await TestApp.start();
    await t.createReseller('res3', RKEY);
  });
  afterAll(async () => t.close());

  async function newPool(name = 'p', signer = {}): Promise<string> {
    const r = await t.call('number_pool_create', { name, comment: 'c' }, signer);
    expect(success(r)).toBe('Number Pool created');
    return r.xml.page.status.number_pool_id;
  }

  it('creates, lists, updates and deletes', async () => {
    const id = await newPool('first');
    const l = await t.call('number_pools_get', { number_pool_id: id });
    expect(l.xml.page.status.number_pools.number_pool).toEqual({ id, name: 'first', comment: 'c', owner_id: '0' });
    expect(success(await t.call('number_pool_update', { number_pool_id: id, name: 'renamed' }))).toBe('Number Pool updated');
    expect(success(await t.call('number_pool_update', { number_pool_id: id, comment: 'x' }, { hashOrder: [] }))).toBe('Number Pool updated');
    expect(success(await t.call('number_pool_update', { number_pool_id: id }))).toBe('Number Pool updated');
    expect(err(await t.call('number_pool_update', { number_pool_id: id, name: 'n'.repeat(256) }))).toBe('Number Pool was not updated');
    expect(err(await t.call('number_pool_create', { name: 'n'.repeat(256) }))).toBe('Number Pool was not created');
    expect((await t.call('number_pools_get', { number_pool_id: id })).xml.page.status.number_pools.number_pool.name).toBe('renamed');
    expect(success(await t.call('number_pool_delete', { number_pool_id: id }))).toBe('Number Pool deleted');
    expect(err(await t.call('number_pool_delete', { number_pool_id: id }))).toBe('Number Pool was not found');
  });

  it('accepts the client\'s hash of number_pool_create (name), as MOR\'s own order hashes name; refuses another', async () => {
    expect(success(await t.call('number_pool_create', { name: 'by-name' }, { hashOrder: ['name'] }))).toBe('Number Pool created');
    expect(err(await t.call('number_pool_create', { name: 'n2' }, { hashOrder: ['name', 'u'] }))).toBe('Incorrect hash');
  });

  it('adds thousands of numbers in one call, reports duplicates, lists with paging', async () => {
    const id = await newPool('big');
    const many = Array.from({ length: 5000 }, (_, i) => `3706${String(i).padStart(5, '0')}`);
    const started = Date.now();
    const r = await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: [...many, '370%', '#14', many[0]].join(',') }, { via: 'form' });
    expect(Date.now() - started).toBeLessThan(10000);
    expect(r.xml.page.status).toMatchObject({ success: "Number Pool's Numbers created", numbers_created: '5002', numbers_duplicate: '1' });
    const again = await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: `${many[1]},+44123` }, { via: 'form' });
    expect(again.xml.page.status).toMatchObject({ numbers_created: '1', numbers_duplicate: '1' });
    expect(await t.db.getRepository(NumberPoolNumber).countBy({ number_pool_id: Number(id) })).toBe(5003);
    expect(await t.db.getRepository(NumberPoolNumber).existsBy({ number_pool_id: Number(id), number: '_14' })).toBe(true);
    const page = await t.call('number_pools_get', { number_pool_id: id, show_numbers: '1', number_limit_row_count: '2', number_limit_offset: '1' });
    expect(page.xml.page.status.number_pools.number_pool.numbers.number.map((n: any) => n.number)).toEqual([many[1], many[2]]);
  });

  it('refuses empty and malformed numbers', async () => {
    const id = await newPool();
    expect(err(await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: ' , ' }))).toBe('Numbers cannot be empty');
    expect(err(await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: '12,3$4' }))).toBe('Invalid numbers format');
    expect(err(await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: `12,${'1'.repeat(101)}` }))).toBe('Invalid numbers format');
    expect(await t.db.getRepository(NumberPoolNumber).countBy({ number_pool_id: Number(id) })).toBe(0);
    expect(err(await t.call('number_pool_numbers_create', { number_pool_id: '9999', numbers: '1' }))).toBe('Number Pool was not found');
  });

  it('deletes numbers by id, by value and all', async () => {
    const id = await newPool();
    await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: '1,2,3,4' });
    const rows = await t.db.getRepository(NumberPoolNumber).find({ where: { number_pool_id: Number(id) }, order: { id: 'ASC' } });
    expect(success(await t.call('number_pool_numbers_delete', { number_pool_id: id, number_ids: String(rows[0].id), numbers: '2' }))).toBe("Number Pool's selected Numbers deleted");
    expect(await t.db.getRepository(NumberPoolNumber).countBy({ number_pool_id: Number(id) })).toBe(2);
    expect(err(await t.call('number_pool_numbers_delete', { number_pool_id: id, numbers: '99' }))).toBe('Number Pool Numbers not found');
    expect(err(await t.call('number_pool_numbers_delete', { number_pool_id: id, number_ids: 'a' }))).toBe('Invalid numbers format');
    expect(success(await t.call('number_pool_numbers_delete', { number_pool_id: id, delete_all: '1' }))).toBe("Number Pool's selected Numbers deleted");
    expect(err(await t.call('number_pool_numbers_delete', { number_pool_id: id, delete_all: '1' }))).toBe('Number Pool Numbers not found');
  });

  it('shows linked users and keeps a pool in use', async () => {
    const id = await newPool();
    const u = await t.createUser({ username: 'pooluser' });
    await t.db.getRepository(NumberPoolUser).insert({ number_pool_id: Number(id), user_id: u.id, list_type: 'white' });
    await t.call('number_pool_numbers_create', { number_pool_id: id, numbers: '5' });
    const l = await t.call('number_pools_get', { number_pool_id: id, show_numbers: '1', user_ids: 'all' });
    expect(l.xml.page.status.number_pools.number_pool.numbers.number.users.user).toEqual({ id: String(u.id), username: 'pooluser', list_type: 'white' });
    expect(err(await t.call('number_pool_delete', { number_pool_id: id }))).toBe('Number Pool Numbers are in use');
  });

  it('a reseller has its own pools and is denied the admin\'s', async () => {
    const adminPool = await newPool('admins');
    const own = await newPool('mine', R);
    const l = await t.call('number_pools_get', {}, R);
    expect([].concat(l.xml.page.status.number_pools.number_pool).map((p: any) => p.id)).toEqual([own]);
    for (const m of ['number_pool_update', 'number_pool_delete', 'number_pool_numbers_delete']) {
      expect(err(await t.call(m, { number_pool_id: adminPool, delete_all: '1' }, R))).toBe('Number Pool was not found');
    }
    expect(err(await t.call('number_pool_numbers_create', { number_pool_id: adminPool, numbers: '1' }, R))).toBe('Number Pool was not found');
    expect(err(await t.call('number_pools_get', { number_pool_id: adminPool }, R))).toBe('Number Pool was not found');
    await t.createUser({ username: 'npu', password: 'secret-pass-1' });
  });
});
