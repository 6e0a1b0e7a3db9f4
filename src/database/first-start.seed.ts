import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword, randomSecret } from '../api/access/passwords';
import { AppConfig } from '../config/config';
import { User } from '../families/users/user.entity';
import { Confline } from '../settings/confline.entity';
import { FIRST_START_SETTINGS, Setting } from '../settings/setting-names';
import { GUI_VERSION } from '../version';

/**
 * On an empty database: the admin (MOR's id 0), the default location and default settings.
 * Secrets come from the environment or are generated and printed once; none is fixed.
 */
export class FirstStartSeed {
  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async run(): Promise<void> {
    const [{ n }] = await this.db.query('SELECT COUNT(*) AS n FROM users WHERE id = 0');
    if (Number(n) > 0) return;
    const password = this.config.adminPassword ?? randomSecret(16);
    const secretKey = this.config.apiSecretKey ?? randomSecret(32);
    await this.db.transaction(async (m) => {
      await this.insertAdmin(m, await hashPassword(password));
      await m.query("INSERT INTO locations (id, name, owner_id) VALUES (1, 'Global', 0)");
      const settings = { ...FIRST_START_SETTINGS, [Setting.apiSecretKey]: secretKey, [Setting.guiVersion]: GUI_VERSION };
      await m.getRepository(Confline).insert(Object.entries(settings).map(([name, value]) => ({ name, value, owner_id: 0 })));
    });
    const generated = [!this.config.adminPassword && `admin password: ${password}`, !this.config.apiSecretKey && `API secret key: ${secretKey}`].filter(Boolean);
    if (generated.length > 0) {
      // Printed once, on stdout only, so the operator can sign in; never written to the log.
      process.stdout.write(`\nFirst start: created admin account "admin".\n  ${generated.join('\n  ')}\nStore these now; they are not shown again.\n\n`);
    }
    new Logger('FirstStart').log('Empty database initialised: admin (id 0), default settings');
  }

  /** MOR's admin has id 0, which MySQL's AUTO_INCREMENT would replace unless told not to. */
  private async insertAdmin(m: EntityManager, passwordHash: string): Promise<void> {
    const mysql = this.db.options.type === 'mysql';
    const [{ mode }] = mysql ? await m.query('SELECT @@SESSION.sql_mode AS mode') : [{ mode: '' }];
    if (mysql) await m.query("SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
    await m.getRepository(User).insert({
      id: 0, username: 'admin', password: passwordHash, usertype: 'admin', owner_id: 0, first_name: 'System', last_name: 'Admin',
      uniquehash: randomSecret(10).toLowerCase(), postpaid: 1, credit: '-1', created_at: new Date(),
    });
    if (mysql) await m.query('SET SESSION sql_mode = ?', [mode]);
  }
}
