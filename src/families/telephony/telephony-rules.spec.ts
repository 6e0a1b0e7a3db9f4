import { AmiMessage } from '../../ami/ami-protocol';
import { inWindow, outcomeOf } from './autodialer-engine';
import { csvNumbers, percent } from './autodialer.service';
import { utcDay } from './clock';
import { recordingPath } from './recording-files';

describe('autodialer rules', () => {
  it.each([
    ['08:00:00', '20:00:00', '07:59:59', false], ['08:00:00', '20:00:00', '08:00:00', true], ['08:00:00', '20:00:00', '20:00:00', true],
    ['08:00:00', '20:00:00', '20:00:01', false], ['22:00:00', '06:00:00', '23:30:00', true], ['22:00:00', '06:00:00', '05:59:59', true],
    ['22:00:00', '06:00:00', '12:00:00', false], ['00:00:00', '23:59:59', '23:59:59', true],
  ])('window %s-%s at %s: %s', (start, stop, time, inside) => {
    expect(inWindow(start, stop, new Date(`2026-03-10T${time}Z`))).toBe(inside);
  });

  it.each([['4', 'answered'], ['5', 'busy'], ['3', 'no_answer'], ['1', 'no_answer'], ['8', 'failed'], ['0', 'failed'], [undefined, 'failed']])('OriginateResponse Reason %s is %s', (reason, outcome) => {
    expect(outcomeOf(new AmiMessage(reason === undefined ? [['Event', 'OriginateResponse']] : [['Event', 'OriginateResponse'], ['Reason', reason]]))).toBe(outcome);
  });

  it.each([[4, 10, '40%'], [700, 1700, '41.18%'], [1, 3, '33.33%'], [2, 3, '66.67%'], [0, 5, '0%'], [0, 0, '0%'], [5, 5, '100%']])('%i of %i is %s', (part, total, text) => {
    expect(percent(part, total)).toBe(text);
  });

  it('reads one number per CSV line, first column, quotes and blanks dropped', () => {
    expect(csvNumbers(Buffer.from('"370 600",name\r\n\n370601;x\r370602\n  \n'))).toEqual(['370600', '370601', '370602']);
  });
});

describe('recording files and days', () => {
  it.each([['a.mp3', '/rec/a.mp3'], ['2026/03/a.mp3', '/rec/2026/03/a.mp3'], ['../etc/passwd', null], ['/etc/passwd', '/rec/etc/passwd'], ['', null], ['a\0b', null], ['x/../../rec2/a', null]])(
    'recordingPath(%s)', (file, path) => expect(recordingPath('/rec', file)).toBe(path),
  );

  it('a UTC day in unix seconds', () => {
    expect(utcDay(new Date('2026-03-10T12:34:56Z'))).toEqual({ from: 1773100800, till: 1773187199 });
  });
});
