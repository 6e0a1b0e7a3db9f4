import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { col, index } from '../../../database/columns';
import { DEFAULT_TEMPLATES } from '../email-templates';

/** MOR's named e-mail templates, per owner (admin 0, resellers their own); the admin's defaults seeded. */
export class EmailTemplates1740000900100 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'emails',
      columns: [col.id(), col.str('name', 255), col.str('subject', 255), col.text('body'), col.int('owner_id', 0), col.flag('template', 1), col.str('format', 10, 'plain')],
      indices: [index('ux_emails_owner_name', ['owner_id', 'name'], true)],
    }));
    for (const t of DEFAULT_TEMPLATES) await q.query('INSERT INTO emails (name, subject, body, owner_id, template, format) VALUES (?, ?, ?, 0, 1, ?)', [t.name, t.subject, t.body, 'plain']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('emails');
  }
}
