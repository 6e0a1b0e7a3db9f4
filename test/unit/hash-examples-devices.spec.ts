import 'reflect-metadata';
import { morHash } from '../../src/api/hash';
import { MOR_METHOD, MorMethodOptions } from '../../src/api/mor-method.decorator';
import { DevicePartsController } from '../../src/families/devices/device-parts.controller';
import { DevicesController } from '../../src/families/devices/devices.controller';
import { DidsController } from '../../src/families/dids/dids.controller';
import { NumberPoolsController } from '../../src/families/number-pools/number-pools.controller';
import { PhonebooksController } from '../../src/families/phonebooks/phonebooks.controller';
import { QuickforwardsController } from '../../src/families/quickforwards/quickforwards.controller';

const CONTROLLERS = [DevicesController, DevicePartsController, DidsController, PhonebooksController, QuickforwardsController, NumberPoolsController];

/** The options a method registers, read from its @MorMethod metadata. */
function registered(name: string): MorMethodOptions {
  for (const controller of CONTROLLERS) {
    const proto = controller.prototype as unknown as Record<string, object>;
    for (const key of Object.getOwnPropertyNames(proto)) {
      const options: MorMethodOptions | undefined = Reflect.getMetadata(MOR_METHOD, proto[key]);
      if (options?.name === name) return options;
    }
  }
  throw new Error(`${name} is not registered`);
}

/** Reference 04 §0.4: wiki example hashes verified locally, replayed through each method's registered order. */
describe('hash examples (devices, DIDs, phonebooks, quickforwards)', () => {
  const cases: Array<[string, Record<string, string>, string, string]> = [
    ['dids_get', {}, 'secret', 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4'],
    ['device_clis_get', {}, 'secret', 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4'],
    ['cli_info_get', {}, 'secret', 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4'],
    ['quickforwards_dids_get', {}, 'secret', 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4'],
    ['number_pools_get', {}, 'secret', 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4'],
    ['number_pool_create', { name: 'pool' }, 'secret', 'e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4'],
    ['device_delete', { device: '123' }, '456789', 'f7c3bc1d808e04732adf679965ccc34ca7ae3441'],
    ['phonebooks_get', { user_id: '123' }, '456789', 'f7c3bc1d808e04732adf679965ccc34ca7ae3441'],
    ['devices_get', { user_id: '100' }, '456789', '71516eea4850f7e0300ac86adf9fb64bca845aa7'],
    ['device_callflow_get', { device_id: '100' }, '456789', '71516eea4850f7e0300ac86adf9fb64bca845aa7'],
    ['device_details_get', { device_id: '5' }, '456789', '65fd575c441513bd114b84c7dbdb01e0f2716d27'],
    ['did_details_update', { did_id: '6511' }, 'secret', 'f7de355c9b4421ce6c705b4b32c89dbcaca51e46'],
    ['did_rates_update', { did: '370123456789', rate: '0.5', s_rate_type: 'provider' }, 'secret', 'a2ceb0323d6a76a9fc9b66a21d321ae618c40296'],
    ['quickforwards_did_update', { did: '37060503666', forward_to: '37066603777', description: 'abyss' }, '123456', 'b12dbb15d59356af0fd75dc413ebd07a5b852d15'],
    ['quickforwards_did_update', { did: '37060503666', forward_to: '37066603777', description: 'abyss' }, 'supervagis', 'ac0edcc1934d8faae6c89c00fed967d0e4a6860f'],
  ];

  it.each(cases)('%s %j with key %s', (method, params, key, expected) => {
    expect(morHash(params, registered(method).hash, key)).toBe(expected);
  });

  it('number pool methods also accept the secret-only examples (D-13)', () => {
    for (const method of ['number_pool_update', 'number_pool_delete', 'number_pool_numbers_create', 'number_pool_numbers_delete']) {
      const orders = [registered(method).hash, ...(registered(method).hashAlso ?? [])];
      expect(orders.map((o) => morHash({ number_pool_id: '2' }, o, 'secret'))).toContain('e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4');
    }
  });

  it("device_details_get with only device_u hashes it in device_id's place (D-3)", () => {
    const orders = [registered('device_details_get').hash, ...(registered('device_details_get').hashAlso ?? [])];
    expect(orders.map((o) => morHash({ device_u: '5' }, o, '456789'))).toContain('65fd575c441513bd114b84c7dbdb01e0f2716d27');
  });
});
