import { TestApp, errorOf } from '../support/test-app';

const RKEY = 'reseller-key-4';

describe('Phonebooks', () => {
  let t: TestApp;
  let user: { id: number };
  const R = { u: 'res4', key: RKEY };
  const err = (r: { xml: any }) => errorOf(r.xml);

  beforeAll(async () => {
    t = await TestApp.start();
    user = await t.createUser({ username: 'pat' });
    await t.createReseller('res4', RKEY);
  });
  afterAll(async () => t.close());

  const add = (params: Record<string, string>, signer = {}) => t.call('phonebook_record_create', { user_id: String(user.id), ...params }, signer);

  it('creates records and lists them (alias too)', async () => {
    expect(err(await t.call('phonebooks_get', { user_id: String(user.id) }))).toBe('No Phonebooks');
    expect((await add({ number: '37060000001', name: 'Bob', speeddial: '11' })).xml.page.status.success).toBe('Record successfully added');
    const l = await t.call('phonebooks', { user_id: String(user.id) });
    expect(l.xml.page.phonebooks.phonebook).toMatchObject({ name: 'Bob', number: '37060000001', speeddial: '11' });
  });

  it('refuses each invalid record with MOR\'s text', async () => {
    expect(err(await add({ number: '1', name: '', speeddial: '12' }))).toBe('Speed Dial name must be provided');
    expect(err(await add({ number: '', name: 'n', speeddial: '12' }))).toBe('Record number should have at least one digit');
    expect(err(await add({ number: '1a', name: 'n', speeddial: '12' }))).toBe('Record number must be numeric');
    expect(err(await add({ number: '1', name: 'n', speeddial: '1x' }))).toBe('Speed Dial must be numeric');
    expect(err(await add({ number: '1', name: 'n', speeddial: '1' }))).toBe('Speed Dial should have at least two digits');
    await add({ number: '1', name: 'n', speeddial: '21' });
    expect(err(await add({ number: '2', name: 'm', speeddial: '21' }))).toBe('Speed dial must be unique');
    expect(err(await t.call('phonebook_record_create', { user_id: '9999', number: '1', name: 'n', speeddial: '22' }))).toBe('User was not found');
    expect(err(await add({ number: '1', name: 'n', speeddial: '23' }, R))).toBe('User was not found');
    expect(err(await t.call('phonebooks_get', { user_id: String(user.id) }, R))).toBe('User was not found');
  });

  it('edits; not saved carries a message', async () => {
    const r = await add({ number: '5', name: 'e', speeddial: '31' });
    expect(r.xml.page.status.success).toBe('Record successfully added');
    const rows = [].concat((await t.call('phonebooks_get', { user_id: String(user.id) })).xml.page.phonebooks.phonebook);
    const id = (rows.find((x: any) => x.speeddial === '31') as any).id;
    expect((await t.call('phonebook_edit', { phonebook_id: id, name: 'edited', number: '6' })).xml.page.status).toBe('Phonebook saved');
    const bad = await t.call('phonebook_edit', { phonebook_id: id, speeddial: '11' });
    expect(bad.xml.page).toEqual({ error: 'Phonebook was not saved', message: 'Speed dial must be unique' });
    expect(err(await t.call('phonebook_edit', { phonebook_id: '9999' }))).toBe('Phonebook was not found');
    expect(err(await t.call('phonebook_edit', { phonebook_id: id }, R))).toBe('Phonebook was not found');
  });
});
