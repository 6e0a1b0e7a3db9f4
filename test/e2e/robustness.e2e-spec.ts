import { getMetadataStorage } from 'class-validator';
import { MorMethodOptions } from '../../src/api/mor-method.decorator';
import { MorRegistry } from '../../src/api/registry.service';
import { CONFLINE_RULES } from '../../src/families/conflines/confline-rules';
import { BAD_VALUES, answerProblem, sweepMethod } from '../support/sweep';
import { TestApp } from '../support/test-app';

/**
 * Registry-wide: every registered method (new families are picked up automatically), signed by
 * the admin, gets each param it knows alone with each bad value kind; every reply must be a
 * MOR-style answer (HTTP 200, XML that parses, never the generic 'Internal error').
 */

/** Params many methods read whatever their hash or DTO says. */
const COMMON = ['user_id', 'id', 'did_id', 'device_id', 'tariff_id', 'lcr_id', 'provider_id', 'name'];
/** Identify the caller and sign the request: the pipeline suites sweep them. */
const PIPELINE = new Set(['u', 'hash']);
/** Params a method reads that neither its hash nor a DTO declares. */
const UNDECLARED: Record<string, string[]> = {
  // A valid-looking value here would change the admin's key and lock this suite out; its checks are in conflines tests.
  conflines_update: CONFLINE_RULES.map((r) => r.param).filter((p) => p !== 'api_secret_key'),
};

function dtoProperties(dto: (new () => object) | undefined): string[] {
  if (!dto) return [];
  return getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName);
}

export function paramsOf(method: MorMethodOptions): string[] {
  const names = [...method.hash, ...(method.hashAlso ?? []).flat(), ...dtoProperties(method.input), ...(UNDECLARED[method.name] ?? []), ...COMMON];
  return [...new Set(names)].filter((n) => !PIPELINE.has(n));
}

describe('Robustness: every method answers bad input in XML, never a 500', () => {
  let t: TestApp;
  let methods: MorMethodOptions[];

  beforeAll(async () => {
    t = await TestApp.start();
    methods = t.app.get(MorRegistry).methods();
  });
  afterAll(async () => t.close());

  it('sweeps every registered method', async () => {
    expect(methods.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let calls = 0;
    const started = Date.now();
    for (const method of methods) {
      const names = paramsOf(method);
      calls += names.length;
      failures.push(...(await sweepMethod(t, method.name, names, { text: method.reply === 'text' })));
    }
    // The admin is still itself afterwards (no sweep value renamed it or changed its key).
    expect((await t.call('user_details_get', { user_id: '0' })).xml.page.details?.username ?? 'admin').toBe('admin');
    console.log(`robustness sweep: ${methods.length} methods, ${calls} params, ${calls * Object.keys(BAD_VALUES).length} requests, ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
  }, 600_000);

  /**
   * Odd request shapes, sent twice: as is (the hash guard answers most of them) and again with
   * Disable hash checking on, so every shape reaches the DTO and the handler.
   */
  it('every method answers odd request shapes: JSON arrays and objects, repeated params, broken multipart', async () => {
    const failures: string[] = [];
    let requests = 0;
    const json = (body: unknown) => ({ rawBody: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const jsonRaw = (raw: string) => ({ rawBody: raw, headers: { 'content-type': 'application/json' } });
    const multipart = (body: string, boundary = 'b') => ({ rawBody: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const part = (name: string, value: string, extra = '') => `--b\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
    const each = (names: string[], value: unknown) => Object.fromEntries(names.map((n) => [n, value]));
    try {
      for (const hashOff of ['0', '1']) {
        await t.settings.set('disable_hash_checking', hashOff);
        for (const method of methods) {
          const names = paramsOf(method);
          const shapes: [string, Parameters<TestApp['send']>[2], Record<string, string>][] = [
            ['JSON arrays', json({ u: 'admin', ...each(names, ['1', '2']) }), {}],
            ['JSON empty and nested arrays', json({ u: 'admin', ...Object.fromEntries(names.map((n, i) => [n, i % 2 ? [] : [['1'], { a: 1 }]])) }), {}],
            ['JSON objects', json({ u: 'admin', ...each(names, { a: { b: [1] } }) }), {}],
            ['JSON numbers, booleans, null', json({ u: 'admin', ...Object.fromEntries(names.map((n, i) => [n, [1.5, -0, true, null, 1e21][i % 5]])) }), {}],
            ['JSON number past double', jsonRaw(`{"u":"admin",${names.map((n) => `"${n}":1e400`).join(',')}}`), {}],
            ['JSON 70k strings', json({ u: 'admin', ...each(names, '7'.repeat(70000)) }), {}],
            ['JSON top-level array', json([{ u: 'admin' }]), {}],
            ['JSON 100k deep', jsonRaw(`${'['.repeat(100000)}${']'.repeat(100000)}`), {}],
            ['JSON truncated', jsonRaw('{"u":"admin","id":'), {}],
            ['repeated params', {}, Object.fromEntries(names.map((n) => [n, '1&' + n + '=2']))],
            ['repeated params, padded and signed', {}, Object.fromEntries(names.map((n) => [n, '%2B1&' + n + '=%2005&' + n + '=-0']))],
            ['multipart without boundary', { rawBody: 'x', headers: { 'content-type': 'multipart/form-data' } }, {}],
            ['broken multipart', multipart('--b\r\nContent-Disposition: form-data; name="u"\r\n\r\nadmin'), {}],
            ['multipart without closing boundary', multipart(names.map((n) => part(n, '5')).join('')), {}],
            ['multipart part without name', multipart(`--b\r\nContent-Disposition: form-data\r\n\r\n5\r\n--b--\r\n`), {}],
            ['multipart params as files', multipart(`${names.map((n) => part(n, '5', '; filename="x.txt"')).join('')}--b--\r\n`), {}],
            ['multipart repeated params', multipart(`${names.map((n) => part(n, '1') + part(n, '2')).join('')}--b--\r\n`), {}],
            ['multipart 70k values', multipart(`${names.map((n) => part(n, '7'.repeat(70000))).join('')}--b--\r\n`), {}],
            ['multipart wrong boundary', multipart(`${part('u', 'admin')}--b--\r\n`, 'other'), {}],
          ];
          for (const [shape, options, query] of shapes) {
            const path = `${method.name}?${Object.entries({ u: 'admin', ...query }).map(([k, v]) => `${k}=${v}`).join('&')}`;
            requests++;
            const problem = answerProblem(await t.send(path, {}, { ...options, via: 'query' }), { text: method.reply === 'text' });
            if (problem) failures.push(`${method.name} (${shape}, hash checking ${hashOff === '1' ? 'off' : 'on'}): ${problem}`);
          }
        }
      }
    } finally {
      await t.settings.set('disable_hash_checking', '0');
    }
    console.log(`request-shape sweep: ${methods.length} methods, ${requests} requests`);
    expect(failures).toEqual([]);
  }, 600_000);

  it('stored text with control characters renders as * (MOR renders through Ruby Builder), not a 500', async () => {
    await t.settings.set('api_allow_registration', '1');
    expect((await t.call('reseller_group_create', { name: 'ctl\u0001group\u001f', rg_description: 'd\u0000' })).xml.page.status.success).toBe('Reseller Group successfully created');
    const r = await t.call('reseller_groups_get');
    expect(r.status).toBe(200);
    const groups = [r.xml.page.reseller_groups.reseller_group].flat();
    expect(groups).toContainEqual(expect.objectContaining({ name: 'ctl*group*', description: 'd*' }));
  });
});
