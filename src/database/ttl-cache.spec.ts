import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  afterEach(() => jest.useRealTimers());

  it('loads a key once within the time, again after it, and again after clear()', async () => {
    jest.useFakeTimers({ now: 0 });
    let loads = 0;
    const cache = new TtlCache(async (k: number) => `${k}:${++loads}`, 2000);
    expect(await Promise.all([cache.get(1), cache.get(1)])).toEqual(['1:1', '1:1']);
    jest.setSystemTime(1999);
    expect(await cache.get(1)).toBe('1:1');
    jest.setSystemTime(2000);
    expect(await cache.get(1)).toBe('1:2');
    cache.clear();
    expect(await cache.get(1)).toBe('1:3');
  });

  it('takes a loader per get, and drops every key when full', async () => {
    const cache = new TtlCache<number, string>(null, 2000, 2);
    await expect(async () => cache.get(9)).rejects.toThrow('without a loader');
    expect(await cache.get(1, async (k) => `a${k}`)).toBe('a1');
    expect(await cache.get(2, async (k) => `a${k}`)).toBe('a2');
    expect(await cache.get(1, async () => 'b')).toBe('a1');
    expect(await cache.get(3, async (k) => `a${k}`)).toBe('a3');
    expect(await cache.get(1, async () => 'c')).toBe('c');
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const cache = new TtlCache(async () => {
      if (fail) throw new Error('down');
      return 'ok';
    });
    await expect(cache.get('k')).rejects.toThrow('down');
    fail = false;
    expect(await cache.get('k')).toBe('ok');
  });
});
