import { MorRegistry } from '../../src/api/registry.service';
import { TestApp } from '../support/test-app';

describe('API explorer routes', () => {
  it('are absent unless API_EXPLORER is on', async () => {
    const t = await TestApp.start();
    try {
      for (const url of ['/explorer', '/explorer/methods.json', '/explorer/explorer.js']) expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  describe('API_EXPLORER=on', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await TestApp.start({ API_EXPLORER: 'on' });
    });
    afterAll(() => t.close());

    it('serves the page with a policy that allows only its own scripts and this server', async () => {
      const r = await t.app.inject({ method: 'GET', url: '/explorer' });
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(r.body).toContain('<script src="/explorer/explorer.js" defer></script>');
      for (const asset of ['/explorer/explorer.js', '/explorer/sha1.js', '/explorer/explorer.css']) expect((await t.app.inject({ method: 'GET', url: asset })).statusCode).toBe(200);
    });

    it('lists every method of the registry with aliases, params, hash order, roles and error texts', async () => {
      const { methods } = (await t.app.inject({ method: 'GET', url: '/explorer/methods.json' })).json();
      const registry = t.app.get(MorRegistry).methods();
      expect(methods.map((m: any) => m.name)).toEqual(registry.map((m) => m.name));
      const details = methods.find((m: any) => m.name === 'user_details_get');
      expect(details).toMatchObject({ aliases: ['user_details'], family: 'User', hash: ['user_id', 'username'], errorEnvelope: 'page' });
      expect(details.roles).toContain('admin');
      expect(details.params.find((p: any) => p.name === 'user_id')).toMatchObject({ hashPosition: 1 });
      expect(details.errors).toContain('Incorrect hash');
    });
  });
});
