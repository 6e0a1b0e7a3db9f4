import { MigrationInterface, QueryRunner } from 'typeorm';
import { SQLITE_MONEY_TYPE } from '../exact-money';

/**
 * SQLite only: money columns created before exact text storage (NUMERIC affinity, binary floats)
 * are redeclared as `decimal_text(20,6)` and their values rewritten as canonical 6-decimal text.
 */
export class ExactMoneyOnSqlite1740000000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'mysql') return;
    const tables: { name: string }[] = await q.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    for (const { name } of tables) {
      const columns: { name: string; type: string }[] = await q.query(`PRAGMA table_info("${name}")`);
      const money = columns.filter((c) => /^decimal\(/i.test(c.type)).map((c) => c.name);
      if (money.length === 0) continue;
      const table = await q.getTable(name);
      if (!table) continue;
      await q.changeColumns(table, money.map((column) => {
        const oldColumn = table.findColumnByName(column)!;
        const newColumn = oldColumn.clone();
        newColumn.type = SQLITE_MONEY_TYPE;
        return { oldColumn, newColumn };
      }));
      await q.query(`UPDATE "${name}" SET ${money.map((c) => `"${c}" = dec_norm("${c}")`).join(', ')}`);
    }
  }

  async down(): Promise<void> {
    // Text money reads back exactly on any SQLite; nothing to undo.
  }
}
