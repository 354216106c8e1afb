// Worked examples of ttl-cache: the seed's api_cache = TTLCache(maxsize=1000, ttl=3600) in front
// of an LLM call, step by step on a virtual clock, then edge cases a property rarely reaches on its
// own (capacity 1, fractional and infinite TTLs, awkward keys, the system clock) and misuse.

import { expect } from 'vitest';
import { VirtualClock } from '../harness/clock.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { ttlCacheSpec, type TtlCacheOptions } from '../spec/ttl-cache.ts';

const suite = await systemSuite(ttlCacheSpec);
const createTtlCache = suite.implementation.default;

const hourMs = 3_600_000;

/** the seed's cached_llm_call, with a counting stand-in for llm.complete */
function cachedLlm(clock: VirtualClock) {
  const apiCache = createTtlCache<string, string>({ capacity: 1000, ttlMs: hourMs, clock });
  const completed: string[] = [];
  const call = async (prompt: string): Promise<string> => {
    if (await apiCache.has(prompt)) return (await apiCache.get(prompt)) as string;
    completed.push(prompt);
    const result = `completion of ${prompt}`;
    await apiCache.set(prompt, result);
    return result;
  };
  return { apiCache, completed, call };
}

suite.check(['TTL-1', 'TTL-2'], "seed's api_cache answers a repeated prompt from cache for an hour, then calls the LLM again", async () => {
  const clock = new VirtualClock();
  const { completed, call } = cachedLlm(clock);
  const first = await call('What is a TTL?');
  clock.advance(hourMs - 1);
  const withinHour = await call('What is a TTL?');
  suite.rule('TTL-1', () => expect([first, withinHour, completed.length]).toEqual(['completion of What is a TTL?', first, 1]));
  clock.advance(1); // exactly one hour after the set: expired
  await call('What is a TTL?');
  suite.rule('TTL-2', () => expect(completed).toEqual(['What is a TTL?', 'What is a TTL?']));
});

suite.check(['TTL-4', 'TTL-5'], "seed's maxsize=1000: the 1001st distinct prompt evicts the least recently used one", async () => {
  const clock = new VirtualClock();
  const { apiCache, completed, call } = cachedLlm(clock);
  for (let index = 0; index < 1000; index++) await call(`prompt ${index}`);
  await call('prompt 0'); // a hit: prompt 0 is now the most recently used, prompt 1 the least
  await call('prompt 1000');
  const state = [await apiCache.size, await apiCache.has('prompt 0'), await apiCache.has('prompt 1'), await apiCache.has('prompt 2')];
  suite.rule('TTL-5', () => expect(state).toEqual([1000, true, false, true]));
  suite.rule('TTL-4', () => expect(completed.length).toBe(1001));
});

suite.check(['TTL-4', 'TTL-5'], 'a full cache whose entries have all expired takes new keys without evicting fresh ones', async () => {
  const clock = new VirtualClock();
  const cache = createTtlCache<string, number>({ capacity: 3, ttlMs: 100, clock });
  await cache.set('short-1', 1, { ttlMs: 10 });
  await cache.set('long', 2);
  await cache.set('short-2', 3, { ttlMs: 10 });
  clock.advance(10.5); // past the short ones' expiry, not on it: the instant itself is TTL-2's
  const sizeAfterExpiry = await cache.size;
  suite.rule('TTL-4', () => expect(sizeAfterExpiry, 'the two short-lived entries no longer count').toBe(1));
  await cache.set('x', 4);
  await cache.set('y', 5);
  const keys = (await cache.entries()).map(([key]) => key);
  suite.rule('TTL-5', () => expect(keys).toEqual(['y', 'x', 'long']));
});

suite.check(['TTL-1', 'TTL-4', 'TTL-5'], 'capacity 1 holds only the latest key; rewriting it evicts nothing', async () => {
  const cache = createTtlCache<string, string>({ capacity: 1, ttlMs: 50, clock: new VirtualClock() });
  await cache.set('x', 'first');
  await cache.set('x', 'second');
  const rewritten = [await cache.get('x'), await cache.size];
  suite.rule('TTL-1', () => expect(rewritten).toEqual(['second', 1]));
  await cache.set('y', 'third');
  const replaced = [await cache.has('x'), await cache.get('y'), await cache.size];
  suite.rule('TTL-5', () => expect(replaced).toEqual([false, 'third', 1]));
});

suite.check(['TTL-2', 'TTL-3', 'TTL-8'], 'fractional and infinite time-to-live: 0.5 ms expires half a millisecond later, Infinity never', async () => {
  const clock = new VirtualClock(7);
  const cache = createTtlCache<string, string>({ capacity: 4, ttlMs: Infinity, clock });
  await cache.set('blink', 'b', { ttlMs: 0.5 });
  await cache.set('forever', 'f');
  clock.advance(0.25);
  const halfway = [await cache.remainingTtlMs('blink'), await cache.remainingTtlMs('forever')];
  suite.rule('TTL-8', () => expect(halfway).toEqual([0.25, Infinity]));
  clock.advance(0.25);
  const gone = await cache.get('blink');
  suite.rule('TTL-2', () => expect(gone).toBeUndefined());
  clock.advance(1e12);
  const forever = await cache.get('forever');
  suite.rule('TTL-3', () => expect(forever, 'the default Infinity applies to entries set without ttlMs').toBe('f'));
});

suite.check('TTL-3', 'overwriting an entry with an Infinity ttlMs stops it expiring, and back again', async () => {
  const clock = new VirtualClock();
  const cache = createTtlCache<string, number>({ capacity: 2, ttlMs: 10, clock });
  await cache.set('a', 1);
  await cache.set('a', 2, { ttlMs: Infinity });
  clock.advance(1000);
  const kept = await cache.get('a');
  await cache.set('a', 3);
  clock.advance(10.5); // past the default 10 ms, not on the instant (TTL-2's)
  const expired = await cache.get('a');
  suite.rule('TTL-3', () => expect([kept, expired]).toEqual([2, undefined]));
});

suite.check('TTL-1', 'an undefined value is stored: has says so while get returns undefined', async () => {
  const cache = createTtlCache<string, undefined>({ capacity: 2, ttlMs: 10, clock: new VirtualClock() });
  await cache.set('nothing', undefined);
  const state = [await cache.has('nothing'), await cache.get('nothing'), await cache.size];
  suite.rule('TTL-1', () => expect(state).toEqual([true, undefined, 1]));
});

suite.check('TTL-11', 'keys compare by SameValueZero: 0 and -0, NaN, objects by identity, "__proto__"', async () => {
  const cache = createTtlCache<unknown, string>({ capacity: 10, ttlMs: 100, clock: new VirtualClock() });
  const twin = { id: 1 };
  await cache.set(-0, 'zero');
  await cache.set(Number.NaN, 'nan');
  await cache.set(twin, 'object');
  await cache.set('__proto__', 'proto');
  await cache.set('1', 'string one');
  await cache.set(1, 'number one');
  const reads = [await cache.get(0), await cache.get(0 / 0), await cache.get({ id: 1 }), await cache.get(twin), await cache.get('__proto__'), await cache.get('1'), await cache.get(1)];
  const size = await cache.size;
  suite.rule('TTL-11', () => {
    expect(reads).toEqual(['zero', 'nan', undefined, 'object', 'proto', 'string one', 'number one']);
    expect(size).toBe(6);
  });
});

suite.check(['TTL-1', 'TTL-9'], 'without a clock option the cache runs on the system clock', async () => {
  const cache = createTtlCache<string, number>({ capacity: 2, ttlMs: 60_000 });
  await cache.set('a', 1);
  const value = await cache.get('a');
  suite.rule('TTL-1', () => expect(value).toBe(1));
  const deleted = [await cache.delete('a'), await cache.delete('a')];
  suite.rule('TTL-9', () => expect(deleted).toEqual([true, false]));
});

suite.check('TTL-9', 'delete of an expired key reports false: nothing fresh was there', async () => {
  const clock = new VirtualClock();
  const cache = createTtlCache<string, number>({ capacity: 2, ttlMs: 10, clock });
  await cache.set('a', 1);
  clock.advance(10.5); // past the expiry, not on the instant (TTL-2's)
  const deleted = await cache.delete('a');
  suite.rule('TTL-9', () => expect(deleted).toBe(false));
});

const badTtls: readonly unknown[] = [0, -1, -Infinity, Number.NaN, '10', null];

suite.check('TTL-12', 'create rejects bad numbers with a RangeError and bad shapes with a TypeError', async () => {
  for (const capacity of [0, -1, 1.5, Number.NaN, Infinity, '2', null, undefined]) {
    await expectMisuse(suite, 'TTL-12', { call: () => createTtlCache({ capacity, ttlMs: 10 } as unknown as TtlCacheOptions), classes: RangeError, method: 'create' });
  }
  for (const ttlMs of [...badTtls, undefined]) {
    await expectMisuse(suite, 'TTL-12', { call: () => createTtlCache({ capacity: 2, ttlMs } as unknown as TtlCacheOptions), classes: RangeError, method: 'create' });
  }
  for (const options of [null, undefined, 5, 'options']) {
    await expectMisuse(suite, 'TTL-12', { call: () => createTtlCache(options as unknown as TtlCacheOptions), classes: TypeError, method: 'create' });
  }
  for (const clock of [{}, null, 42, { now: 5 }]) {
    await expectMisuse(suite, 'TTL-12', { call: () => createTtlCache({ capacity: 2, ttlMs: 10, clock } as unknown as TtlCacheOptions), classes: TypeError, method: 'create' });
  }
});

suite.check('TTL-12', 'set rejects a bad per-entry ttlMs with a RangeError and stores nothing', async () => {
  const cache = createTtlCache<string, number>({ capacity: 2, ttlMs: 10, clock: new VirtualClock() });
  for (const ttlMs of badTtls) await expectMisuse(suite, 'TTL-12', { call: () => cache.set('k', 1, { ttlMs } as unknown as { ttlMs: number }), classes: RangeError, method: 'set' });
  const stored = await cache.has('k');
  suite.rule('TTL-12', () => expect(stored, 'a rejected set stores nothing').toBe(false));
});
