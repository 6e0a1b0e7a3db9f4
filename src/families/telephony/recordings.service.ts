import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Caller } from '../../api/caller';
import { Params } from '../../api/hash';
import { parseId } from '../../api/input';
import { MorError } from '../../api/mor-error';
import { accessibleUser } from '../../api/ownership';
import { AppConfig } from '../../config/config';
import { CONFIG } from '../../config/config.token';
import { CLOCK, Clock, sqlTime, timeText, unixParam, utcDay } from './clock';
import { StagedDeletion } from './recording-files';

export const RecordingTexts = {
  none: 'No Recordings found',
  notFound: 'Recording was not found',
  manyNotFound: 'Recordings were not found',
  updated: 'Recording was successfully updated',
  notUpdated: 'Recording was not updated',
  deleted: 'Recordings were successfully deleted',
  notDeleted: 'Recordings were not deleted',
  fromAfterTill: 'Date from is greater than date till',
  userNeeded: 's_user_id must be present',
} as const;

const COLUMNS = 'r.id, r.user_id, r.dst_user_id, r.src_device_id, r.dst_device_id, r.datetime, r.comment, r.duration, r.source, r.destination, r.size, r.file';
const CHUNK = 500;

/** recordings_get's filters: a user or device matches either side of the call. */
const LIST_FILTERS = [
  ['user', ['r.user_id', 'r.dst_user_id'], true],
  ['device', ['r.src_device_id', 'r.dst_device_id'], true],
  ['source', ['r.source'], false],
  ['destination', ['r.destination'], false],
] as const;

/**
 * The SQL that limits recordings to the caller's reach: admin and accountant all; a reseller
 * those of itself and its users (either side of the call); a user its own calls (either side).
 */
function scopeOf(caller: Caller): { sql: string; args: number[] } {
  switch (caller.role) {
    case 'admin':
    case 'accountant':
      return { sql: '1 = 1', args: [] };
    case 'reseller':
      return {
        sql: '(r.user_id IN (SELECT id FROM users WHERE id = ? OR owner_id = ?) OR r.dst_user_id IN (SELECT id FROM users WHERE id = ? OR owner_id = ?))',
        args: [caller.id, caller.id, caller.id, caller.id],
      };
    default:
      return { sql: '(r.user_id = ? OR r.dst_user_id = ?)', args: [caller.id, caller.id] };
  }
}

@Injectable()
export class RecordingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** recordings_get: by uniqueid or callback_uniqueid alone, else by period (default today, UTC), user, device, source, destination. */
  async list(caller: Caller, p: Params): Promise<Record<string, string>[]> {
    const scope = scopeOf(caller);
    const where = [scope.sql];
    const args: (string | number)[] = [...scope.args];
    if (p.uniqueid) {
      where.push('r.uniqueid = ?');
      args.push(p.uniqueid);
    } else if (p.callback_uniqueid) {
      where.push('r.callback_uniqueid = ?');
      args.push(p.callback_uniqueid);
    } else {
      const today = utcDay(this.clock.now());
      const from = unixParam(p.date_from, today.from, 'Date from is incorrect format');
      const till = unixParam(p.date_till, today.till, 'Date till is incorrect format');
      if (from > till) throw new MorError(RecordingTexts.fromAfterTill);
      where.push('r.datetime >= ?', 'r.datetime < ?');
      args.push(sqlTime(new Date(from * 1000)), sqlTime(new Date((till + 1) * 1000)));
      for (const [param, columns, isId] of LIST_FILTERS) {
        const raw = p[param];
        if (raw === undefined || raw === '') continue;
        where.push(`(${columns.map((c) => `${c} = ?`).join(' OR ')})`);
        for (const _ of columns) args.push(isId ? (parseId(raw) ?? -1) : raw);
      }
    }
    const rows: Record<string, unknown>[] = await this.db.query(`SELECT ${COLUMNS} FROM recordings r WHERE ${where.join(' AND ')} ORDER BY r.datetime, r.id`, args);
    if (rows.length === 0) throw new MorError(RecordingTexts.none);
    const s = (v: unknown) => String(v ?? '');
    return rows.map((r) => ({
      id: s(r.id), user_id: s(r.user_id), dst_user_id: s(r.dst_user_id), src_device_id: s(r.src_device_id), dst_device_id: s(r.dst_device_id),
      date: timeText(r.datetime), comment: s(r.comment), duration: s(r.duration), source: s(r.source), destination: s(r.destination),
      size: s(r.size), mp3_url: r.file ? `${this.config.recordingsUrl}${encodeURI(String(r.file))}` : '',
    }));
  }

  async updateComment(caller: Caller, p: Params): Promise<void> {
    const comment = p.comment ?? '';
    if (comment.length > 255) throw new MorError(RecordingTexts.notUpdated);
    await this.db.transaction(async (m) => {
      const id = parseId(p.recording_id);
      const scope = scopeOf(caller);
      const found: unknown[] = id === null ? [] : await m.query(`SELECT r.id FROM recordings r WHERE r.id = ? AND ${scope.sql}`, [id, ...scope.args]);
      if (found.length === 0) throw new MorError(RecordingTexts.notFound);
      await m.query('UPDATE recordings SET comment = ? WHERE id = ?', [comment, id]);
    });
  }

  /** recordings_delete: the rows and their files, together or neither. */
  async delete(caller: Caller, p: Params): Promise<number> {
    const filter = await this.deleteFilter(caller, p);
    const staged = new StagedDeletion(this.config.recordingsDir);
    let amount = 0;
    try {
      await this.db.transaction(async (m) => {
        const scope = scopeOf(caller);
        // A locking read on MariaDB: deletions of the same recordings take turns, and the second finds them gone.
        const lock = m.connection.options.type === 'mysql' ? ' FOR UPDATE' : '';
        const rows: { id: number; file: string }[] = await m.query(`SELECT r.id, r.file FROM recordings r WHERE ${scope.sql} AND ${filter.sql}${lock}`, [...scope.args, ...filter.args]);
        if (rows.length === 0) throw new MorError(filter.single ? RecordingTexts.notFound : RecordingTexts.manyNotFound);
        for (let i = 0; i < rows.length; i += CHUNK) {
          const ids = rows.slice(i, i + CHUNK).map((r) => Number(r.id));
          await m.query(`DELETE FROM recordings WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
        }
        try {
          await staged.stage(rows.map((r) => String(r.file ?? '')));
        } catch {
          throw new MorError(RecordingTexts.notDeleted);
        }
        amount = rows.length;
      });
    } catch (error) {
      await staged.undo();
      throw error;
    }
    await staged.finish();
    return amount;
  }

  private async deleteFilter(caller: Caller, p: Params): Promise<{ sql: string; args: (string | number)[]; single: boolean }> {
    if (p.recording_id !== undefined && p.recording_id !== '') {
      return { sql: 'r.id = ?', args: [parseId(p.recording_id) ?? -1], single: true };
    }
    const sUser = caller.role === 'user' ? String(caller.id) : p.s_user_id;
    const hasUser = sUser !== undefined && sUser !== '';
    const hasDevice = p.s_device_id !== undefined && p.s_device_id !== '';
    const hasFrom = p.date_from !== undefined && p.date_from !== '';
    const hasTill = p.date_till !== undefined && p.date_till !== '';
    if (hasDevice && !hasUser) throw new MorError(RecordingTexts.userNeeded);
    if (!hasUser && !hasFrom && !hasTill) throw new MorError(RecordingTexts.manyNotFound);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (hasUser) {
      if (!(await accessibleUser(this.db.manager, caller, sUser))) throw new MorError('Access Denied');
      where.push('r.user_id = ?');
      args.push(Number(sUser));
    }
    if (hasDevice) {
      where.push('r.src_device_id = ?');
      args.push(parseId(p.s_device_id) ?? -1);
    }
    const from = hasFrom ? unixParam(p.date_from, 0, 'Date from is incorrect format') : null;
    const till = hasTill ? unixParam(p.date_till, 0, 'Date till is incorrect format') : null;
    if (from !== null && till !== null && from > till) throw new MorError(RecordingTexts.fromAfterTill);
    if (from !== null) {
      where.push('r.datetime >= ?');
      args.push(sqlTime(new Date(from * 1000)));
    }
    if (till !== null) {
      where.push('r.datetime < ?');
      args.push(sqlTime(new Date((till + 1) * 1000)));
    }
    return { sql: where.join(' AND '), args, single: false };
  }
}
