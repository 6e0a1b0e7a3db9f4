import { AsyncResource } from 'node:async_hooks';

/*
 * Node 20's AsyncResource#bind (and the static AsyncResource.bind, which calls it) gives every
 * bound function an `asyncResource` accessor pair built with two fresh `deprecate()` wrappers
 * (DEP0172, nodejs/node#46432) through Object.defineProperties. That costs about 20 µs per call
 * here, and every API request binds three times: Fastify's body parser once, Nest's interceptor
 * chain twice. This replaces it with the same binding made plainly: the function runs in the
 * resource's async scope (AsyncLocalStorage and async hooks see what they saw), with the same
 * `this` rules and `length`; `asyncResource` is an ordinary property (reading it no longer warns).
 */

type Fn = (...args: unknown[]) => unknown;

/** The binding Node does, minus the deprecation wrappers. */
function plainBind(this: AsyncResource, fn: Fn, thisArg?: unknown): Fn {
  if (typeof fn !== 'function') throw new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
  const resource = this;
  const bound =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(fn, this, ...args);
        }
      : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
  // Redefining `length` turns the function's map into a slow one: only when it differs (Nest binds arity-0 callbacks).
  if (fn.length !== 0) Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, writable: false, value: fn.length });
  (bound as Fn & { asyncResource: AsyncResource }).asyncResource = resource;
  return bound;
}

/** Whether this Node's bind builds the deprecated accessors (Node lines that dropped them are left alone). */
export function bindHasDeprecatedAccessor(): boolean {
  const probe = new AsyncResource('probe').bind(() => undefined) as unknown as object;
  return typeof Object.getOwnPropertyDescriptor(probe, 'asyncResource')?.get === 'function';
}

/** Marks the installed bind (a module loaded twice, as in Jest's per-file registries, has two plainBinds). */
const PLAIN = Symbol.for('mor.plainAsyncBind');

/** Installs plainBind once per process when this Node needs it; answers whether it is installed. */
export function installPlainAsyncBind(): boolean {
  if (PLAIN in AsyncResource.prototype.bind) return true;
  if (!bindHasDeprecatedAccessor()) return false;
  AsyncResource.prototype.bind = Object.assign(plainBind, { [PLAIN]: true }) as unknown as AsyncResource['bind'];
  return true;
}
