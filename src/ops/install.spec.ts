import pino from 'pino';
import { Writable } from 'node:stream';
import { lazyChildLogger } from './install';

describe('lazyChildLogger (req.log)', () => {
  it('makes the child on first use only, and logs with its bindings', () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const parent = pino({ level: 'info' }, sink);
    const child = jest.spyOn(parent, 'child');
    const log = lazyChildLogger.call(null, parent, { reqId: 'r-1' }, {});
    expect(child).not.toHaveBeenCalled();
    log.info({ x: 1 }, 'hello');
    log.error('again');
    expect(child).toHaveBeenCalledTimes(1);
    expect(log.level).toBe('info');
    return new Promise<void>((resolve) => setImmediate(() => {
      expect(lines).toMatchObject([{ reqId: 'r-1', x: 1, msg: 'hello' }, { reqId: 'r-1', msg: 'again', level: 50 }]);
      resolve();
    }));
  });
});
