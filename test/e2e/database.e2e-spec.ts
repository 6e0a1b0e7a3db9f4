import { User } from '../../src/families/users/user.entity';
import { TestApp, freshDatabase } from '../support/test-app';

/** Start-up on a database: migrations, the first-start seed, restarts and processes starting together. */
describe('database start-up', () => {
  it('a restart keeps data and seeds nothing twice', async () => {
    const { url, drop } = await freshDatabase();
    const first = await TestApp.startOn(url);
    await first.createUser({ username: 'survivor' });
    await first.app.close();
    const second = await TestApp.startOn(url, drop, { MOR_API_SECRET_KEY: 'ignored-after-first-start' });
    try {
      expect(await second.db.getRepository(User).countBy({ id: 0 })).toBe(1);
      expect(await second.db.getRepository(User).findOneBy({ username: 'survivor' })).not.toBeNull();
      expect((await second.call('user_details_get', { user_id: '0' })).xml.page.userid).toBe('0');
    } finally {
      await second.close();
    }
  });

  it('processes starting together on an empty database migrate and seed once', async () => {
    const { url, drop } = await freshDatabase();
    const apps = await Promise.all([TestApp.startOn(url), TestApp.startOn(url), TestApp.startOn(url)]);
    try {
      const [{ n }] = await apps[0].db.query('SELECT COUNT(*) AS n FROM users');
      expect(Number(n)).toBe(1);
      const [{ m }] = await apps[0].db.query("SELECT COUNT(*) AS m FROM conflines WHERE name = 'api_secret_key'");
      expect(Number(m)).toBe(1);
      for (const app of apps) expect((await app.call('user_details_get', { user_id: '0' })).xml.page.userid).toBe('0');
    } finally {
      for (const app of apps) await app.app.close();
      await drop();
    }
  });
});
