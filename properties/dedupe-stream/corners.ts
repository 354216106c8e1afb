// Dedupe-stream at its corners and at scale: default hashing over full-Unicode, prefix-sharing,
// prototype-named, falsy and JSON-lookalike items (the string "null" is not null), nested in
// objects and arrays; thousands of items through recent memories below, at and far past their
// compaction thresholds; and exact mode at exactly maxHashes distinct hashes beside one more.

import fc from 'fast-check';
import { expect } from 'vitest';
import { aroundLimits, keyString, prefixSharingKey, prototypeKeys, unicodeString } from '../../harness/generators.ts';
import type { Suite } from '../../harness/suite.ts';
import { canonicalJson, collect, DedupeModel, drain, instrumentedSource, modelDedupe, type dedupeStreamSpec, type DedupeMode } from '../../spec/dedupe-stream.ts';

type DedupeSuite = Suite<typeof dedupeStreamSpec>;
type Create = DedupeSuite['implementation']['default'];

/** strings that read like other JSON values, or like an implementation's internal key prefix */
const lookalikeStrings = ['null', 'true', 'false', '0', '-0', '1', '[]', '{}', '"a"', '""', 's', 'sa', 'a', '[1]', '{"a":1}'];
/** the JSON values the lookalikes imitate, the falsy ones among them */
const lookalikeValues: unknown[] = [null, true, false, 0, -0, 1, '', [], {}, [1], { a: 1 }, ['a'], [''], [null], [0], { '': 0 }];

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...lookalikeStrings, ...lookalikeValues, ...prototypeKeys) },
  { weight: 2, arbitrary: prefixSharingKey },
  { weight: 1, arbitrary: unicodeString({ maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.1, 1e21, -1e-7, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE) },
);
/** JSON values built from the awkward scalars, keyed by awkward keys (prototype names included) */
const awkwardJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.array(fc.tuple(keyString({ unicodeMaxLength: 3 }), tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
})).value;

/** a few awkward values, then a stream that repeats them (and their key-reordered twins) */
const awkwardStream = fc.tuple(fc.array(awkwardJson, { minLength: 1, maxLength: 10 }), fc.array(fc.tuple(fc.nat(), fc.boolean()), { maxLength: 40 })).map(([pool, picks]) =>
  picks.map(([pick, reversed]) => {
    const value = pool[pick % pool.length];
    return reversed ? reorderedCopy(value) : value;
  }),
);

function reorderedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderedCopy);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reorderedCopy(inner)]));
}

/** the same items, one by one: the very objects the model keeps, -0 kept as -0 */
const sameItems = (actual: readonly unknown[], expected: readonly unknown[]): boolean =>
  actual.length === expected.length && actual.every((item, index) => Object.is(item, expected[index]));

export function cornerProperties(suite: DedupeSuite, create: Create): void {
  suite.property(
    ['DDS-3', 'DDS-5', 'DDS-6'],
    'default hashing tells awkward JSON values apart: Unicode, shared prefixes, prototype names, falsy values, lookalike strings',
    fc.asyncProperty(awkwardStream, fc.constantFrom<DedupeMode>('exact', 'recent'), fc.boolean(), awkwardJson, async (items, mode, async, probe) => {
      const deduper = await create<unknown>({ mode, maxHashes: 1000 });
      const output = await collect(await deduper.dedupe(instrumentedSource(items, { async }).iterable));
      const model = new DedupeModel(mode, 1000);
      const expected = modelDedupe(items, (item) => canonicalJson(item), model).kept;
      suite.rule(mode === 'exact' ? 'DDS-3' : 'DDS-6', () => expect(sameItems(output, expected), `kept ${fc.stringify(output)}, expected ${fc.stringify(expected)}`).toBe(true));
      const probes = [probe, ...items.slice(0, 3), ...lookalikeStrings.slice(0, 4), ...lookalikeValues.slice(0, 4)];
      const answers: boolean[] = [];
      for (const item of probes) answers.push(await deduper.has(item));
      const size = await deduper.size;
      suite.rule('DDS-5', () => {
        expect(answers, `has(${fc.stringify(probes)})`).toEqual(probes.map((item) => model.has(canonicalJson(item))));
        expect(size).toBe(model.size);
      });
    }),
  );

  suite.property(
    ['DDS-7', 'DDS-8', 'DDS-5'],
    'thousands of items through a recent memory below, at and far past its thresholds match the LRU model',
    fc.asyncProperty(
      fc.oneof(fc.constantFrom(1, 2, 63, 64, 65, 128, 1023, 1024, 1025, 2048), fc.integer({ min: 1, max: 3_000 })),
      fc.double({ min: 0.3, max: 3, noNaN: true }),
      fc.boolean(),
      fc.infiniteStream(fc.nat()),
      async (maxHashes, spread, async, draws) => {
        // distinct hashes about spread × maxHashes: refreshes without evictions, or evictions galore
        const distinct = Math.max(1, Math.round(maxHashes * spread));
        const iterator = draws[Symbol.iterator]();
        const items = Array.from({ length: 2_000 + (maxHashes % 4_000) }, () => `k${(iterator.next().value as number) % distinct}`);
        const deduper = await create<string>({ mode: 'recent', maxHashes });
        const output = await collect(await deduper.dedupe(instrumentedSource(items, { async }).iterable));
        const model = new DedupeModel('recent', maxHashes);
        const expected = modelDedupe(items, (item) => canonicalJson(item), model).kept;
        suite.rule('DDS-7', () => expect(output.length === expected.length && output.every((item, index) => item === expected[index]), `${items.length} items, maxHashes ${maxHashes}, ${distinct} distinct`).toBe(true));
        const size = await deduper.size;
        suite.rule('DDS-8', () => expect(size).toBe(model.size));
        // the memory after the run: probe every hash that ever existed, then continue the stream
        const probes = Array.from({ length: Math.min(distinct, 400) }, (_, index) => `k${index}`);
        const answers: boolean[] = [];
        for (const probe of probes) answers.push(await deduper.has(probe));
        suite.rule('DDS-5', () => expect(answers.every((answer, index) => answer === model.has(canonicalJson(probes[index]))), 'has() after the run').toBe(true));
        const more = await collect(await deduper.dedupe(items.slice(0, 500)));
        const expectedMore = modelDedupe(items.slice(0, 500), (item) => canonicalJson(item), model).kept;
        suite.rule('DDS-7', () => expect(more, 'a second stream on the same memory').toEqual(expectedMore));
      },
    ),
    { runsMax: 10 },
  );

  suite.property(
    ['DDS-8', 'DDS-1'],
    'exact mode takes exactly maxHashes distinct hashes, thousands of them, and fails on one more',
    fc.asyncProperty(fc.integer({ min: 1_000, max: 2_500 }), aroundLimits({ maximum: 0 }), fc.boolean(), async (maxHashes, boundary, async) => {
      // boundary.value is the distinct count minus maxHashes: 0 and -1 fit, +1 does not
      const distinct = maxHashes + boundary.value;
      const items = Array.from({ length: distinct * 2 }, (_, index) => `item ${(index * 7919) % distinct}`);
      const deduper = await create<string>({ maxHashes });
      const outcome = await drain(await deduper.dedupe(instrumentedSource(items, { async }).iterable));
      const expected = modelDedupe(items, (item) => canonicalJson(item), new DedupeModel('exact', maxHashes));
      const size = await deduper.size;
      suite.rule(boundary.accepted ? 'DDS-1' : 'DDS-8', () => {
        expect(outcome.error, `${distinct} distinct hashes, maxHashes ${maxHashes}`).toEqual(boundary.accepted ? undefined : expect.any(RangeError));
        expect(outcome.items.length).toBe(expected.kept.length);
        expect(outcome.items.every((item, index) => item === expected.kept[index])).toBe(true);
      });
      suite.rule('DDS-8', () => expect(size).toBe(Math.min(distinct, maxHashes)));
      if (!boundary.accepted) {
        const message = (outcome.error as Error).message;
        suite.rule('DDS-8', () => expect(message).toMatch(/^dedupe-stream\.\w+: expected .*, got /));
      }
    }),
    { runsMax: 6 },
  );
}
