import { parseQueueLogLine } from './queue-log';

describe('parseQueueLogLine', () => {
  it.each([
    ['1490020149|1490020149.20|queue_mano|NONE|ENTERQUEUE||100001|1', ['queue_mano', 'NONE', 'ENTERQUEUE', ['', '100001', '1', '', '']]],
    ['1490020155|1490020149.20|queue_mano|Local/1001@mor_local|CONNECT|6|1490020149.21|4', ['queue_mano', 'Local/1001@mor_local', 'CONNECT', ['6', '1490020149.21', '4', '', '']]],
    ['1490020200|NONE|NONE|NONE|QUEUESTART|', ['NONE', 'NONE', 'QUEUESTART', ['', '', '', '', '']]],
    ['1490020300|1.2|q|a|OLDFORMAT|1|2|3|4|5|6|7\r', ['q', 'a', 'OLDFORMAT', ['1', '2', '3', '4', '5|6|7']]],
  ])('%s', (line, [queue, agent, event, data]) => {
    const got = parseQueueLogLine(line)!;
    expect([got.queuename, got.agent, got.event, got.data]).toEqual([queue, agent, event, data]);
    expect(got.time.getTime() % 1000).toBe(0);
    expect(got.key).toMatch(/^[0-9a-f]{40}$/);
  });

  it('skips empty lines and refuses other text', () => {
    expect(parseQueueLogLine('  ')).toBeNull();
    expect(() => parseQueueLogLine('hello|world')).toThrow('not a queue_log line');
    expect(() => parseQueueLogLine('x|1|q|a|E')).toThrow('not a queue_log line');
    expect(() => parseQueueLogLine('1|1|q|a|')).toThrow('event is empty');
    expect(() => parseQueueLogLine(`1|1|q|a|E|${'x'.repeat(256)}`)).toThrow('longer');
  });
});
