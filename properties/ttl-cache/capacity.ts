// ttl-cache's capacity properties, one behaviour each: size counts only fresh entries, a new key
// beyond capacity evicts expired entries first and then the least recently used, which calls
// refresh recency (get, set) and which do not, and delete and clear freeing room.

import fc from 'fast-check';
import { expect } from 'vitest';
import { VirtualClock } from '../../harness/clock.ts';
import type { Suite } from '../../harness/suite.ts';
import type { TtlCache, ttlCacheSpec } from '../../spec/ttl-cache.ts';

type TtlSuite = Suite<typeof ttlCacheSpec>;
type CacheAt = (capacity: number, ttlMs: number, startMs?: number) => { cache: TtlCache<string, number>; clock: VirtualClock };

/** a maker of caches on a VirtualClock started at startMs */
export function cacheMaker(suite: TtlSuite): CacheAt {
  return (capacity, ttlMs, startMs = 0) => {
    const clock = new VirtualClock(startMs);
    return { cache: suite.implementation.default<string, number>({ capacity, ttlMs, clock }), clock };
  };
}

/** fills a cache with keys k0..k(capacity-1) in a shuffled order; returns that order */
export const fillOrderArbitrary = fc
  .integer({ min: 1, max: 8 })
  .chain((capacity) => fc.shuffledSubarray([...Array(capacity).keys()], { minLength: capacity, maxLength: capacity }))
  .map((order) => order.map((index) => `k${index}`));

export async function presentKeys(cache: TtlCache<string, number>, candidates: readonly string[]): Promise<string[]> {
  const present: string[] = [];
  for (const key of candidates) if (await cache.has(key)) present.push(key);
  return present;
}

type Touch = { readonly kind: 'get' | 'set' | 'has' | 'size' | 'entries' | 'remainingTtlMs'; readonly index: number };

async function touch(cache: TtlCache<string, number>, key: string, kind: Touch['kind']): Promise<void> {
  if (kind === 'get') await cache.get(key);
  else if (kind === 'set') await cache.set(key, -1);
  else if (kind === 'has') await cache.has(key);
  else if (kind === 'size') await cache.size;
  else if (kind === 'entries') await cache.entries();
  else await cache.remainingTtlMs(key);
}

/** TTL-4 */
function sizeCheck(suite: TtlSuite, cacheAt: CacheAt): void {
  suite.property(
    'TTL-4',
    'size counts exactly the fresh entries, capped by capacity',
    fc.asyncProperty(
      fc.integer({ min: 1, max: 8 }),
      // TTLs ending in .5 against whole-millisecond steps: no read is on an expiry instant (TTL-2's)
      fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 30 }).map((ms) => ms - 0.5), fc.integer({ min: 0, max: 10 })), { maxLength: 30 }),
      async (capacity, steps) => {
        const { cache, clock } = cacheAt(capacity, 10);
        const expiries = new Map<number, number>(); // key to expiry, for a cache without capacity
        for (const [key, ttlMs, stepMs] of steps) {
          await cache.set(`k${key}`, key, { ttlMs });
          expiries.set(key, clock.now() + ttlMs);
          clock.advance(stepMs);
          const freshCount = [...expiries.values()].filter((expiresAtMs) => expiresAtMs > clock.now()).length;
          const size = await cache.size;
          suite.rule('TTL-4', () => expect(size).toBeLessThanOrEqual(Math.min(capacity, freshCount)));
          if (capacity >= expiries.size) suite.rule('TTL-4', () => expect(size).toBe(freshCount));
        }
      },
    ),
  );
}

/** TTL-5 */
function evictionCheck(suite: TtlSuite, cacheAt: CacheAt): void {
  suite.property(
    'TTL-5',
    'a new key beyond capacity evicts the least recently used entry, or only expired ones when there are any',
    fc.asyncProperty(fillOrderArbitrary, fc.array(fc.boolean(), { maxLength: 8 }), async (fillOrder, shortLived) => {
      const capacity = fillOrder.length;
      const { cache, clock } = cacheAt(capacity, 100);
      // some entries live 10 ms, the rest 100 ms; after 50 ms only the long-lived are fresh
      for (const [index, key] of fillOrder.entries()) await cache.set(key, index, { ttlMs: shortLived[index] === true ? 10 : 100 });
      clock.advance(50);
      const fresh = fillOrder.filter((_, index) => shortLived[index] !== true);
      await cache.set('new', -1);
      const expected = fresh.length === capacity ? fresh.slice(1) : fresh;
      const present = await presentKeys(cache, [...fillOrder, 'new']);
      suite.rule('TTL-5', () => expect(present).toEqual([...expected, 'new']));
    }),
  );
}

/** TTL-6 */
function recencyCheck(suite: TtlSuite, cacheAt: CacheAt): void {
  suite.property(
    'TTL-6',
    'get and set refresh a key while has, size, entries and remainingTtlMs leave the eviction order alone',
    fc.asyncProperty(
      fillOrderArbitrary,
      fc.array(fc.record({ kind: fc.constantFrom<Touch['kind']>('get', 'set', 'has', 'size', 'entries', 'remainingTtlMs'), index: fc.nat() }), { maxLength: 12 }),
      async (fillOrder, touches) => {
        const capacity = fillOrder.length;
        const { cache } = cacheAt(capacity, Infinity);
        for (const key of fillOrder) await cache.set(key, 0);
        const order = [...fillOrder]; // least recent first
        for (const { kind, index } of touches) {
          const key = fillOrder[index % capacity] as string;
          await touch(cache, key, kind);
          if (kind !== 'get' && kind !== 'set') continue;
          order.splice(order.indexOf(key), 1);
          order.push(key);
        }
        // new keys, one at a time, must push the old ones out in recency order
        for (const [added, expectedVictim] of order.entries()) {
          await cache.set(`new${added}`, 0);
          const survived = await cache.has(expectedVictim);
          suite.rule('TTL-6', () => expect(survived, `${expectedVictim} should be least recent after ${JSON.stringify(touches)}`).toBe(false));
        }
      },
    ),
  );
}

/** TTL-9 */
function freeingCheck(suite: TtlSuite, cacheAt: CacheAt): void {
  suite.property(
    'TTL-9',
    'delete reports presence and frees room; clear empties the cache and frees all of it',
    fc.asyncProperty(fillOrderArbitrary, fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 8 }), async (fillOrder, doomed) => {
      const capacity = fillOrder.length;
      const { cache } = cacheAt(capacity, Infinity);
      for (const key of fillOrder) await cache.set(key, 0);
      const present = new Set(fillOrder);
      for (const index of doomed) {
        const key = `k${index}`;
        const deleted = await cache.delete(key);
        const value = await cache.get(key);
        suite.rule('TTL-9', () => expect([deleted, value], `delete(${key})`).toEqual([present.has(key), undefined]));
        present.delete(key);
      }
      for (let added = present.size; added < capacity; added++) await cache.set(`new${added}`, 0);
      const survivors = await presentKeys(cache, [...present]);
      suite.rule('TTL-9', () => expect(survivors.length, 'deleted keys still take up room').toBe(present.size));
      await cache.clear();
      const afterClear = [await cache.size, (await cache.entries()).length, (await presentKeys(cache, fillOrder)).length];
      suite.rule('TTL-9', () => expect(afterClear).toEqual([0, 0, 0]));
    }),
  );
}

export function capacityChecks(suite: TtlSuite): void {
  const cacheAt = cacheMaker(suite);
  for (const check of [sizeCheck, evictionCheck, recencyCheck, freeingCheck]) check(suite, cacheAt);
}
