// ttl-cache: a bounded cache whose entries expire a time-to-live after they were set, like the
// seed's cachetools TTLCache(maxsize, ttl). Time comes from an injected Clock; the model is a Map
// in recency order that drops expired entries on every call, the simplest thing that could be right.

import type { Clock } from '../harness/clock.ts';
import { defineSpec } from '../harness/spec.ts';

export interface TtlCacheOptions {
  /** maximum number of fresh entries; a positive integer */
  readonly capacity: number;
  /** default time-to-live of an entry in milliseconds; a positive number, Infinity for never */
  readonly ttlMs: number;
  /** where time comes from; defaults to the system clock */
  readonly clock?: Clock;
}

export interface TtlCacheSetOptions {
  /** this entry's time-to-live in milliseconds, instead of the cache's default */
  readonly ttlMs?: number;
}

export interface TtlCache<K, V> {
  /** the value of a fresh entry, marking it most recently used; undefined when absent or expired */
  get(key: K): V | undefined;
  /** inserts or replaces and (re)starts the entry's time-to-live; marks it most recently used */
  set(key: K, value: V, options?: TtlCacheSetOptions): void;
  /** whether key has a fresh entry; changes neither recency nor time-to-live */
  has(key: K): boolean;
  /** removes key; true when a fresh entry was there */
  delete(key: K): boolean;
  clear(): void;
  /** milliseconds until a fresh entry expires (Infinity: never); undefined when absent or expired */
  remainingTtlMs(key: K): number | undefined;
  /** the fresh entries, from most to least recently used; a snapshot */
  entries(): [K, V][];
  /** the number of fresh entries */
  readonly size: number;
  readonly capacity: number;
}

export type CreateTtlCache = <K, V>(options: TtlCacheOptions) => TtlCache<K, V>;

export interface TtlCacheModule {
  readonly default: CreateTtlCache;
}

export const ttlCacheSpec = defineSpec({
  id: 'ttl-cache',
  title: 'TTL cache: per-entry time-to-live with a size bound and LRU eviction',
  rules: {
    'TTL-1': 'get returns the value most recently set for a key while its entry is fresh, and undefined for a key never set, deleted or evicted.',
    'TTL-2': 'An entry set at time t with time-to-live d is fresh while now < t + d and expired from t + d on, that instant included (as cachetools TTLCache): no read (get, has, entries, remainingTtlMs) ever shows it again.',
    'TTL-3': 'A ttlMs given to set overrides the default for that entry; setting a present key replaces its value and restarts its time-to-live; reads never extend it.',
    'TTL-4': 'size equals the number of fresh entries and never exceeds capacity; expired entries do not count.',
    'TTL-5': 'When a set of a new key finds capacity fresh entries, exactly the least recently used one is evicted; expired entries go first and never push out a fresh one.',
    'TTL-6': 'get and set make a key the most recently used; has, size, entries and remainingTtlMs leave recency unchanged.',
    'TTL-7': 'entries returns every fresh entry once, from most to least recently used.',
    'TTL-8': 'remainingTtlMs is the time left before a fresh entry expires (Infinity for one that never does) and undefined for an absent or expired key.',
    'TTL-9': 'delete removes a key and returns whether a fresh entry was present; clear removes every entry.',
    'TTL-10': 'Time never runs backwards: a clock reading earlier than the latest the cache has seen counts as that latest, so stepping the clock back revives no entry and extends no time-to-live.',
    'TTL-11': 'Keys are compared by SameValueZero: objects by identity, NaN equal to NaN, and "__proto__" like any string.',
    'TTL-12': 'A capacity that is not a positive integer or a ttlMs (to create or set) that is not a positive number is a RangeError, and options that are not an object or a clock without now() a TypeError, each "ttl-cache.<method>: expected ...".',
  },
  exports: ['default'],
  smoke(module: TtlCacheModule) {
    const cache = module.default<string, number>({ capacity: 2, ttlMs: 1000 });
    cache.set('a', 1);
    return cache.get('a');
  },
});

interface ModelEntry<V> {
  readonly value: V;
  readonly expiresAtMs: number;
}

/**
 * The model: a Map whose insertion order is recency order (least recent first). Every call names
 * the clock reading; the model keeps the latest, drops what has expired by then, then acts.
 */
export class TtlCacheModel<K, V> {
  readonly #entries = new Map<K, ModelEntry<V>>();
  /** keys whose entry expired (rather than being deleted or evicted) since they were last set */
  readonly expired = new Set<K>();
  #latestMs = -Infinity;

  constructor(
    readonly capacity: number,
    readonly ttlMs: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`model capacity ${capacity}`);
    if (!(ttlMs > 0)) throw new RangeError(`model ttlMs ${ttlMs}`);
  }

  /** the time the cache acts at for a reading: never earlier than any reading before it */
  now(readingMs: number): number {
    this.#latestMs = Math.max(this.#latestMs, readingMs);
    for (const [key, entry] of [...this.#entries]) {
      if (entry.expiresAtMs <= this.#latestMs) {
        this.#entries.delete(key);
        this.expired.add(key);
      }
    }
    return this.#latestMs;
  }

  size(readingMs: number): number {
    this.now(readingMs);
    return this.#entries.size;
  }

  get(key: K, readingMs: number): V | undefined {
    this.now(readingMs);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Returns the key evicted to make room, if any. */
  set(key: K, value: V, readingMs: number, ttlMs = this.ttlMs): { evicted: K } | undefined {
    const nowMs = this.now(readingMs);
    this.#entries.delete(key);
    this.expired.delete(key);
    this.#entries.set(key, { value, expiresAtMs: nowMs + ttlMs });
    if (this.#entries.size <= this.capacity) return undefined;
    const oldest = this.#entries.keys().next().value as K;
    this.#entries.delete(oldest);
    return { evicted: oldest };
  }

  has(key: K, readingMs: number): boolean {
    this.now(readingMs);
    return this.#entries.has(key);
  }

  delete(key: K, readingMs: number): boolean {
    this.now(readingMs);
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }

  remainingTtlMs(key: K, readingMs: number): number | undefined {
    const nowMs = this.now(readingMs);
    const entry = this.#entries.get(key);
    return entry === undefined ? undefined : entry.expiresAtMs - nowMs;
  }

  /** fresh entries from most to least recently used */
  entries(readingMs: number): [K, V][] {
    this.now(readingMs);
    return [...this.#entries].map(([key, entry]): [K, V] => [key, entry.value]).reverse();
  }
}
