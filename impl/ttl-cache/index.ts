// Reference TTL cache: a Map to entry objects threaded on a doubly linked recency list and on
// per-TTL expiry lists (expiry-schedule.ts). Expired entries are dropped only when the clock has
// moved forward, from the front of those lists, so a read at an unchanged time costs one reading.

import { systemClock, type Clock } from '../../harness/clock.ts';
import type { CreateTtlCache, TtlCache, TtlCacheOptions, TtlCacheSetOptions } from '../../spec/ttl-cache.ts';
import { ExpirySchedule, type ExpiryList, type Scheduled } from './expiry-schedule.ts';

class Entry<K, V> implements Scheduled<Entry<K, V>> {
  /** toward the more recently used neighbour */
  newer: Entry<K, V> | undefined = undefined;
  /** toward the less recently used neighbour */
  older: Entry<K, V> | undefined = undefined;
  list: ExpiryList<Entry<K, V>> | undefined = undefined;
  earlier: Entry<K, V> | undefined = undefined;
  later: Entry<K, V> | undefined = undefined;

  constructor(
    public key: K,
    public value: V,
    public expiresAtMs: number,
  ) {}
}

/** a misused argument for an error message; never throws, even for a prototype-free object */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function checkTtl(method: string, ttlMs: unknown): number {
  if (typeof ttlMs !== 'number' || !(ttlMs > 0)) {
    throw new RangeError(`ttl-cache.${method}: expected ttlMs to be a positive number of milliseconds, got ${describe(ttlMs)}`);
  }
  return ttlMs;
}

function checkOptions(options: unknown): { capacity: number; ttlMs: number; clock: Clock } {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`ttl-cache.create: expected an options object, got ${describe(options)}`);
  }
  const { capacity, ttlMs, clock = systemClock } = options as Partial<Record<keyof TtlCacheOptions, unknown>>;
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`ttl-cache.create: expected capacity to be a positive integer, got ${describe(capacity)}`);
  }
  if (typeof clock !== 'object' || clock === null || typeof (clock as Partial<Clock>).now !== 'function') {
    throw new TypeError(`ttl-cache.create: expected clock to have a now() method, got ${describe(clock)}`);
  }
  return { capacity, ttlMs: checkTtl('create', ttlMs), clock: clock as Clock };
}

class HeapTtlCache<K, V> implements TtlCache<K, V> {
  readonly capacity: number;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #entries = new Map<K, Entry<K, V>>();
  /** only entries with a finite expiry: the rest can never be dropped by time */
  readonly #expiries = new ExpirySchedule<Entry<K, V>>();
  /** entries removed from the cache, reused by later sets so steady churn allocates nothing */
  readonly #spare: Entry<K, V>[] = [];
  #newest: Entry<K, V> | undefined = undefined;
  #oldest: Entry<K, V> | undefined = undefined;
  #latestMs = -Infinity;

  constructor(options: TtlCacheOptions) {
    const { capacity, ttlMs, clock } = checkOptions(options);
    this.capacity = capacity;
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  get size(): number {
    this.#now();
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    this.#now();
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry !== this.#newest) this.#moveToNewest(entry);
    return entry.value;
  }

  has(key: K): boolean {
    this.#now();
    return this.#entries.has(key);
  }

  set(key: K, value: V, options?: TtlCacheSetOptions): void {
    const ttlMs = options?.ttlMs === undefined ? this.#ttlMs : checkTtl('set', options.ttlMs);
    const expiresAtMs = this.#now() + ttlMs;
    const entry = this.#entries.get(key);
    if (entry !== undefined) {
      entry.value = value;
      this.#expiries.remove(entry);
      entry.expiresAtMs = expiresAtMs;
      this.#expiries.add(entry, ttlMs);
      if (entry !== this.#newest) this.#moveToNewest(entry);
      return;
    }
    if (this.#entries.size >= this.capacity) this.#remove(this.#oldest as Entry<K, V>);
    // a Map keeps -0 as 0; the entry does the same so entries() shows one spelling per key
    const added = this.#entryFor(key === 0 ? (0 as K) : key, value, expiresAtMs);
    this.#entries.set(key, added);
    this.#expiries.add(added, ttlMs);
    this.#linkAsNewest(added);
  }

  delete(key: K): boolean {
    this.#now();
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#remove(entry);
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#spare.length = 0;
    this.#expiries.clear();
    this.#newest = undefined;
    this.#oldest = undefined;
  }

  remainingTtlMs(key: K): number | undefined {
    const nowMs = this.#now();
    const entry = this.#entries.get(key);
    return entry === undefined ? undefined : entry.expiresAtMs - nowMs;
  }

  entries(): [K, V][] {
    this.#now();
    const result: [K, V][] = [];
    for (let entry = this.#newest; entry !== undefined; entry = entry.older) result.push([entry.key, entry.value]);
    return result;
  }

  /** the cache's time: the latest clock reading so far; moving it forward drops what expired */
  #now(): number {
    const readingMs = this.#clock.now();
    if (readingMs > this.#latestMs) {
      this.#latestMs = readingMs;
      for (let first = this.#expiries.next(); first !== undefined && first.expiresAtMs <= readingMs; first = this.#expiries.next()) {
        this.#remove(first);
      }
    }
    return this.#latestMs;
  }

  #remove(entry: Entry<K, V>): void {
    this.#entries.delete(entry.key);
    this.#expiries.remove(entry);
    this.#unlink(entry);
    // the cache never holds more than capacity entries, so neither does the spare list
    entry.key = undefined as K;
    entry.value = undefined as V;
    this.#spare.push(entry);
  }

  #entryFor(key: K, value: V, expiresAtMs: number): Entry<K, V> {
    const entry = this.#spare.pop();
    if (entry === undefined) return new Entry(key, value, expiresAtMs);
    entry.key = key;
    entry.value = value;
    entry.expiresAtMs = expiresAtMs;
    return entry;
  }

  #linkAsNewest(entry: Entry<K, V>): void {
    entry.newer = undefined;
    entry.older = this.#newest;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }

  #unlink(entry: Entry<K, V>): void {
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    entry.newer = undefined;
    entry.older = undefined;
  }

  #moveToNewest(entry: Entry<K, V>): void {
    this.#unlink(entry);
    this.#linkAsNewest(entry);
  }
}

const createTtlCache: CreateTtlCache = <K, V>(options: TtlCacheOptions) => new HeapTtlCache<K, V>(options);
export default createTtlCache;
