// Properties of lru-cache: a model-based run against the recency-ordered Map model in spec/,
// then one focused property per rule, so a broken implementation is reported by the rule it
// breaks. Keys are compared by SameValueZero throughout, never by deep equality.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectAccepted, expectMisuse, valueLabel } from '../harness/misuse.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { capacityMax, LruCacheModel, lruCacheSpec, type LruCache } from '../spec/lru-cache.ts';
import { topicChecks } from './lru-cache/topics.ts';

const suite = await systemSuite(lruCacheSpec);
const createLruCache = suite.implementation.default;

type Key = unknown;
/** the spec's model, plus the key written last: the one entry no recency slip can explain losing */
class Model extends LruCacheModel<Key, number> {
  lastSet: { readonly key: Key } | undefined;

  override set(key: Key, value: number): { evicted: Key } | undefined {
    this.lastSet = { key };
    return super.set(key, value);
  }

  override clear(): void {
    this.lastSet = undefined;
    super.clear();
  }
}

type Real = LruCache<Key, number>;
type Command = fc.AsyncCommand<Model, Real>;

// Awkward keys: names a plain object already has, numbers and their strings (1 and "1" differ),
// 0 and -0 (one key), NaN, and objects equal in shape but not in identity.
const twinObjects: readonly object[] = [{}, {}, [], [0]];
const awkwardKeys: readonly Key[] = [-0, Number.NaN, '0', '1', '__proto__', 'constructor', ...twinObjects];
const keyPool: readonly Key[] = [
  0, 1, 2, 3, 4, 5, 6, ...awkwardKeys, -1, 1.5, 2 ** 32, Infinity,
  'NaN', 'a', 'hasOwnProperty', 'toString', true, null, undefined, Symbol('key'),
];
// Mostly a few plain keys, so gets hit and sets evict; now and then an awkward one.
const keyArbitrary: fc.Arbitrary<Key> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(...awkwardKeys) },
);

function sameValueZero(left: unknown, right: unknown): boolean {
  return left === right || (left !== left && right !== right);
}

const objectLabels = new WeakMap<object, string>();
let objectsLabelled = 0;

/**
 * A key's SameValueZero class as readable text, so expect() compares identities, not shapes or
 * spellings: the text comes from the class (its first member in the pool), never from the key as
 * the cache returned it, so a cache that hands back -0 where 0 went in (a Map would not, but
 * SameValueZero cannot tell them apart) is not blamed for it.
 */
function label(key: Key): string {
  const index = keyPool.findIndex((candidate) => sameValueZero(candidate, key));
  if (index >= 0) return `#${index} ${fc.stringify(keyPool[index])}`;
  if (typeof key === 'number') return fc.stringify(key === 0 ? 0 : key);
  if ((typeof key !== 'object' || key === null) && typeof key !== 'function') return fc.stringify(key);
  const known = objectLabels.get(key);
  if (known !== undefined) return known;
  const fresh = `object ${++objectsLabelled}`;
  objectLabels.set(key, fresh);
  return fresh;
}

async function entriesOf(real: Real): Promise<[Key, number][]> {
  return [...(await real.entries())];
}

/** keys(), values() and the iterator must each tell the same story as entries() */
async function expectConsistentIteration(real: Real, entries: [Key, number][]): Promise<void> {
  const keys = [...(await real.keys())].map(label);
  const values = [...(await real.values())];
  const iterated = [...real].map(([key, value]) => `${label(key)}=${value}`);
  suite.rule('LRU-5', () => {
    expect(keys).toEqual(entries.map(([key]) => label(key)));
    expect(values).toEqual(entries.map(([, value]) => value));
    expect(iterated).toEqual(entries.map(([key, value]) => `${label(key)}=${value}`));
    expect(new Set(entries.map(([key]) => label(key))).size).toBe(entries.length);
  });
}

/** Compares order, blaming LRU-5 for a list run backwards and LRU-4 for any other misordering. */
async function expectModelOrder(model: Model, real: Real): Promise<void> {
  const entries = await entriesOf(real);
  await expectConsistentIteration(real, entries);
  const actual = entries.map(([key, value]) => `${label(key)}=${value}`);
  const expected = model.entries().map(([key, value]) => `${label(key)}=${value}`);
  suite.rule('LRU-5', () => expect([...actual].sort()).toEqual([...expected].sort()));
  // run backwards right after a set (so the head is the key just written) is a direction slip
  const headJustSet = model.lastSet !== undefined && sameValueZero(model.entries()[0]?.[0], model.lastSet.key);
  const backwards = headJustSet && actual.length > 1 && actual.join() === [...expected].reverse().join();
  suite.rule(backwards ? 'LRU-5' : 'LRU-4', () => expect(actual).toEqual(expected));
  const again = (await entriesOf(real)).map(([key, value]) => `${label(key)}=${value}`);
  suite.rule('LRU-4', () => expect(again, 'iterating changed the recency order').toEqual(actual));
}

const setCommand = fc.tuple(keyArbitrary, fc.integer()).map(([key, value]): Command => ({
  check: () => true,
  async run(model, real) {
    const previous = model.lastSet;
    const outcome = model.set(key, value);
    await real.set(key, value);
    const size = await real.size;
    suite.rule('LRU-2', () => expect(size).toBe(model.size));
    const present = await real.has(key);
    suite.rule('LRU-1', () => expect(present, 'a key just set is present').toBe(true));
    if (outcome === undefined || !(await real.has(outcome.evicted))) return;
    // losing the previous write instead is eviction at the wrong end; anything else is a recency slip
    const wrongEnd = previous !== undefined && model.has(previous.key) && !(await real.has(previous.key));
    suite.rule(wrongEnd ? 'LRU-3' : 'LRU-4', () => expect.fail(`${label(outcome.evicted)} was least recently used`));
  },
  toString: () => `set(${fc.stringify(key)}, ${value})`,
}));

const getCommand = keyArbitrary.map((key): Command => ({
  check: () => true,
  async run(model, real) {
    const value = await real.get(key);
    suite.rule('LRU-1', () => expect(value).toBe(model.get(key)));
  },
  toString: () => `get(${fc.stringify(key)})`,
}));

/** every command is followed by a full comparison of the iteration order with the model */
function thenCompareOrder(command: Command): Command {
  return {
    check: () => true,
    async run(model, real) {
      await command.run(model, real);
      await expectModelOrder(model, real);
    },
    toString: () => command.toString(),
  };
}

// sets and gets are listed twice so they dominate: they are what fills the cache and reorders it
const commands: fc.Arbitrary<Command>[] = [
  setCommand,
  setCommand,
  getCommand,
  getCommand,
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const present = await real.has(key);
      suite.rule('LRU-1', () => expect(present).toBe(model.has(key)));
    },
    toString: () => `has(${fc.stringify(key)})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const deleted = await real.delete(key);
      const size = await real.size;
      suite.rule('LRU-6', () => {
        expect(deleted).toBe(model.delete(key));
        expect(size).toBe(model.size);
      });
    },
    toString: () => `delete(${fc.stringify(key)})`,
  })),
  fc.constant<Command>({
    check: () => true,
    async run(model, real) {
      model.clear();
      await real.clear();
      const size = await real.size;
      suite.rule('LRU-6', () => expect(size).toBe(0));
    },
    toString: () => 'clear()',
  }),
].map((command) => command.map(thenCompareOrder));

suite.property(
  ['LRU-1', 'LRU-2', 'LRU-3', 'LRU-4', 'LRU-5', 'LRU-6', 'LRU-7'],
  'agrees with the recency-ordered Map model on any sequence of operations',
  fc.asyncProperty(fc.integer({ min: 1, max: 4 }), replayableCommands(commands, { maxCommands: 60, size: '+1' }), async (capacity, sequence) => {
    const setup = () => ({ model: new Model(capacity), real: createLruCache<Key, number>({ capacity }) });
    await fc.asyncModelRun(setup, sequence);
  }),
  { runsFactor: 2 },
);

// ---- focused properties, one behaviour each ----

const capacityArbitrary = fc.integer({ min: 1, max: 8 });

suite.property(
  'LRU-1',
  'get returns the last value set for each key and undefined for keys never set',
  fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer()), { maxLength: 30 }), async (writes) => {
    const cache = createLruCache<string, number>({ capacity: 16 });
    const expected = new Map<string, number>();
    for (const [key, value] of writes) {
      await cache.set(`k${key}`, value);
      expected.set(`k${key}`, value);
    }
    for (let key = 0; key < 12; key++) {
      const value = await cache.get(`k${key}`);
      suite.rule('LRU-1', () => expect(value, `get("k${key}")`).toBe(expected.get(`k${key}`)));
    }
  }),
);

suite.property(
  'LRU-2',
  'size counts distinct keys and never exceeds capacity',
  fc.asyncProperty(capacityArbitrary, fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 40 }), async (capacity, keys) => {
    const cache = createLruCache<number, number>({ capacity });
    const seen = new Set<number>();
    const reported = await cache.capacity;
    suite.rule('LRU-2', () => expect(reported).toBe(capacity));
    for (const key of keys) {
      await cache.set(key, key);
      seen.add(key);
      const size = await cache.size;
      suite.rule('LRU-2', () => expect(size).toBe(Math.min(seen.size, capacity)));
    }
  }),
);

/** fills a cache with keys 0..capacity-1 in a shuffled order; returns that order */
const fillOrderArbitrary = capacityArbitrary.chain((capacity) =>
  fc.shuffledSubarray([...Array(capacity).keys()], { minLength: capacity, maxLength: capacity }),
);

async function presentKeys(cache: LruCache<number, number>, candidates: readonly number[]): Promise<number[]> {
  const present: number[] = [];
  for (const key of candidates) if (await cache.has(key)) present.push(key);
  return present;
}

suite.property(
  'LRU-3',
  'each new key beyond capacity evicts exactly the least recently used entry',
  fc.asyncProperty(fillOrderArbitrary, fc.integer({ min: 1, max: 10 }), async (fillOrder, newKeyCount) => {
    const capacity = fillOrder.length;
    const cache = createLruCache<number, number>({ capacity });
    for (const key of fillOrder) await cache.set(key, key);
    const order = [...fillOrder]; // least recent first
    for (let added = 0; added < newKeyCount; added++) {
      const key = 100 + added;
      await cache.set(key, key);
      order.push(key);
      order.shift();
      const present = await presentKeys(cache, [...fillOrder, ...order]);
      suite.rule('LRU-3', () => expect([...new Set(present)].sort((a, b) => a - b)).toEqual([...order].sort((a, b) => a - b)));
    }
  }),
);

type Touch = { readonly kind: 'get' | 'set' | 'has' | 'size' | 'entries' | 'keys' | 'values' | 'iterate'; readonly key: number };

function drain(iterable: Iterable<unknown>): void {
  for (const _item of iterable) continue;
}

async function touch(cache: LruCache<number, number>, { kind, key }: Touch): Promise<void> {
  if (kind === 'get') await cache.get(key);
  else if (kind === 'set') await cache.set(key, -key);
  else if (kind === 'has') await cache.has(key);
  else if (kind === 'size') await cache.size;
  else if (kind === 'entries') drain(await cache.entries());
  else if (kind === 'keys') drain(await cache.keys());
  else if (kind === 'values') drain(await cache.values());
  else drain(cache);
}

const touchesArbitrary = (capacity: number) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom<Touch['kind']>('get', 'set', 'has', 'size', 'entries', 'keys', 'values', 'iterate'),
      key: fc.integer({ min: 0, max: capacity - 1 }),
    }),
    { maxLength: 12 },
  );

suite.property(
  'LRU-4',
  'get and set refresh a key while has, size and iteration leave the eviction order alone',
  fc.asyncProperty(
    fillOrderArbitrary.chain((fillOrder) => fc.tuple(fc.constant(fillOrder), touchesArbitrary(fillOrder.length))),
    async ([fillOrder, touches]) => {
      const capacity = fillOrder.length;
      const cache = createLruCache<number, number>({ capacity });
      for (const key of fillOrder) await cache.set(key, key);
      const order = [...fillOrder]; // least recent first
      let lastSet = fillOrder[capacity - 1] as number;
      for (const step of touches) {
        await touch(cache, step);
        if (step.kind !== 'get' && step.kind !== 'set') continue;
        order.splice(order.indexOf(step.key), 1);
        order.push(step.key);
        if (step.kind === 'set') lastSet = step.key;
      }
      // evict every old key, one new key at a time: each must go in recency order
      for (let added = 0; added < capacity; added++) {
        const newKey = 100 + added;
        await cache.set(newKey, 0);
        const evicted = order.shift() as number;
        order.push(newKey);
        const previousSet = lastSet;
        lastSet = newKey;
        if (!(await cache.has(evicted))) continue;
        // losing the freshest write instead is eviction at the wrong end, which no recency slip explains
        const wrongEnd = capacity > 1 && !(await cache.has(previousSet));
        suite.rule(wrongEnd ? 'LRU-3' : 'LRU-4', () =>
          expect.fail(`key ${evicted} should be least recent after ${JSON.stringify(touches)}`),
        );
      }
    },
  ),
);

suite.property(
  'LRU-5',
  'iteration yields every entry once, most recently used first, in all four forms',
  fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: 50 }), { maxLength: 12 }), async (keys) => {
    const cache = createLruCache<number, number>({ capacity: 16 });
    for (const key of keys) await cache.set(key, key * 10);
    const expected = [...keys].reverse().map((key): [number, number] => [key, key * 10]);
    const entries = [...(await cache.entries())];
    suite.rule('LRU-5', () => expect(entries).toEqual(expected));
    await expectConsistentIteration(cache as Real, entries);
  }),
);

suite.property(
  'LRU-6',
  'delete reports presence and frees room; clear empties the cache and frees all of it',
  fc.asyncProperty(fillOrderArbitrary, fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 8 }), async (fillOrder, doomed) => {
    const capacity = fillOrder.length;
    const cache = createLruCache<number, number>({ capacity });
    for (const key of fillOrder) await cache.set(key, key);
    const present = new Set(fillOrder);
    for (const key of doomed) {
      const deleted = await cache.delete(key);
      const value = await cache.get(key);
      suite.rule('LRU-6', () => expect([deleted, value], `delete(${key})`).toEqual([present.has(key), undefined]));
      present.delete(key);
    }
    // the freed room takes new keys without evicting the survivors
    for (let added = present.size; added < capacity; added++) await cache.set(100 + added, 0);
    const survivors = await presentKeys(cache, [...present]);
    suite.rule('LRU-6', () => expect(survivors.length, 'deleted keys still take up room').toBe(present.size));
    await cache.clear();
    const sizeAfterClear = await cache.size;
    const leftAfterClear = await presentKeys(cache, [...fillOrder, ...Array.from({ length: capacity }, (_, index) => 100 + index)]);
    suite.rule('LRU-6', () => expect([sizeAfterClear, leftAfterClear]).toEqual([0, []]));
    for (const key of fillOrder) await cache.set(key, key);
    const refilled = await presentKeys(cache, fillOrder);
    suite.rule('LRU-6', () => expect(refilled.length, 'cleared entries still take up room').toBe(capacity));
  }),
);

const sameValueZeroPairs: readonly (readonly [Key, Key])[] = [
  [Number.NaN, 0 / 0],
  [0, -0],
  [-0, 0],
];

suite.property(
  'LRU-7',
  'keys compare by SameValueZero: identity for objects, NaN and ±0 as one key, inherited names as plain strings',
  fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...keyPool), fc.integer()), { maxLength: 25 }), fc.constantFrom(...keyPool), async (writes, probe) => {
    const cache = createLruCache<Key, number>({ capacity: 64 });
    const expected = new Map<Key, number>();
    const probedFresh = await cache.has(probe);
    suite.rule('LRU-7', () => expect(probedFresh, `has(${fc.stringify(probe)}) on an empty cache`).toBe(false));
    for (const [key, value] of writes) {
      await cache.set(key, value);
      expected.set(key, value);
    }
    for (const key of [...keyPool, ...sameValueZeroPairs.map(([, twin]) => twin)]) {
      const [value, present] = [await cache.get(key), await cache.has(key)];
      suite.rule('LRU-7', () => expect([value, present], label(key)).toEqual([expected.get(key), expected.has(key)]));
    }
  }),
);

const badCapacities: readonly unknown[] = [0, -1, 1.5, Number.NaN, Infinity, -Infinity, '3', undefined, null, true, 2 ** 53, {}];

suite.property(
  'LRU-8',
  'a capacity that is not a positive integer is a RangeError naming lru-cache; positive integers are accepted',
  fc.asyncProperty(
    fc.oneof(
      fc.constantFrom(...badCapacities),
      fc.double({ noNaN: false }).filter((value) => !Number.isInteger(value) || value < 1),
      fc.integer({ min: -1000, max: 0 }),
    ),
    fc.integer({ min: 1, max: 2 ** 16 }),
    async (bad, good) => {
      await expectMisuse(suite, 'LRU-8', { call: () => createLruCache({ capacity: bad as number }), classes: RangeError, format: 'system named', label: `capacity ${valueLabel(bad)}` });
      await expectAccepted(suite, 'LRU-8', `capacity ${good}`, () => createLruCache({ capacity: good }));
    },
  ),
);

suite.check('LRU-8', 'missing or empty options are a RangeError naming lru-cache', async () => {
  const create = createLruCache as (options?: unknown) => unknown;
  for (const options of [undefined, null, {}, { max: 3 }]) {
    await expectMisuse(suite, 'LRU-8', { call: () => create(options), classes: RangeError, format: 'system named', label: `create(${fc.stringify(options)})` });
  }
});

// The documented maximum itself is accepted, not only bad capacities rejected. Above capacityMax the
// spec lets an implementation choose, so nothing there is demanded (aroundLimits' max + 1 is not
// used); the caches are built one at a time so one that allocates up front frees each in turn.
suite.check('LRU-8', 'capacities 1, 2, capacityMax - 1 and capacityMax are accepted and reported as given', async () => {
  for (const capacity of [1, 2, capacityMax - 1, capacityMax]) {
    let outcome: unknown;
    try {
      outcome = await createLruCache<Key, number>({ capacity }).capacity;
    } catch (error) {
      outcome = error;
    }
    suite.rule('LRU-8', () => expect(outcome, `capacity ${capacity}`).toBe(capacity));
  }
});

topicChecks(suite, badCapacities);
