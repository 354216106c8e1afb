// npm lru-cache (isaacs) behind lru-cache's spec: a thin adapter, so a suite that fails it is
// demanding something a correct, widely used LRU cache does not do. Bridged, with its own API:
// it takes `max`, iterates most recent first with entries()/keys()/values() as the spec does,
// and peek-free has(); memoize is a few lines over the same cache.

import { LRUCache } from 'lru-cache';
import type { CreateLruCache, LruCache, Memoize } from '../../spec/lru-cache.ts';

function checkCapacity(capacity: unknown): number {
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`lru-cache: expected capacity to be a positive integer, got ${String(capacity)}`);
  }
  return capacity;
}

class Adapter<K extends NonNullable<unknown>, V extends NonNullable<unknown>> implements LruCache<K, V> {
  readonly #cache: LRUCache<K, V>;
  constructor(readonly capacity: number) {
    this.#cache = new LRUCache<K, V>({ max: capacity });
  }
  get size(): number {
    return this.#cache.size;
  }
  get(key: K): V | undefined {
    return this.#cache.get(key);
  }
  set(key: K, value: V): void {
    this.#cache.set(key, value);
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
  entries(): IterableIterator<[K, V]> {
    return this.#cache.entries();
  }
  keys(): IterableIterator<K> {
    return this.#cache.keys();
  }
  values(): IterableIterator<V> {
    return this.#cache.values();
  }
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.#cache.entries();
  }
}

const createLruCache = ((options: { capacity: number } | undefined) => {
  if (typeof options !== 'object' || options === null) throw new RangeError('lru-cache: expected options with a capacity, got none');
  return new Adapter(checkCapacity(options.capacity));
}) as CreateLruCache;
export default createLruCache;

export const memoize: Memoize = (fn, options) => {
  if (typeof fn !== 'function') throw new TypeError(`lru-cache.memoize: expected fn to be a function, got ${typeof fn}`);
  if (typeof options !== 'object' || options === null) throw new RangeError('lru-cache.memoize: expected options with a capacity, got none');
  const cache = new LRUCache<object, { value: unknown }>({ max: checkCapacity(options.capacity) });
  const boxes = new Map<unknown, object>();
  const keyOf = options.key ?? ((...args: unknown[]) => args[0]);
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
