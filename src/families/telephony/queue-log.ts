import { createHash } from 'node:crypto';

/** One queue event as Asterisk's queue_log file writes it: `epoch|callid|queue|agent|event|data1|...|data5`. */
export interface QueueLogLine {
  time: Date;
  callid: string;
  queuename: string;
  agent: string;
  event: string;
  data: [string, string, string, string, string];
  /** SHA1 of the line: the same line imported twice is one row. */
  key: string;
}

const FIELD_MAX = 255;
const NAME_MAX = 80;

/**
 * Parses one line; null for an empty line. Extra `|` fields go into data5 (older Asterisk wrote
 * one data field with its own `|`s). Throws on a line that is not a queue event.
 */
export function parseQueueLogLine(raw: string): QueueLogLine | null {
  const line = raw.replace(/\r$/, '');
  if (line.trim() === '') return null;
  const parts = line.split('|');
  if (parts.length < 5 || !/^\d{1,10}$/.test(parts[0])) throw new Error('not a queue_log line (epoch|callid|queue|agent|event|data...)');
  const [epoch, callid, queuename, agent, event, ...rest] = parts;
  if (event === '') throw new Error('the event is empty');
  for (const [name, value] of [['callid', callid], ['queue', queuename], ['agent', agent], ['event', event]]) {
    if (value.length > NAME_MAX) throw new Error(`${name} is longer than ${NAME_MAX} characters`);
  }
  const data = [rest[0] ?? '', rest[1] ?? '', rest[2] ?? '', rest[3] ?? '', rest.slice(4).join('|')] as QueueLogLine['data'];
  if (data.some((d) => d.length > FIELD_MAX)) throw new Error(`a data field is longer than ${FIELD_MAX} characters`);
  return { time: new Date(Number(epoch) * 1000), callid, queuename, agent, event, data, key: createHash('sha1').update(line).digest('hex') };
}
