import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { Params } from '../../api/hash';
import { MorError } from '../../api/mor-error';
import { XmlDoc } from '../../api/xml';
import { CLOCK, Clock, sqlTime, unixParam, utcDay } from './clock';
import { QueueLogLine, parseQueueLogLine } from './queue-log';
import { QueueLogEntry } from './telephony.entity';

const FILTERS = { queuename: 'queuename', callid: 'callid', agent: 'agent', event: 'event', data1: 'data1', data2: 'data2', data3: 'data3', data4: 'data4', data5: 'data5' } as const;
const CHUNK = 500;

@Injectable()
export class QueueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** queue_log_get: events between from and till (default: today, UTC), filtered by the exact values given. */
  async list(p: Params): Promise<XmlDoc> {
    const today = utcDay(this.clock.now());
    const from = unixParam(p.from, today.from, 'Date from is incorrect format');
    const till = unixParam(p.till, today.till, 'Date till is incorrect format');
    // `< till + 1 s`: SQLite keeps milliseconds in the text, so `<= 'hh:mm:59'` would miss that second.
    const where = ['time >= ?', 'time < ?'];
    const args: string[] = [sqlTime(new Date(from * 1000)), sqlTime(new Date((till + 1) * 1000))];
    for (const [param, column] of Object.entries(FILTERS)) {
      const value = p[param];
      if (value === undefined || value === '') continue;
      where.push(`${column} = ?`);
      args.push(value);
    }
    const rows: Record<string, unknown>[] = await this.db.query(`SELECT id, callid, queuename, agent, event, data1, data2, data3, data4, data5 FROM queue_log WHERE ${where.join(' AND ')} ORDER BY time, id`, args);
    if (rows.length === 0) throw new MorError('No data found');
    const s = (v: unknown) => String(v ?? '');
    return {
      page: {
        queues: {
          queue: rows.map((r) => ({ id: s(r.id), call_id: s(r.callid), queue_name: s(r.queuename), agent: s(r.agent), event: s(r.event), data1: s(r.data1), data2: s(r.data2), data3: s(r.data3), data4: s(r.data4), data5: s(r.data5) })),
        },
      },
    };
  }

  /**
   * Imports Asterisk's queue_log file, all or nothing: a bad line is reported with its number and
   * nothing is written. Lines already imported (same text) are skipped, so a file can be re-read.
   */
  async importFile(path: string): Promise<{ lines: number; imported: number }> {
    const parsed: QueueLogLine[] = [];
    let lineNo = 0;
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      lineNo += 1;
      try {
        const entry = parseQueueLogLine(line);
        if (entry) parsed.push(entry);
      } catch (error) {
        throw new Error(`line ${lineNo}: ${(error as Error).message}; nothing was imported`);
      }
    }
    let imported = 0;
    await this.db.transaction(async (m) => {
      const seen = new Set<string>();
      for (let i = 0; i < parsed.length; i += CHUNK) {
        const chunk = parsed.slice(i, i + CHUNK);
        const keys = chunk.map((e) => e.key);
        const existing: { import_key: string }[] = await m.query(`SELECT import_key FROM queue_log WHERE import_key IN (${keys.map(() => '?').join(', ')})`, keys);
        for (const row of existing) seen.add(row.import_key);
        const fresh = chunk.filter((e) => !seen.has(e.key) && (seen.add(e.key), true));
        if (fresh.length === 0) continue;
        await m.getRepository(QueueLogEntry).insert(fresh.map((e) => ({
          time: e.time, callid: e.callid, queuename: e.queuename, agent: e.agent, event: e.event,
          data1: e.data[0], data2: e.data[1], data3: e.data[2], data4: e.data[3], data5: e.data[4], import_key: e.key,
        })));
        imported += fresh.length;
      }
    });
    return { lines: lineNo, imported };
  }
}
