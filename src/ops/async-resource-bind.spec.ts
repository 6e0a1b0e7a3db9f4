import { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId } from 'node:async_hooks';
import { installPlainAsyncBind } from './async-resource-bind';

describe('installPlainAsyncBind', () => {
  const nodeBind = AsyncResource.prototype.bind;
  let installed = false;
  beforeAll(() => {
    installed = installPlainAsyncBind();
  });
  afterAll(() => {
    AsyncResource.prototype.bind = nodeBind;
  });

  it('is installed on a Node whose bind builds deprecated accessors, and only once', () => {
    const [major] = process.versions.node.split('.').map(Number);
    if (major === 20) expect(installed).toBe(true);
    const current = AsyncResource.prototype.bind;
    expect(installPlainAsyncBind()).toBe(installed);
    expect(AsyncResource.prototype.bind).toBe(current);
  });

  it('runs the function in the async context it was bound in (AsyncLocalStorage)', async () => {
    const als = new AsyncLocalStorage<string>();
    const bound = als.run('request-1', () => AsyncResource.bind(() => als.getStore()));
    expect(als.getStore()).toBeUndefined();
    expect(bound()).toBe('request-1');
    // Called later from elsewhere, as Nest's rxjs chain and Fastify's body parser call theirs.
    const later = await als.run('request-2', () => new Promise((resolve) => setImmediate(() => resolve(bound()))));
    expect(later).toBe('request-1');
  });

  it('runs it inside the resource (async hooks see its before/after), with its type', () => {
    const seen: string[] = [];
    const types = new Map<number, string>();
    const hook = createHook({
      init: (id, type) => void types.set(id, type),
      before: (id) => void (types.has(id) && seen.push(`before ${types.get(id)}`)),
      after: (id) => void (types.has(id) && seen.push(`after ${types.get(id)}`)),
    }).enable();
    try {
      let inside = -1;
      const bound = AsyncResource.bind(() => (inside = executionAsyncId()), 'probe-type');
      bound();
      expect(seen).toEqual(['before probe-type', 'after probe-type']);
      expect(types.get(inside)).toBe('probe-type');
    } finally {
      hook.disable();
    }
  });

  it('keeps the arguments, the return value, `this`, thisArg, length and asyncResource', () => {
    function add(this: { base: number } | undefined, a: number, b: number): number {
      return (this?.base ?? 0) + a + b;
    }
    type Add = (this: { base: number } | undefined, a: number, b: number) => number;
    const resource = new AsyncResource('probe');
    const unbound = resource.bind(add) as Add & { asyncResource: AsyncResource };
    expect(unbound.call(undefined, 1, 2)).toBe(3);
    expect(unbound.call({ base: 10 }, 1, 2)).toBe(13); // no thisArg: the caller's `this`
    const withThis = (resource.bind as (fn: Add, thisArg: unknown) => Add)(add, { base: 100 });
    expect(withThis.call({ base: 10 }, 1, 2)).toBe(103);
    expect(unbound.length).toBe(2);
    expect(unbound.asyncResource).toBe(resource);
    expect(() => resource.bind('not a function' as unknown as () => void)).toThrow(/must be of type function/);
  });

  it('passes errors through', () => {
    const bound = AsyncResource.bind(() => {
      throw new Error('boom');
    });
    expect(() => bound()).toThrow('boom');
  });
});
