// lru-cache at thousands of entries: a cache whose capacity runs past where an implementation may
// switch strategy (a first allocation that later grows, say) must keep order, room and values
// exactly as a small one does. One run fills the cache past capacity, reads, deletes, refills,
// clears and fills again, then compares everything with the spec's model.

import fc from 'fast-check';
import { expect } from 'vitest';
import { largeSize } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { LruCacheModel, type LruCache, type lruCacheSpec } from '../../spec/lru-cache.ts';

type LruSuite = Suite<typeof lruCacheSpec>;
type Cache = LruCache<number, number>;

const keyLimit = largeSize.max + 64;
const largeRun = fc.record({
  capacity: fc.integer(largeSize),
  extra: fc.integer({ min: 0, max: 64 }),
  reads: fc.array(fc.integer({ min: 0, max: keyLimit }), { maxLength: 40 }),
  deletes: fc.array(fc.integer({ min: 0, max: keyLimit }), { maxLength: 20 }),
  refill: fc.integer({ min: 0, max: 40 }),
  afterClear: fc.integer({ min: 1, max: largeSize.max }),
});

/** sets each key to its own value in cache and model alike */
async function setAll(cache: Cache, model: LruCacheModel<number, number>, keys: Iterable<number>): Promise<void> {
  for (const key of keys) {
    await cache.set(key, key);
    model.set(key, key);
  }
}

function range(from: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => from + index);
}

/** the same entries, most recent first, and the same size as the model */
async function expectLikeModel(suite: LruSuite, cache: Cache, model: LruCacheModel<number, number>, when: string): Promise<void> {
  const entries = [...(await cache.entries())];
  const size = await cache.size;
  const expected = model.entries();
  suite.rule('LRU-2', () => expect(size, `size ${when}`).toBe(model.size));
  const keysOf = (list: [number, number][]) => list.map(([key]) => key).sort((a, b) => a - b);
  suite.rule('LRU-3', () => expect(keysOf(entries), `the keys present ${when}`).toEqual(keysOf(expected)));
  // the right entries run backwards is an iteration slip (LRU-5); any other misorder is recency's
  const backwards = entries.length > 1 && JSON.stringify(entries) === JSON.stringify([...expected].reverse());
  suite.rule(backwards ? 'LRU-5' : 'LRU-4', () => expect(entries, `the recency order ${when}`).toEqual(expected));
}

function largeCheck(suite: LruSuite): void {
  const createLruCache = suite.implementation.default;
  suite.property(
    ['LRU-1', 'LRU-2', 'LRU-3', 'LRU-4', 'LRU-5', 'LRU-6'],
    'a cache of thousands of entries evicts, refreshes, deletes and clears like the model',
    fc.asyncProperty(largeRun, async ({ capacity, extra, reads, deletes, refill, afterClear }) => {
      const cache = createLruCache<number, number>({ capacity });
      const model = new LruCacheModel<number, number>(capacity);
      await setAll(cache, model, range(0, capacity + extra));
      await expectLikeModel(suite, cache, model, `after ${capacity + extra} sets`);
      for (const key of reads) {
        const value = await cache.get(key);
        suite.rule('LRU-1', () => expect(value, `get(${key})`).toBe(model.get(key)));
      }
      for (const key of deletes) {
        const deleted = await cache.delete(key);
        suite.rule('LRU-6', () => expect(deleted, `delete(${key})`).toBe(model.delete(key)));
      }
      await setAll(cache, model, range(keyLimit + 1, refill));
      await expectLikeModel(suite, cache, model, 'after reads, deletes and new keys');
      await cache.clear();
      model.clear();
      await setAll(cache, model, range(0, Math.min(afterClear, capacity + 1)));
      await expectLikeModel(suite, cache, model, 'after clear and a refill');
    }),
    { runsMax: 6 },
  );
}

export function largeChecks(suite: LruSuite): void {
  largeCheck(suite);
}
