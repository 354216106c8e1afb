// Wraps what an implementation hands back so that a misbehaving one is reported as such:
// a thrown non-Error (or a promise rejected with one) becomes an ImplementationFault, which
// the grader turns into the system's `error` status instead of an ordinary rule failure.

import { inspect } from 'node:util';

export class ImplementationFault extends Error {
  override readonly name = 'ImplementationFault';
}

/** One line for a report: an Error by name and message (no stack), anything else inspected. */
export function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return inspect(value, { depth: 2, breakLength: Infinity, maxStringLength: 200 });
}

function faultFrom(where: string, thrown: unknown): ImplementationFault {
  return new ImplementationFault(`${where} threw a non-Error value: ${describeValue(thrown)}`);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

const guarded = new WeakMap<object, object>();

/** Guards a value: functions and plain objects with methods; other values pass through. */
export function guard<T>(value: T, where: string): T {
  if (typeof value === 'function') return guardFunction(value as (...args: unknown[]) => unknown, where) as T;
  if (typeof value === 'object' && value !== null && !isThenable(value)) return guardObject(value, where);
  return value;
}

function settle(result: unknown, where: string): unknown {
  if (!isThenable(result)) return guard(result, where);
  return Promise.resolve(result).then(
    (resolved) => resolved,
    (rejected: unknown) => {
      throw rejected instanceof Error ? rejected : faultFrom(where, rejected);
    },
  );
}

function guardFunction(fn: (...args: unknown[]) => unknown, where: string): (...args: unknown[]) => unknown {
  const known = guarded.get(fn);
  if (known) return known as (...args: unknown[]) => unknown;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    let result: unknown;
    try {
      result = new.target ? Reflect.construct(fn, args) : Reflect.apply(fn, this, args);
    } catch (thrown) {
      throw thrown instanceof Error ? thrown : faultFrom(where, thrown);
    }
    return settle(result, `${where}(...)`);
  };
  guarded.set(fn, wrapper);
  return wrapper;
}

// Methods are bound to the real object so private fields keep working; results of methods
// (iterators, nested objects) are not wrapped further: the factory's instance is the boundary.
function guardObject<T extends object>(target: T, where: string): T {
  const known = guarded.get(target);
  if (known) return known as T;
  if (Array.isArray(target) || ArrayBuffer.isView(target) || target instanceof Map || target instanceof Set) {
    return target;
  }
  const proxy = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const name = typeof property === 'symbol' ? property.toString() : property;
      return (...args: unknown[]): unknown => {
        let result: unknown;
        try {
          result = Reflect.apply(value as (...a: unknown[]) => unknown, object, args);
        } catch (thrown) {
          throw thrown instanceof Error ? thrown : faultFrom(`${where}.${name}`, thrown);
        }
        if (!isThenable(result)) return result;
        return Promise.resolve(result).then(
          (resolved) => resolved,
          (rejected: unknown) => {
            throw rejected instanceof Error ? rejected : faultFrom(`${where}.${name}`, rejected);
          },
        );
      };
    },
  });
  guarded.set(target, proxy);
  return proxy;
}
