import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { col } from '../../../database/columns';

/**
 * Whether some party of an active call had a simultaneous-call limit when it was authorized: when
 * none had, call_start answers the call in one statement instead of reading the parties' limits
 * first. 1 (check them) for calls authorized before this column existed.
 */
export class ActiveCallsAnswerLimited1740001500000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('activecalls', new TableColumn(col.flag('answer_limited', 1)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('activecalls', 'answer_limited');
  }
}
