import { User } from '../../src/families/users/user.entity';
import { acquireSchemaLock, SCHEMA_LOCK_TABLE } from '../../src/database/schema-lock';
import { ON_MYSQL, TestApp, freshDatabase } from '../support/test-app';

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

  (ON_MYSQL ? it : it.skip)('a server on the same host reaches MariaDB through its Unix socket (?socket=)', async () => {
    const { url, drop } = await freshDatabase();
    const tcp = await TestApp.startOn(url);
    const [{ socket }] = await tcp.db.query('SELECT @@socket AS socket');
    await tcp.app.close();
    const viaSocket = new URL(url);
    viaSocket.hostname = 'localhost';
    viaSocket.searchParams.set('socket', socket);
    const app = await TestApp.startOn(viaSocket.toString(), drop);
    try {
      const [{ host }] = await app.db.query('SELECT host FROM information_schema.processlist WHERE id = CONNECTION_ID()');
      expect(host).toBe('localhost');
      expect((await app.call('user_details_get', { user_id: '0' })).xml.page.userid).toBe('0');
    } finally {
      await app.close();
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

  it('every table has a primary key (Galera certifies and applies rows by key)', async () => {
    const app = await TestApp.start();
    try {
      const tables: { name: string }[] = ON_MYSQL
        ? await app.db.query(`SELECT t.table_name AS name FROM information_schema.tables t
             WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE' AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c
               WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY') ORDER BY 1`)
        : await app.db.query(`SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
             AND NOT EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.pk > 0) ORDER BY 1`);
      const [{ n }] = await app.db.query(ON_MYSQL ? 'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()' : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'");
      expect(Number(n)).toBeGreaterThan(30);
      expect(tables.map((t) => t.name)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  (ON_MYSQL ? describe : describe.skip)('the schema lock row (MariaDB; it replaces GET_LOCK, which a Galera cluster does not share)', () => {
    it('one holder at a time: the second waits until the first releases', async () => {
      const app = await TestApp.start();
      try {
        const first = await acquireSchemaLock(app.db, { name: 'test-turns' });
        const order: string[] = [];
        const second = acquireSchemaLock(app.db, { name: 'test-turns', pollMs: 20 }).then((lock) => {
          order.push('second');
          return lock;
        });
        await new Promise((resolve) => setTimeout(resolve, 200));
        order.push('first releases');
        await first.release();
        await (await second).release();
        expect(order).toEqual(['first releases', 'second']);
        expect(await app.db.query(`SELECT * FROM ${SCHEMA_LOCK_TABLE} WHERE name = 'test-turns'`)).toEqual([]);
      } finally {
        await app.close();
      }
    });

    it('a claim left by a process that died is taken over once it expires, and a waiter gives up at its deadline', async () => {
      const app = await TestApp.start();
      try {
        await app.db.query(`INSERT INTO ${SCHEMA_LOCK_TABLE} (name, holder, expires_at) VALUES ('test-dead', 'dead-process', UNIX_TIMESTAMP() + 1)`);
        const lock = await acquireSchemaLock(app.db, { name: 'test-dead', pollMs: 50, waitSeconds: 10 });
        const [row] = await app.db.query(`SELECT holder FROM ${SCHEMA_LOCK_TABLE} WHERE name = 'test-dead'`);
        expect(row.holder).toBe(lock.holder);
        await expect(acquireSchemaLock(app.db, { name: 'test-dead', pollMs: 50, waitSeconds: 0.3 })).rejects.toThrow('Another process held the schema lock');
        await lock.release();
      } finally {
        await app.close();
      }
    });
  });
});
