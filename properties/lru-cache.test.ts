// Model-based properties of lru-cache: random command sequences run against the
// implementation and against the Map model in spec/, compared after every command.

import fc from 'fast-check';
import { expect } from 'vitest';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { LruCacheModel, lruCacheSpec, type LruCache } from '../spec/lru-cache.ts';

const suite = await systemSuite(lruCacheSpec);
const createLruCache = suite.implementation.default;

type Key = unknown;
type Model = LruCacheModel<Key, number>;
type Real = LruCache<Key, number>;
type Command = fc.AsyncCommand<Model, Real>;

// A small pool of awkward keys makes collisions, evictions and SameValueZero corner cases likely.
const objectKeys = [{}, {}, []];
const keyArbitrary: fc.Arbitrary<Key> = fc.oneof(
  fc.integer({ min: 0, max: 6 }),
  fc.constantFrom<Key>('a', 'b', '__proto__', 'constructor', Number.NaN, 0, -0, ...objectKeys),
);

async function expectSameEntries(model: Model, real: Real): Promise<void> {
  const entries = [...(await real.entries())];
  suite.rule('LRU-5', () => expect(entries).toEqual(model.entries()));
}

const commands: fc.Arbitrary<Command>[] = [
  fc.tuple(keyArbitrary, fc.integer()).map(([key, value]): Command => ({
    check: () => true,
    async run(model, real) {
      model.set(key, value);
      await real.set(key, value);
      const size = await real.size;
      suite.rule('LRU-2', () => expect(size).toBe(model.size));
    },
    toString: () => `set(${fc.stringify(key)}, ${value})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const value = await real.get(key);
      suite.rule('LRU-1', () => expect(value).toBe(model.get(key)));
    },
    toString: () => `get(${fc.stringify(key)})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const present = await real.has(key);
      suite.rule('LRU-3', () => expect(present).toBe(model.has(key)));
    },
    toString: () => `has(${fc.stringify(key)})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const deleted = await real.delete(key);
      suite.rule('LRU-6', () => expect(deleted).toBe(model.delete(key)));
    },
    toString: () => `delete(${fc.stringify(key)})`,
  })),
  fc.constant<Command>({
    check: () => true,
    async run(model, real) {
      model.clear();
      await real.clear();
    },
    toString: () => 'clear()',
  }),
  fc.constant<Command>({
    check: () => true,
    async run(model, real) {
      await expectSameEntries(model, real);
    },
    toString: () => 'entries()',
  }),
];

suite.property(
  ['LRU-1', 'LRU-2', 'LRU-3', 'LRU-4', 'LRU-5', 'LRU-6', 'LRU-7'],
  'agrees with the recency-ordered Map model on any sequence of operations',
  fc.asyncProperty(fc.integer({ min: 1, max: 5 }), replayableCommands(commands, { maxCommands: 60 }), async (capacity, sequence) => {
    const setup = () => ({ model: new LruCacheModel<Key, number>(capacity), real: createLruCache<Key, number>({ capacity }) });
    await fc.asyncModelRun(setup, sequence);
  }),
);
