// lru-cache's memoize: against an LRU model of the cached keys (fn runs exactly on misses), with
// room for every key, past capacity, when fn throws (nothing cached, the same error), and misuse.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectAccepted, expectMisuse, valueLabel } from '../../harness/misuse.ts';
import { falsyValues } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { LruCacheModel, type lruCacheSpec } from '../../spec/lru-cache.ts';

type LruSuite = Suite<typeof lruCacheSpec>;

const callsArbitrary = fc.array(
  fc.record({ key: fc.integer({ min: 0, max: 7 }), extra: fc.integer({ min: 0, max: 3 }) }),
  { maxLength: 40 },
);

/** an fn that records its calls and answers with a value that says which call produced it */
function recordingFunction() {
  const calls: { self: unknown; args: unknown[] }[] = [];
  const fn = function (this: unknown, ...args: unknown[]): string {
    calls.push({ self: this, args });
    return `${String(args[0])}#${calls.length}`;
  };
  return { fn, calls };
}

async function settle(call: () => unknown): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

const notFunctions: readonly unknown[] = [undefined, null, 42, 'fn', {}, [], Symbol('fn'), true];

function modelCheck(suite: LruSuite): void {
  const memoize = suite.implementation.memoize;
  suite.property(
    ['LRU-9', 'LRU-10'],
    'memoize agrees with an LRU model of cached keys: fn runs exactly on misses',
    fc.asyncProperty(fc.integer({ min: 1, max: 5 }), callsArbitrary, async (capacity, calls) => {
      const { fn, calls: made } = recordingFunction();
      const memoized = memoize(fn, { capacity });
      const model = new LruCacheModel<number, string>(capacity);
      const seen = new Set<number>();
      const receiver = { name: 'receiver' };
      for (const { key, extra } of calls) {
        const before = made.length;
        const cached = model.has(key);
        const mostRecent = model.entries()[0]?.[0] === key;
        const result = await memoized.call(receiver, key, extra);
        const called = made.length > before;
        // a key that was the last one used cannot have been evicted, and a key never seen cannot be cached
        const blame = (cached && mostRecent) || (!cached && !seen.has(key)) ? 'LRU-9' : 'LRU-10';
        suite.rule(blame, () => expect(called, `fn called for ${key} (cached in the model: ${cached})`).toBe(!cached));
        if (cached) {
          suite.rule('LRU-9', () => expect(result).toBe(model.get(key)));
          continue;
        }
        const call = made[made.length - 1];
        suite.rule('LRU-9', () => {
          expect(call?.self, 'this is passed through').toBe(receiver);
          expect(call?.args).toEqual([key, extra]);
          expect(result).toBe(`${key}#${made.length}`);
        });
        model.set(key, result);
        seen.add(key);
      }
    }),
  );
}

function roomCheck(suite: LruSuite): void {
  const memoize = suite.implementation.memoize;
  suite.property(
    'LRU-9',
    'memoize with room for every key calls fn once per key, by the custom key when given',
    fc.asyncProperty(callsArbitrary, fc.boolean(), async (calls, byCustomKey) => {
      const { fn, calls: made } = recordingFunction();
      const keyOf = (key: unknown, extra: unknown): string => `${String(key)}/${String(extra)}`;
      const memoized = byCustomKey ? memoize(fn, { capacity: 64, key: keyOf }) : memoize(fn, { capacity: 64 });
      const results = new Map<unknown, unknown>();
      for (const { key, extra } of calls) {
        const cacheKey = byCustomKey ? keyOf(key, extra) : key;
        const result = await memoized(key, extra);
        const expected = results.get(cacheKey) ?? `${key}#${made.length}`;
        suite.rule('LRU-9', () => expect(result, `call (${key}, ${extra})`).toBe(expected));
        results.set(cacheKey, result);
      }
      suite.rule('LRU-9', () => expect(made.length, 'fn calls').toBe(results.size));
    }),
  );
}

function recencyCheck(suite: LruSuite): void {
  const memoize = suite.implementation.memoize;
  suite.property(
    'LRU-10',
    'memoize keeps the capacity most recently used results and recomputes older ones',
    fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), async (capacity, extraKeys) => {
      const { fn, calls: made } = recordingFunction();
      const memoized = memoize(fn, { capacity });
      const keyCount = capacity + extraKeys;
      for (let key = 0; key < keyCount; key++) await memoized(key);
      const before = made.length;
      for (let key = keyCount - 1; key >= keyCount - capacity; key--) await memoized(key);
      suite.rule('LRU-10', () => expect(made.length - before, 'the most recent keys were recomputed').toBe(0));
      await memoized(0);
      suite.rule('LRU-10', () => expect(made.length - before, 'key 0 was evicted long ago').toBe(1));
    }),
  );
}

function errorCheck(suite: LruSuite): void {
  const memoize = suite.implementation.memoize;
  suite.property(
    'LRU-11',
    'memoize rethrows the very error fn threw, caches nothing for that call and keeps what it had',
    fc.asyncProperty(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.record({ key: fc.integer({ min: 0, max: 5 }), fails: fc.boolean() }), { maxLength: 30 }),
      async (capacity, calls) => {
        let failNext = false;
        let thrown: Error | undefined;
        let callCount = 0;
        let failures = 0;
        const failuresAtLastUse = new Map<number, number>();
        const memoized = memoize((key: number) => {
          callCount++;
          if (!failNext) return key * 2;
          thrown = new Error(`fn failed for ${key}`);
          throw thrown;
        }, { capacity });
        const model = new LruCacheModel<number, number>(capacity);
        for (const { key, fails } of calls) {
          failNext = fails;
          const before = callCount;
          const outcome = await settle(() => memoized(key));
          const lastUse = failuresAtLastUse.get(key);
          if (model.has(key)) {
            model.get(key);
            // a cached key lost with no failure since its last use is an eviction slip, not LRU-11
            const blame = lastUse === failures ? 'LRU-10' : 'LRU-11';
            suite.rule(blame, () => expect([callCount - before, outcome.value], `cached ${key} recomputed`).toEqual([0, key * 2]));
          } else if (fails) {
            failures++;
            suite.rule('LRU-11', () => expect(outcome.error, 'the error fn threw').toBe(thrown));
            continue;
          } else {
            model.set(key, key * 2);
            // a key cached before and evicted since is LRU-10's business; one that only failed is ours
            const blame = lastUse === undefined ? 'LRU-11' : 'LRU-10';
            suite.rule(blame, () => expect([callCount - before, outcome.value]).toEqual([1, key * 2]));
          }
          failuresAtLastUse.set(key, failures);
        }
      },
    ),
  );
}

function falsyResultCheck(suite: LruSuite): void {
  const memoize = suite.implementation.memoize;
  suite.property(
    'LRU-9',
    'memoize caches a falsy result (undefined, null, 0, NaN, "") like any other: fn runs once per key',
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: falsyValues.length - 1 }), { minLength: 1, maxLength: 20 }), async (keys) => {
      let calls = 0;
      const memoized = memoize((key: number) => {
        calls++;
        return falsyValues[key];
      }, { capacity: falsyValues.length });
      for (const key of keys) {
        const result = await memoized(key);
        suite.rule('LRU-9', () => expect(Object.is(result, falsyValues[key]), `memoized(${key}) is fn's result`).toBe(true));
      }
      suite.rule('LRU-9', () => expect(calls, 'fn calls, one per distinct key').toBe(new Set(keys).size));
    }),
  );
}

function misuseCheck(suite: LruSuite, badCapacities: readonly unknown[]): void {
  const memoize = suite.implementation.memoize;
  suite.property(
    'LRU-12',
    'memoize rejects a non-function with a TypeError and a bad capacity with a RangeError',
    fc.asyncProperty(fc.constantFrom(...notFunctions), fc.constantFrom(...badCapacities), async (notFunction, badCapacity) => {
      const loose = memoize as (fn: unknown, options?: unknown) => unknown;
      const named = { format: 'system named' } as const;
      await expectMisuse(suite, 'LRU-12', { ...named, call: () => loose(notFunction, { capacity: 4 }), classes: TypeError, label: `memoize(${valueLabel(notFunction)})` });
      await expectMisuse(suite, 'LRU-12', { ...named, call: () => loose(() => 1, { capacity: badCapacity }), classes: RangeError, label: `memoize with capacity ${valueLabel(badCapacity)}` });
      await expectMisuse(suite, 'LRU-12', { ...named, call: () => loose(() => 1), classes: RangeError, label: 'memoize without options' });
      await expectAccepted(suite, 'LRU-12', 'memoize with capacity 3', () => loose(() => 1, { capacity: 3 }));
    }),
    { runsFactor: 0.5 },
  );
}

export function memoizeChecks(suite: LruSuite, badCapacities: readonly unknown[]): void {
  for (const check of [modelCheck, roomCheck, falsyResultCheck, recencyCheck, errorCheck]) check(suite);
  misuseCheck(suite, badCapacities);
}
