// Reference LRU cache: keys map to slots, and the recency list is threaded through typed arrays
// of slot indices (no node objects), so get and set allocate nothing once the cache is full.
// Slots are handed out in order until capacity, then the tail slot is reused in place.

import type { CreateLruCache, LruCache, LruCacheOptions, Memoize, MemoizeOptions } from '../spec/lru-cache.ts';

const none = -1;
/** slot arrays start this long and double, so a huge capacity costs nothing until it fills */
const initialSlots = 1024;

/** a misused argument for an error message; never throws, even for a prototype-free object */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function checkCapacity(method: string, options: unknown): number {
  if (typeof options !== 'object' || options === null) {
    throw new RangeError(`lru-cache.${method}: expected options with a capacity, got ${describe(options)}`);
  }
  const capacity = (options as { capacity?: unknown }).capacity;
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`lru-cache.${method}: expected capacity to be a positive integer, got ${describe(capacity)}`);
  }
  return capacity;
}

/** -0 is kept as 0, as a Map does, so iteration yields one spelling of each SameValueZero key */
function storedKey<K>(key: K): K {
  return key === 0 ? (0 as K) : key;
}

class SlotLruCache<K, V> implements LruCache<K, V> {
  readonly capacity: number;
  // Strings and numbers are looked up in prototype-free objects, which V8 serves about twice as
  // fast as a Map (perf/ measures it). Without a prototype "__proto__" is an ordinary property;
  // one object per type keeps 1 and "1" apart; a number's property key String(n) is one per
  // SameValueZero class (0 and -0 both "0", every NaN "NaN"). Other keys live in a Map.
  #stringSlots: Record<string, number> = Object.create(null) as Record<string, number>;
  #numberSlots: Record<number, number> = Object.create(null) as Record<number, number>;
  readonly #otherSlots = new Map<K, number>();
  #size = 0;
  readonly #keys: (K | undefined)[] = [];
  readonly #values: (V | undefined)[] = [];
  /** toward the more recent neighbour */
  #newer: Int32Array;
  /** toward the less recent neighbour */
  #older: Int32Array;
  #head = none; // most recent
  #tail = none; // least recent
  #used = 0; // slots handed out so far
  #free: number[] = []; // slots given back by delete

  constructor(options: LruCacheOptions) {
    this.capacity = checkCapacity('create', options);
    const length = Math.min(this.capacity, initialSlots);
    this.#newer = new Int32Array(length);
    this.#older = new Int32Array(length);
  }

  get size(): number {
    return this.#size;
  }

  get(key: K): V | undefined {
    const slot = this.#slotOf(key);
    if (slot === undefined) return undefined;
    if (slot !== this.#head) this.#moveToHead(slot);
    return this.#values[slot];
  }

  has(key: K): boolean {
    return this.#slotOf(key) !== undefined;
  }

  set(key: K, value: V): void {
    const slot = this.#slotOf(key);
    if (slot !== undefined) {
      this.#values[slot] = value;
      if (slot !== this.#head) this.#moveToHead(slot);
    } else if (this.#size < this.capacity) {
      this.#insert(key, value);
    } else {
      this.#replaceTail(key, value);
    }
  }

  delete(key: K): boolean {
    const slot = this.#slotOf(key);
    if (slot === undefined) return false;
    this.#forget(key);
    this.#size--;
    this.#unlink(slot);
    this.#keys[slot] = undefined;
    this.#values[slot] = undefined;
    this.#free.push(slot);
    return true;
  }

  clear(): void {
    this.#stringSlots = Object.create(null) as Record<string, number>;
    this.#numberSlots = Object.create(null) as Record<number, number>;
    this.#otherSlots.clear();
    this.#size = 0;
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

  #slotOf(key: K): number | undefined {
    if (typeof key === 'string') return this.#stringSlots[key];
    if (typeof key === 'number') return this.#numberSlots[key];
    return this.#otherSlots.get(key);
  }

  #remember(key: K, slot: number): void {
    if (typeof key === 'string') this.#stringSlots[key] = slot;
    else if (typeof key === 'number') this.#numberSlots[key] = slot;
    else this.#otherSlots.set(key, slot);
  }

  #forget(key: K): void {
    if (typeof key === 'string') delete this.#stringSlots[key];
    else if (typeof key === 'number') delete this.#numberSlots[key];
    else this.#otherSlots.delete(key);
  }

  /** a new key while there is room: a freed slot, or the next unused one */
  #insert(key: K, value: V): void {
    const slot = this.#free.length > 0 ? (this.#free.pop() as number) : this.#allocate();
    this.#keys[slot] = storedKey(key);
    this.#values[slot] = value;
    this.#remember(key, slot);
    this.#size++;
    this.#newer[slot] = none;
    this.#older[slot] = this.#head;
    if (this.#head === none) this.#tail = slot;
    else this.#newer[this.#head] = slot;
    this.#head = slot;
  }

  /** a new key when full: the least recent entry's slot takes it and becomes the most recent */
  #replaceTail(key: K, value: V): void {
    const slot = this.#tail;
    this.#forget(this.#keys[slot] as K);
    this.#keys[slot] = storedKey(key);
    this.#values[slot] = value;
    this.#remember(key, slot);
    if (slot !== this.#head) this.#moveToHead(slot);
  }

  #allocate(): number {
    const slot = this.#used++;
    if (slot >= this.#newer.length) this.#grow();
    return slot;
  }

  #grow(): void {
    const length = Math.min(this.capacity, this.#newer.length * 2);
    const newer = new Int32Array(length);
    const older = new Int32Array(length);
    newer.set(this.#newer);
    older.set(this.#older);
    this.#newer = newer;
    this.#older = older;
  }

  /** moves a slot that is not already the head to the front of the recency list */
  #moveToHead(slot: number): void {
    const newer = this.#newer[slot] as number;
    const older = this.#older[slot] as number;
    this.#older[newer] = older;
    if (older === none) this.#tail = newer;
    else this.#newer[older] = newer;
    this.#newer[slot] = none;
    this.#older[slot] = this.#head;
    this.#newer[this.#head] = slot;
    this.#head = slot;
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
    throw new TypeError(`lru-cache.memoize: expected fn to be a function, got ${describe(fn)}`);
  }
  const capacity = checkCapacity('memoize', options);
  const keyOf = options.key ?? ((...args: A) => args[0] as K);
  if (typeof keyOf !== 'function') {
    throw new TypeError(`lru-cache.memoize: expected key to be a function, got ${describe(keyOf)}`);
  }
  const cache = new SlotLruCache<K, R>({ capacity });
  return function memoized(this: unknown, ...args: A): R {
    const key = keyOf(...args);
    const cached = cache.get(key);
    // an undefined result is cached too, so a miss is told apart by has
    if (cached !== undefined || cache.has(key)) return cached as R;
    const result = Reflect.apply(fn, this, args) as R;
    cache.set(key, result);
    return result;
  };
};
