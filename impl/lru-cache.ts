// Reference LRU cache: a Map from key to slot, and the recency list threaded through typed
// arrays of slot indices (no node objects), so get and set allocate nothing once the cache is
// full. Slots are handed out in order until capacity, then the tail slot is reused in place.

import type { CreateLruCache, LruCache, LruCacheOptions, Memoize, MemoizeOptions } from '../spec/lru-cache.ts';

const none = -1;

function checkCapacity(method: string, capacity: unknown): number {
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1 || capacity > 2 ** 31 - 1) {
    throw new RangeError(`lru-cache.${method}: expected capacity to be a positive integer, got ${String(capacity)}`);
  }
  return capacity;
}

function indexArray(capacity: number): Int32Array {
  return new Int32Array(capacity);
}

class SlotLruCache<K, V> implements LruCache<K, V> {
  readonly capacity: number;
  readonly #slotOf = new Map<K, number>();
  readonly #keys: (K | undefined)[];
  readonly #values: (V | undefined)[];
  /** toward the more recent neighbour */
  #newer: Int32Array;
  /** toward the less recent neighbour */
  #older: Int32Array;
  #head = none; // most recent
  #tail = none; // least recent
  #used = 0; // slots handed out so far
  #free: number[] = []; // slots given back by delete

  constructor(options: LruCacheOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new RangeError(`lru-cache.create: expected options with a capacity, got ${String(options)}`);
    }
    this.capacity = checkCapacity('create', options.capacity);
    // grow lazily: a cache with a huge capacity and few entries stays small
    this.#keys = [];
    this.#values = [];
    const initial = Math.min(this.capacity, 1024);
    this.#newer = indexArray(initial);
    this.#older = indexArray(initial);
  }

  get size(): number {
    return this.#slotOf.size;
  }

  get(key: K): V | undefined {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return undefined;
    this.#touch(slot);
    return this.#values[slot];
  }

  has(key: K): boolean {
    return this.#slotOf.has(key);
  }

  set(key: K, value: V): void {
    let slot = this.#slotOf.get(key);
    if (slot !== undefined) {
      this.#values[slot] = value;
      this.#touch(slot);
      return;
    }
    if (this.#slotOf.size < this.capacity) {
      slot = this.#free.pop() ?? this.#allocate();
    } else {
      slot = this.#tail;
      this.#slotOf.delete(this.#keys[slot] as K);
      this.#unlink(slot);
    }
    this.#keys[slot] = key;
    this.#values[slot] = value;
    this.#slotOf.set(key, slot);
    this.#pushHead(slot);
  }

  delete(key: K): boolean {
    const slot = this.#slotOf.get(key);
    if (slot === undefined) return false;
    this.#slotOf.delete(key);
    this.#unlink(slot);
    this.#keys[slot] = undefined;
    this.#values[slot] = undefined;
    this.#free.push(slot);
    return true;
  }

  clear(): void {
    this.#slotOf.clear();
    this.#keys.length = 0;
    this.#values.length = 0;
    this.#free = [];
    this.#used = 0;
    this.#head = none;
    this.#tail = none;
  }

  *entries(): IterableIterator<[K, V]> {
    for (let slot = this.#head; slot !== none; slot = this.#older[slot] as number) {
      yield [this.#keys[slot] as K, this.#values[slot] as V];
    }
  }

  *keys(): IterableIterator<K> {
    for (let slot = this.#head; slot !== none; slot = this.#older[slot] as number) yield this.#keys[slot] as K;
  }

  *values(): IterableIterator<V> {
    for (let slot = this.#head; slot !== none; slot = this.#older[slot] as number) yield this.#values[slot] as V;
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }

  #allocate(): number {
    const slot = this.#used++;
    if (slot >= this.#newer.length) this.#grow();
    return slot;
  }

  #grow(): void {
    const length = Math.min(this.capacity, this.#newer.length * 2);
    const newer = indexArray(length);
    const older = indexArray(length);
    newer.set(this.#newer);
    older.set(this.#older);
    this.#newer = newer;
    this.#older = older;
  }

  #touch(slot: number): void {
    if (slot === this.#head) return;
    this.#unlink(slot);
    this.#pushHead(slot);
  }

  #pushHead(slot: number): void {
    this.#newer[slot] = none;
    this.#older[slot] = this.#head;
    if (this.#head !== none) this.#newer[this.#head] = slot;
    this.#head = slot;
    if (this.#tail === none) this.#tail = slot;
  }

  #unlink(slot: number): void {
    const newer = this.#newer[slot] as number;
    const older = this.#older[slot] as number;
    if (newer === none) this.#head = older;
    else this.#older[newer] = older;
    if (older === none) this.#tail = newer;
    else this.#newer[older] = newer;
  }
}

const createLruCache: CreateLruCache = <K, V>(options: LruCacheOptions) => new SlotLruCache<K, V>(options);
export default createLruCache;

export const memoize: Memoize = <A extends readonly unknown[], R, K = A[0]>(
  fn: (...args: A) => R,
  options: MemoizeOptions<A, K>,
) => {
  if (typeof fn !== 'function') {
    throw new TypeError(`lru-cache.memoize: expected fn to be a function, got ${String(fn)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new RangeError(`lru-cache.memoize: expected options with a capacity, got ${String(options)}`);
  }
  const capacity = checkCapacity('memoize', options.capacity);
  const keyOf = options.key ?? ((...args: A) => args[0] as K);
  const cache = new SlotLruCache<K, R>({ capacity });
  return function memoized(this: unknown, ...args: A): R {
    const key = keyOf(...args);
    if (cache.has(key)) return cache.get(key) as R;
    const result = Reflect.apply(fn, this, args) as R;
    cache.set(key, result);
    return result;
  };
};
