import { createDevice, createProvider } from '../support/device-fixtures';
import { TestApp, errorOf } from '../support/test-app';

describe('Quickforwards and PBX pools', () => {
  let t: TestApp;
  let P = '';
  const err = (r: { xml: any }) => errorOf(r.xml);

  beforeAll(async () => {
    t = await TestApp.start();
    P = await createProvider(t, 'qf-prov');
  });
  afterAll(async () => t.close());

  it('admin sets and lists quick forwards; refuses an unknown DID', async () => {
    expect(err(await t.call('quickforwards_dids_get'))).toBe('Quickforwards list is empty');
    await t.call('did_create', { provider_id: P, did: '37060503666' });
    const r = await t.call('quickforwards_did_update', { did: '37060503666', forward_to: '37066603777', description: 'abyss' });
    expect(r.xml.page.new_quickforward_did).toEqual({ did: '37060503666', forward_to: '37066603777', description: 'abyss' });
    const l = await t.call('quickforwards_dids_get');
    expect(l.xml.page.quick_forward_did).toEqual({ did: '37060503666', forward_to: '37066603777', description: 'abyss' });
    expect(err(await t.call('quickforwards_did_update', { did: '1', forward_to: '2' }))).toBe('DID was not found');
  });

  it('a simple user uses only its own DIDs', async () => {
    const user = await t.createUser({ username: 'qfu' });
    const device = await createDevice(t, user.id);
    await t.call('did_create', { provider_id: P, did: '37060503667' });
    await t.call('did_create', { provider_id: P, did: '37060503668' });
    await t.call('did_device_assign', { device_id: String(device.id), did: '37060503667' });
    const U = { u: 'qfu' };
    expect(err(await t.call('quickforwards_did_update', { did: '37060503668', forward_to: '1' }, U))).toBe('DID was not found');
    expect((await t.call('quickforwards_did_update', { did: '37060503667', forward_to: '1' }, U)).xml.page.new_quickforward_did.did).toBe('37060503667');
    expect((await t.call('quickforwards_dids_get', {}, U)).xml.page.quick_forward_did.did).toBe('37060503667');
    expect(err(await t.call('quickforwards_did_update', { did: '37060503667', forward_to: '1'.repeat(101) }, U))).toBe('DID was not found');
    // A forward whose DID is gone is not listed.
    await t.db.query("DELETE FROM dids WHERE did = '37060503667'");
    expect(err(await t.call('quickforwards_dids_get', {}, U))).toBe('Quickforwards list is empty');
  });

  it('an accountant has no quick forwards', async () => {
    await t.createUser({ username: 'qfacc', usertype: 'accountant' });
    expect(err(await t.call('quickforwards_dids_get', {}, { u: 'qfacc' }))).toBe('You are not authorized to use Quickforwards');
  });

  it('pbx_pool_create', async () => {
    expect((await t.call('pbx_pool_create', { name: 'Sales', comment: 'x' })).xml.page.status.success).toBe('PbxPool was succesfully created');
    expect(err(await t.call('pbx_pool_create', { name: 'Sales' }))).toBe('PbxPool name must be unique');
    expect(err(await t.call('pbx_pool_create', { name: 'Global' }))).toBe('PbxPool name must be unique');
    expect(err(await t.call('pbx_pool_create', {}))).toBe('PbxPool must have name');
    await t.createReseller('res5', 'rk5');
    expect(err(await t.call('pbx_pool_create', { name: 'R' }, { u: 'res5', key: 'rk5' }))).toBe('You are not authorised to use this functionality');
  });
});
