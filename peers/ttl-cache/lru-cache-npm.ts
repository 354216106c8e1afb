// npm lru-cache (isaacs) behind ttl-cache's spec: a thin adapter, so a suite that fails it is
// demanding something a correct, widely used TTL cache does not do. It runs on the library's own
// TTL machinery: `max` = capacity, a per-entry `ttl` on every set (the constructor's `ttl` takes
// only positive integers, the spec also fractions and Infinity, which set's `ttl` takes as given),
// `updateAgeOnGet: false`, `ttlResolution: 0` (no cached now), and a `perf` clock fed from the
// spec's injected Clock. Bridged, each a documented choice of the library that the spec makes
// otherwise, with the library's own API:
// - the boundary: lru-cache keeps an entry fresh at exactly start + ttl (stale when now - start
//   > ttl), the spec (after cachetools) expires it then, so getRemainingTTL(key) <= 0 is expired;
// - time going back (TTL-10): perf.now() gives the latest clock reading seen, never an earlier one;
// - a start of 0 in its `starts` table means "no TTL", so perf.now() counts from 1 ms at creation
//   (as performance.now() counts from process start), never 0; differences are the clock's own;
// - stale entries keep their slots and count in `size`, and eviction takes the least recently used
//   slot stale or not (TTL-4, TTL-5): purgeStale() (plus the boundary's entries) before a new key
//   goes into a full cache and before size; reads filter by the same test;
// - delete() reports true for a stale entry; the spec counts only fresh ones (TTL-9);
// - set(key, undefined) is documented as delete(key): a sentinel stores undefined (TTL-1);
// - misuse is reported in the spec's format before the library sees it (TTL-12).
// It keeps a key as given (-0 stays -0, which SameValueZero allows); entries() is the library's,
// most recent first. Keys undefined and null are not supported (lru-cache skips them).

import { LRUCache } from 'lru-cache';
import type { Clock } from '../../harness/clock.ts';
import type { CreateTtlCache, TtlCache, TtlCacheOptions, TtlCacheSetOptions } from '../../spec/ttl-cache.ts';

/** a misused argument for a message; String() alone throws on a prototype-free object */
function describe(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
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
  const { capacity, ttlMs, clock } = options as Partial<Record<keyof TtlCacheOptions, unknown>>;
  if (typeof capacity !== 'number' || !Number.isSafeInteger(capacity) || capacity < 1) {
    throw new RangeError(`ttl-cache.create: expected capacity to be a positive integer, got ${describe(capacity)}`);
  }
  const checkedTtlMs = checkTtl('create', ttlMs);
  if (clock === undefined) return { capacity, ttlMs: checkedTtlMs, clock: { now: () => Date.now() } };
  if (typeof clock !== 'object' || clock === null || typeof (clock as Partial<Clock>).now !== 'function') {
    throw new TypeError(`ttl-cache.create: expected clock to have a now() method, got ${describe(clock)}`);
  }
  return { capacity, ttlMs: checkedTtlMs, clock: clock as Clock };
}

/** stands for an undefined value, which lru-cache's set() documents as a delete */
const undefinedValue = Symbol('undefined value');
type Stored<V> = V | typeof undefinedValue;
const stored = <V>(value: V): Stored<V> => (value === undefined ? undefinedValue : value);
const given = <V>(value: Stored<V> | undefined): V | undefined => (value === undefinedValue ? undefined : value);

class Adapter<K extends NonNullable<unknown>, V> implements TtlCache<K, V> {
  readonly capacity: number;
  readonly #ttlMs: number;
  readonly #clock: Clock;
  readonly #cache: LRUCache<K, NonNullable<Stored<V>>>;
  readonly #originMs: number;
  #latestMs: number;

  constructor(options: TtlCacheOptions) {
    const { capacity, ttlMs, clock } = checkOptions(options);
    this.capacity = capacity;
    this.#ttlMs = ttlMs;
    this.#clock = clock;
    this.#originMs = this.#latestMs = clock.now();
    const perf = { now: () => this.#latestMs - this.#originMs + 1 };
    this.#cache = new LRUCache<K, NonNullable<Stored<V>>>({ max: capacity, perf, ttlResolution: 0, updateAgeOnGet: false });
  }

  get size(): number {
    this.#tick();
    this.#dropExpired();
    return this.#cache.size;
  }

  get(key: K): V | undefined {
    this.#tick();
    if (!this.#isFresh(key)) {
      this.#cache.delete(key);
      return undefined;
    }
    return given(this.#cache.get(key));
  }

  set(key: K, value: V, options?: TtlCacheSetOptions): void {
    const ttl = options?.ttlMs === undefined ? this.#ttlMs : checkTtl('set', options.ttlMs);
    this.#tick();
    if (!this.#isFresh(key) && this.#cache.size >= this.capacity) this.#dropExpired();
    this.#cache.set(key, stored(value) as NonNullable<Stored<V>>, { ttl });
  }

  has(key: K): boolean {
    this.#tick();
    return this.#isFresh(key);
  }

  delete(key: K): boolean {
    this.#tick();
    const fresh = this.#isFresh(key);
    this.#cache.delete(key);
    return fresh;
  }

  clear(): void {
    this.#cache.clear();
  }

  remainingTtlMs(key: K): number | undefined {
    this.#tick();
    const remainingMs = this.#cache.getRemainingTTL(key);
    return remainingMs > 0 ? remainingMs : undefined;
  }

  entries(): [K, V][] {
    this.#tick();
    const result: [K, V][] = [];
    for (const [key, value] of this.#cache.entries()) if (this.#isFresh(key)) result.push([key, given(value) as V]);
    return result;
  }

  /** one clock reading per call; an earlier one than the latest counts as the latest */
  #tick(): void {
    this.#latestMs = Math.max(this.#latestMs, this.#clock.now());
  }

  /** fresh by the spec: some time is left (getRemainingTTL is 0 for an absent key) */
  #isFresh(key: K): boolean {
    return this.#cache.getRemainingTTL(key) > 0;
  }

  /** what is past its ttl (lru-cache's purgeStale) and what is exactly at it (the spec's boundary) */
  #dropExpired(): void {
    this.#cache.purgeStale();
    for (const key of [...this.#cache.keys()]) if (!this.#isFresh(key)) this.#cache.delete(key);
  }
}

const createTtlCache: CreateTtlCache = <K, V>(options: TtlCacheOptions) => new Adapter<K & NonNullable<unknown>, V>(options) as TtlCache<K, V>;
export default createTtlCache;
