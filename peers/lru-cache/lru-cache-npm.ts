// npm lru-cache (isaacs) behind lru-cache's spec: a thin adapter, so a suite that fails it is
// demanding something a correct, widely used LRU cache does not do. Bridged, with its own API:
// it takes `max`, iterates most recent first with entries()/keys()/values() as the spec does,
// and peek-free has(); memoize is a few lines over the same cache. Bridged: lru-cache documents
// set(key, undefined) as delete(key), while the spec stores undefined like any value, so the
// adapter stores a sentinel for it and turns it back on the way out. It keeps a key as given (-0
// stays -0), which SameValueZero allows; it allocates its slots up front, which capacityMax allows.

import { LRUCache } from 'lru-cache';
import type { CreateLruCache, LruCache, Memoize } from '../../spec/lru-cache.ts';

/** a misused argument for a message; String() alone throws on a prototype-free object */
function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function checkCapacity(method: string, options: unknown): number {
  const capacity = typeof options === 'object' && options !== null ? (options as { capacity?: unknown }).capacity : options;
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`lru-cache.${method}: expected capacity to be a positive integer, got ${describe(capacity)}`);
  }
  return capacity;
}

/** stands for an undefined value, which lru-cache's set() documents as a delete */
const undefinedValue = Symbol('undefined value');
type Stored<V> = V | typeof undefinedValue;
const stored = <V>(value: V): Stored<V> => (value === undefined ? undefinedValue : value);
const given = <V>(value: Stored<V> | undefined): V | undefined => (value === undefinedValue ? undefined : value);

class Adapter<K extends NonNullable<unknown>, V> implements LruCache<K, V> {
  readonly #cache: LRUCache<K, NonNullable<Stored<V>>>;
  constructor(readonly capacity: number) {
    this.#cache = new LRUCache<K, NonNullable<Stored<V>>>({ max: capacity });
  }
  get size(): number {
    return this.#cache.size;
  }
  get(key: K): V | undefined {
    return given(this.#cache.get(key));
  }
  set(key: K, value: V): void {
    this.#cache.set(key, stored(value) as NonNullable<Stored<V>>);
  }
  has(key: K): boolean {
    return this.#cache.has(key);
  }
  delete(key: K): boolean {
    return this.#cache.delete(key);
  }
  clear(): void {
    this.#cache.clear();
  }
  *entries(): IterableIterator<[K, V]> {
    for (const [key, value] of this.#cache.entries()) yield [key, given(value) as V];
  }
  keys(): IterableIterator<K> {
    return this.#cache.keys();
  }
  *values(): IterableIterator<V> {
    for (const value of this.#cache.values()) yield given(value) as V;
  }
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}

const createLruCache = ((options: unknown) => new Adapter(checkCapacity('create', options))) as CreateLruCache;
export default createLruCache;

export const memoize: Memoize = (fn, options) => {
  if (typeof fn !== 'function') throw new TypeError(`lru-cache.memoize: expected fn to be a function, got ${describe(fn)}`);
  const cache = new LRUCache<object, { value: unknown }>({ max: checkCapacity('memoize', options) });
  const boxes = new Map<unknown, object>();
  const keyOf = options.key ?? ((...args: unknown[]) => args[0]);
  if (typeof keyOf !== 'function') throw new TypeError(`lru-cache.memoize: expected key to be a function, got ${describe(keyOf)}`);
  return function (this: unknown, ...args) {
    const key = keyOf(...args);
    // lru-cache keys must not be undefined or null: box every key by SameValueZero identity
    let box = boxes.get(key);
    if (box === undefined) boxes.set(key, (box = {}));
    const hit = cache.get(box);
    if (hit !== undefined) return hit.value as never;
    const value: unknown = Reflect.apply(fn, this, args);
    cache.set(box, { value });
    return value as never;
  };
};
