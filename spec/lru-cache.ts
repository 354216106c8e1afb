// lru-cache: a bounded map that evicts the least recently used entry, and an LRU memoize.
// The model is a Map kept in recency order (least recent first), the simplest thing that
// could be right; the suites run it beside the implementation on the same operations.

import { defineSpec } from '../harness/spec.ts';

/**
 * The largest capacity every implementation must accept (2**24 = 16,777,216). Big enough for any
 * in-process cache, small enough that a cache which allocates its slots up front (npm lru-cache,
 * mnemonist) can be built within the grader's heap: the contract does not force lazy allocation.
 * Above it, up to Number.MAX_SAFE_INTEGER, an implementation may accept or reject (RangeError).
 */
export const capacityMax = 2 ** 24;

export interface LruCacheOptions {
  /** maximum number of entries; a positive safe integer, accepted at least up to capacityMax */
  readonly capacity: number;
}

export interface LruCache<K, V> extends Iterable<[K, V]> {
  /** the value for key, marking it most recently used; undefined when absent */
  get(key: K): V | undefined;
  /** inserts or replaces, marking key most recently used; evicts the least recent when over capacity */
  set(key: K, value: V): void;
  /** whether key is present; does not change recency */
  has(key: K): boolean;
  /** removes key; true when it was present */
  delete(key: K): boolean;
  clear(): void;
  readonly size: number;
  readonly capacity: number;
  /** entries from most to least recently used; iterating does not change recency */
  entries(): IterableIterator<[K, V]>;
  keys(): IterableIterator<K>;
  values(): IterableIterator<V>;
}

export type CreateLruCache = <K, V>(options: LruCacheOptions) => LruCache<K, V>;

export interface MemoizeOptions<A extends readonly unknown[], K> {
  /** as LruCacheOptions.capacity */
  readonly capacity: number;
  /** cache key of a call; defaults to the first argument */
  readonly key?: (...args: A) => K;
}

export type Memoize = <A extends readonly unknown[], R, K = A[0]>(
  fn: (...args: A) => R,
  options: MemoizeOptions<A, K>,
) => (...args: A) => R;

export interface LruCacheModule {
  readonly default: CreateLruCache;
  readonly memoize: Memoize;
}

export const lruCacheSpec = defineSpec({
  id: 'lru-cache',
  title: 'LRU cache and memoize',
  rules: {
    'LRU-1': 'get returns the value most recently set for a present key, and undefined for an absent one.',
    'LRU-2': 'size equals the number of distinct present keys and never exceeds capacity.',
    'LRU-3': 'When a set of a new key would exceed capacity, exactly the least recently used entry is evicted.',
    'LRU-4': 'get and set make a key the most recently used; has, size and iteration leave recency unchanged.',
    'LRU-5': 'Iteration (entries, keys, values, the iterator) yields every entry once, from most to least recently used.',
    'LRU-6': 'delete removes a key and returns whether it was present; clear removes every entry.',
    'LRU-7': 'Keys are compared by SameValueZero: objects by identity, NaN equal to NaN, and "__proto__" like any string.',
    'LRU-8': 'A capacity that is not a positive safe integer is rejected with a RangeError naming lru-cache; every integer from 1 to capacityMax (2**24) is accepted.',
    'LRU-9': 'memoize calls fn only when its key is not cached and returns the cached result otherwise.',
    'LRU-10': 'memoize keeps at most capacity results, evicting the least recently used key.',
    'LRU-11': 'memoize caches nothing when fn throws, and rethrows the error unchanged.',
    'LRU-12': 'memoize rejects a non-function fn, or a key option given that is not a function, with a TypeError and a bad capacity with a RangeError.',
  },
  exports: ['default', 'memoize'],
  smoke(module: LruCacheModule) {
    const cache = module.default<string, number>({ capacity: 2 });
    cache.set('a', 1);
    return cache.get('a');
  },
});

/** The model: a Map whose insertion order is recency order, least recent first. */
export class LruCacheModel<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`model capacity ${capacity}`);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** Returns the evicted key, if any. */
  set(key: K, value: V): { evicted: K } | undefined {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size <= this.capacity) return undefined;
    const oldest = this.#entries.keys().next().value as K;
    this.#entries.delete(oldest);
    return { evicted: oldest };
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** entries from most to least recently used */
  entries(): [K, V][] {
    return [...this.#entries].reverse();
  }
}
