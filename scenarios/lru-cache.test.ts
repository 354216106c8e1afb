// Worked examples of lru-cache: the seed's OrderedDict LRUCache(maxsize) and its
// functools.lru_cache memoizer translated step by step, then edge cases a property rarely
// reaches on its own (capacity 1, undefined values, slot reuse, a huge capacity, misuse).

import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { capacityMax, lruCacheSpec, type LruCache } from '../spec/lru-cache.ts';

const suite = await systemSuite(lruCacheSpec);
const createLruCache = suite.implementation.default;
const memoize = suite.implementation.memoize;

async function keysOf<K, V>(cache: LruCache<K, V>): Promise<K[]> {
  return [...(await cache.keys())];
}

suite.check('LRU-3', "seed's LRUCache(maxsize=2): put a, put b, put c pops the oldest, a", async () => {
  const cache = createLruCache<string, number>({ capacity: 2 });
  await cache.set('a', 1);
  await cache.set('b', 2);
  await cache.set('c', 3); // len > maxsize: popitem(last=False) removes a
  const state = [await cache.get('a'), await cache.get('b'), await cache.get('c')];
  suite.rule('LRU-3', () => expect(state).toEqual([undefined, 2, 3]));
});

suite.check(['LRU-1', 'LRU-4'], "seed's LRUCache(maxsize=2): put a, put b, get a, put c evicts b", async () => {
  const cache = createLruCache<string, number>({ capacity: 2 });
  await cache.set('a', 1);
  await cache.set('b', 2);
  const a = await cache.get('a'); // move_to_end('a'): b is now the oldest
  suite.rule('LRU-1', () => expect(a).toBe(1));
  await cache.set('c', 3);
  const afterC = [await cache.get('b'), await cache.get('a'), await cache.get('c')];
  suite.rule('LRU-4', () => expect(afterC, 'the get saved a, so b goes').toEqual([undefined, 1, 3]));
  // get('a') then get('c') left c the most recent, so d pushes a out
  await cache.set('d', 4);
  const afterD = [await cache.has('a'), await cache.has('c'), await cache.has('d')];
  suite.rule('LRU-4', () => expect(afterD, 'a evicted after c was read last').toEqual([false, true, true]));
});

suite.check(['LRU-2', 'LRU-4'], "seed's put of a present key updates it in place and moves it to the end", async () => {
  const cache = createLruCache<string, number>({ capacity: 2 });
  await cache.set('a', 1);
  await cache.set('b', 2);
  await cache.set('a', 10); // key in cache: move_to_end, then overwrite; nothing evicted
  const size = await cache.size;
  suite.rule('LRU-2', () => expect(size).toBe(2));
  await cache.set('c', 3);
  const state = [await cache.get('a'), await cache.get('b')];
  suite.rule('LRU-4', () => expect(state, 'the rewritten a outlives b').toEqual([10, undefined]));
});

suite.check(['LRU-3', 'LRU-5'], "seed's default maxsize=1000 keeps the newest 1000 of 1500 tokens", async () => {
  const cache = createLruCache<string, number>({ capacity: 1000 });
  for (let index = 0; index < 1500; index++) await cache.set(`token-${index}`, index);
  const keys = await keysOf(cache);
  const expected = Array.from({ length: 1000 }, (_, offset) => `token-${1499 - offset}`);
  suite.rule('LRU-3', () => expect([...keys].sort()).toEqual([...expected].sort()));
  suite.rule('LRU-5', () => expect(keys).toEqual(expected));
});

suite.check(['LRU-9', 'LRU-10'], "seed's lru_cache(maxsize=1024) embedding cache computes each text once", async () => {
  const computed: string[] = [];
  const embed = memoize(
    (text: string): readonly number[] => {
      computed.push(text);
      return [...text].map((character) => character.charCodeAt(0) / 128);
    },
    { capacity: 1024 },
  );
  const texts = ['hello', 'world', 'hello', 'lru', 'world', 'hello'];
  const embeddings: (readonly number[])[] = [];
  for (const text of texts) embeddings.push(await embed(text));
  suite.rule('LRU-9', () => {
    expect(computed).toEqual(['hello', 'world', 'lru']);
    expect(embeddings[2]).toEqual(embeddings[0]);
    expect(embeddings[0]).toEqual([104 / 128, 101 / 128, 108 / 128, 108 / 128, 111 / 128]);
  });
  for (let index = 0; index < 1024; index++) await embed(`filler ${index}`);
  const before = computed.length;
  await embed('hello'); // 1024 newer texts pushed it out
  suite.rule('LRU-10', () => expect(computed.length - before).toBe(1));
});

suite.check(['LRU-9', 'LRU-10'], 'a recursive fibonacci memoized with capacity 3 is right and computes each n once', async () => {
  let calls = 0;
  const fibonacci: (n: number) => number = memoize(
    (n: number): number => {
      calls++;
      return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
    },
    { capacity: 3 },
  );
  const result = await fibonacci(25);
  // fib(n-1) leaves n-1, n-3 and n-2 cached, so fib(n-2) is a hit: one call per n (the
  // unmemoized recursion would make 242785)
  suite.rule('LRU-9', () => expect(result).toBe(75025));
  suite.rule('LRU-10', () => expect(calls).toBe(26));
});

suite.check('LRU-9', 'memoize caches an undefined result like any other', async () => {
  let calls = 0;
  const lookup = memoize((_key: string): undefined => {
    calls++;
    return undefined;
  }, { capacity: 4 });
  const results = [await lookup('missing'), await lookup('missing'), await lookup('missing')];
  suite.rule('LRU-9', () => expect([results, calls]).toEqual([[undefined, undefined, undefined], 1]));
});

suite.check('LRU-9', 'memoize keys by SameValueZero: NaN is one key, -0 and 0 are one key', async () => {
  const seen: unknown[] = [];
  const identity = memoize((value: number) => {
    seen.push(value);
    return String(value);
  }, { capacity: 8 });
  for (const value of [Number.NaN, 0 / 0, 0, -0, Number.NaN]) await identity(value);
  suite.rule('LRU-9', () => expect(seen.length, 'fn calls for NaN, NaN, 0, -0, NaN').toBe(2));
});

suite.check(['LRU-11'], 'a failing call is retried next time and its error reaches the caller untouched', async () => {
  let attempts = 0;
  const failure = new TypeError('upstream is down');
  const fetchOnce = memoize((url: string) => {
    attempts++;
    if (attempts === 1) throw failure;
    return `body of ${url}`;
  }, { capacity: 2 });
  let caught: unknown;
  try {
    await fetchOnce('/a');
  } catch (error) {
    caught = error;
  }
  const retried = await fetchOnce('/a');
  const again = await fetchOnce('/a');
  suite.rule('LRU-11', () => {
    expect(caught).toBe(failure);
    expect([retried, again, attempts]).toEqual(['body of /a', 'body of /a', 2]);
  });
});

suite.check(['LRU-1', 'LRU-2', 'LRU-3'], 'capacity 1 holds only the latest key; rewriting it evicts nothing', async () => {
  const cache = createLruCache<string, string>({ capacity: 1 });
  await cache.set('x', 'first');
  await cache.set('x', 'second');
  const rewritten = [await cache.get('x'), await cache.size];
  suite.rule('LRU-1', () => expect(rewritten).toEqual(['second', 1]));
  await cache.set('y', 'third');
  const replaced = [await cache.has('x'), await cache.get('y'), await cache.size];
  suite.rule('LRU-3', () => expect(replaced).toEqual([false, 'third', 1]));
  const size = await cache.size;
  suite.rule('LRU-2', () => expect(size).toBeLessThanOrEqual(1));
});

suite.check(['LRU-1', 'LRU-2'], 'a key set to undefined is present, counted and readable as undefined', async () => {
  const cache = createLruCache<string, undefined | number>({ capacity: 3 });
  await cache.set('empty', undefined);
  const state = [await cache.has('empty'), await cache.get('empty'), await cache.size];
  suite.rule('LRU-1', () => expect(state.slice(0, 2)).toEqual([true, undefined]));
  suite.rule('LRU-2', () => expect(state[2]).toBe(1));
});

suite.check(['LRU-5', 'LRU-6'], 'deleting the head, the tail and a middle key keeps the rest in order', async () => {
  const cache = createLruCache<number, number>({ capacity: 5 });
  for (const key of [1, 2, 3, 4, 5]) await cache.set(key, key);
  const deleted = [await cache.delete(5), await cache.delete(1), await cache.delete(3), await cache.delete(3)];
  suite.rule('LRU-6', () => expect(deleted).toEqual([true, true, true, false]));
  const keys = await keysOf(cache);
  suite.rule('LRU-5', () => expect(keys).toEqual([4, 2]));
  // the three freed slots take three new keys without evicting 4 or 2
  for (const key of [6, 7, 8]) await cache.set(key, key);
  const refilled = await keysOf(cache);
  suite.rule('LRU-6', () => expect(refilled).toEqual([8, 7, 6, 4, 2]));
  await cache.set(9, 9);
  const evicted = await keysOf(cache);
  suite.rule('LRU-3', () => expect([...evicted].sort()).toEqual([4, 6, 7, 8, 9]));
  suite.rule('LRU-5', () => expect(evicted).toEqual([9, 8, 7, 6, 4]));
});

suite.check(['LRU-3', 'LRU-6'], 'a cleared cache fills and evicts from scratch', async () => {
  const cache = createLruCache<string, number>({ capacity: 2 });
  await cache.set('a', 1);
  await cache.set('b', 2);
  await cache.clear();
  const cleared = [await cache.size, await cache.get('a'), await keysOf(cache)];
  suite.rule('LRU-6', () => expect(cleared).toEqual([0, undefined, []]));
  await cache.set('c', 3);
  await cache.set('d', 4);
  await cache.set('e', 5);
  const present = [await cache.has('c'), await cache.has('d'), await cache.has('e')];
  suite.rule('LRU-3', () => expect(present).toEqual([false, true, true]));
});

suite.check(['LRU-7'], '"__proto__", "constructor" and friends are ordinary keys, absent until set', async () => {
  const cache = createLruCache<string, number>({ capacity: 8 });
  const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];
  const fresh: [boolean, number | undefined][] = [];
  for (const name of names) fresh.push([await cache.has(name), await cache.get(name)]);
  suite.rule('LRU-7', () => expect(fresh).toEqual(names.map(() => [false, undefined])));
  for (const [index, name] of names.entries()) await cache.set(name, index);
  const stored: (number | undefined)[] = [];
  for (const name of names) stored.push(await cache.get(name));
  const size = await cache.size;
  suite.rule('LRU-7', () => expect([stored, size]).toEqual([[0, 1, 2, 3, 4, 5], 6]));
});

suite.check(['LRU-7'], 'the number 1 and the string "1" are different keys, as are true and "true"', async () => {
  const cache = createLruCache<unknown, string>({ capacity: 8 });
  for (const key of [1, '1', true, 'true', null, 'null', undefined, 'undefined']) await cache.set(key, typeof key);
  const values: (string | undefined)[] = [];
  for (const key of [1, '1', true, 'true', null, 'null', undefined, 'undefined']) values.push(await cache.get(key));
  suite.rule('LRU-7', () =>
    expect(values).toEqual(['number', 'string', 'boolean', 'string', 'object', 'string', 'undefined', 'string']),
  );
});

// No memory bound is asserted (the spec allows allocating up front); this pins down that a cache
// far from full, growing past any first allocation, still counts and orders its entries right.
suite.check(['LRU-2', 'LRU-5'], 'a capacity of capacityMax (2**24) holding a few thousand entries behaves like any small cache', async () => {
  const cache = createLruCache<number, number>({ capacity: capacityMax });
  for (let key = 0; key < 3000; key++) await cache.set(key, key * key);
  const [size, capacity, keys] = [await cache.size, await cache.capacity, await keysOf(cache)];
  suite.rule('LRU-2', () => expect([size, capacity]).toEqual([3000, capacityMax]));
  const expected = Array.from({ length: 3000 }, (_, index) => 2999 - index);
  suite.rule('LRU-5', () => expect(keys).toEqual(expected));
});

suite.check(['LRU-3', 'LRU-5'], 'slots reused across many evictions keep a consistent order', async () => {
  const cache = createLruCache<number, number>({ capacity: 3 });
  for (let key = 0; key < 1000; key++) {
    await cache.set(key, key);
    if (key % 7 === 0) await cache.get(key - 2); // revive an older key now and then
  }
  const keys = await keysOf(cache);
  suite.rule('LRU-3', () => expect([...keys].sort()).toEqual([997, 998, 999]));
  // 994 % 7 === 0 revived 992, then 995..999 pushed everything older out
  suite.rule('LRU-5', () => expect(keys).toEqual([999, 998, 997]));
});

suite.check(['LRU-8', 'LRU-12'], 'misuse messages name the system and the method', async () => {
  const create = createLruCache as (options?: unknown) => unknown;
  const loose = memoize as (fn: unknown, options?: unknown) => unknown;
  await expectMisuse(suite, 'LRU-8', { call: () => create({ capacity: 0 }), classes: RangeError, value: 0, mentions: /got 0$/ });
  await expectMisuse(suite, 'LRU-8', { call: () => create({ capacity: '3' }), classes: RangeError, value: '3', mentions: /got "?3"?/ });
  await expectMisuse(suite, 'LRU-12', { call: () => loose('not a function', { capacity: 2 }), classes: TypeError, method: 'memoize' });
  await expectMisuse(suite, 'LRU-12', { call: () => loose(() => 0, { capacity: -2 }), classes: RangeError, method: 'memoize', value: -2, mentions: /got -2$/ });
});

/** what the "got" part of a misuse message must mention, whatever the wording around it */
function mentionOf(value: unknown): RegExp {
  const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // a function may be named as such or printed as its source
  if (typeof value === 'function') return new RegExp(`function|${literally(String(value))}`, 'i');
  if (Array.isArray(value)) return /array|\[/i;
  if (typeof value === 'object' && value !== null) return /object|\{/i;
  return new RegExp(literally(String(value)));
}

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

// Rule 6's format, not its wording: "<id>.<method>: expected <what>, got <value>", where the value
// part says what was given (a prototype-free object included, which String() cannot print).
suite.check(['LRU-8', 'LRU-12'], 'each misuse message names the method, what was expected and the value given', () => {
  const create = createLruCache as (options?: unknown) => unknown;
  const loose = memoize as (fn: unknown, options?: unknown) => unknown;
  const badValues: unknown[] = ['3', 'x y', -2, 0.5, null, undefined, true, () => 4, [4], {}, Object.create(null)];
  for (const bad of badValues) {
    const cases: ['LRU-8' | 'LRU-12', string, unknown, typeof TypeError | typeof RangeError][] = [
      ['LRU-8', 'create', thrown(() => create({ capacity: bad })), RangeError],
      ['LRU-12', 'memoize', thrown(() => loose(() => 0, { capacity: bad })), RangeError],
    ];
    if (typeof bad !== 'function') {
      cases.push(['LRU-12', 'memoize', thrown(() => loose(bad, { capacity: 2 })), TypeError]);
      if (bad !== undefined && bad !== null) cases.push(['LRU-12', 'memoize', thrown(() => loose(() => 0, { capacity: 2, key: bad })), TypeError]);
    }
    for (const [rule, method, error, type] of cases) {
      suite.rule(rule, () => {
        expect(error, `${method} with ${typeof bad} ${String(typeof bad === 'object' ? 'object' : bad)}`).toBeInstanceOf(type);
        const message = (error as Error).message;
        expect(message).toMatch(new RegExp(`^lru-cache\\.${method}: expected .+, got \\S`));
        expect(message.slice(message.lastIndexOf(', got '))).toMatch(mentionOf(bad));
      });
    }
  }
});

suite.check('LRU-12', 'a memoize key option that is given must be a function; an absent one keys by the first argument', async () => {
  const loose = memoize as (fn: unknown, options?: unknown) => (...args: unknown[]) => unknown;
  for (const key of ['first', 0, {}, true]) {
    await expectMisuse(suite, 'LRU-12', { call: () => loose(() => 0, { capacity: 2, key }), classes: TypeError, format: 'system named', label: `memoize with key ${String(key)}` });
  }
  let calls = 0;
  const byFirst = loose((first: unknown) => ++calls + String(first), { capacity: 2, key: undefined });
  const results = [await byFirst('a', 1), await byFirst('a', 2)];
  suite.rule('LRU-12', () => expect([results, calls]).toEqual([['1a', '1a'], 1]));
});
