// Properties of dedupe-stream: every stream is compared with the array-of-hashes model in spec/,
// over sync and async instrumented sources that count pulls and return() calls, so laziness
// and closing are checked on the same runs as the output.

import fc from 'fast-check';
import { expect } from 'vitest';
import { expectAccepted, expectMisuse, type ErrorClass } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import {
  canonicalJson,
  collect,
  DedupeModel,
  dedupeStreamSpec,
  drain,
  instrumentedSource,
  modelDedupe,
  pullOne,
  settle,
} from '../spec/dedupe-stream.ts';
import { cornerProperties } from './dedupe-stream/corners.ts';

const suite = await systemSuite(dedupeStreamSpec);
const createDedupeStream = suite.implementation.default;

const identity = (item: string): string => item;
const smallItems = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), { maxLength: 40 });

suite.property(
  ['DDS-1', 'DDS-9'],
  'exact mode keeps each first occurrence in source order, sync or async',
  fc.asyncProperty(smallItems, fc.boolean(), fc.boolean(), async (items, async, withHash) => {
    const deduper = await createDedupeStream<string>(withHash ? { hash: identity } : {});
    const source = instrumentedSource(items, { async });
    const output = await collect(await deduper.dedupe(source.iterable));
    const expected = modelDedupe(items, canonicalJson, new DedupeModel('exact', 1e6)).kept;
    suite.rule('DDS-1', () => expect(output).toEqual(expected));
    suite.rule('DDS-9', () => expect(source.pulls, 'one pull per item plus the end').toBe(items.length + 1));
  }),
);

suite.property(
  'DDS-2',
  'with a hash option items are compared by hash alone, hashed once each',
  fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), async (ids, modulus) => {
    const items = ids.map((id, position) => ({ id, position }));
    let calls = 0;
    const hash = (item: { id: number }): string => {
      calls++;
      return `bucket ${item.id % modulus}`;
    };
    const deduper = await createDedupeStream<{ id: number; position: number }>({ hash });
    const output = await collect(await deduper.dedupe(items));
    const expected = modelDedupe(items, (item) => `bucket ${item.id % modulus}`, new DedupeModel('exact', 1e6)).kept;
    suite.rule('DDS-2', () => {
      expect(output.map((item) => item.position)).toEqual(expected.map((item) => item.position));
      expect(output.every((item, index) => item === expected[index]), 'the very same item objects').toBe(true);
      expect(calls).toBe(items.length);
    });
  }),
);

suite.property(
  'DDS-2',
  'a hash returning something other than a string fails the stream with a TypeError',
  fc.asyncProperty(fc.constantFrom<unknown>(1, null, undefined, {}, ['a'], true), async (badHash) => {
    const deduper = await createDedupeStream<string>({ hash: () => badHash as string });
    const outcome = await settle(() => collect(deduper.dedupe(['x', 'y'])));
    suite.rule('DDS-2', () => {
      expect(outcome.error).toBeInstanceOf(TypeError);
      expect((outcome.error as Error).message).toMatch(/^dedupe-stream\.\w+: expected .*, got /);
    });
  }),
  { runsFactor: 0.2 },
);

/** a JSON value and a copy with every object's keys inserted in another order */
const jsonWithReorderedTwin = fc.jsonValue({ maxDepth: 3 }).chain((value) =>
  fc.infiniteStream(fc.boolean()).map((flips) => [value, reorder(value, flips[Symbol.iterator]())] as const),
);

function reorder(value: unknown, flips: Iterator<boolean>): unknown {
  if (Array.isArray(value)) return value.map((element) => reorder(element, flips));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value).map(([key, inner]) => [key, reorder(inner, flips)] as const);
  if (flips.next().value === true) entries.reverse();
  return Object.fromEntries(entries);
}

suite.property(
  'DDS-3',
  'by default equal JSON values are duplicates whatever their key order',
  fc.asyncProperty(fc.array(jsonWithReorderedTwin, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 24 }), async (pairs, picks) => {
    const items = picks.length === 0 ? [] : picks.map((pick) => {
      const pair = pairs[pick % Math.max(1, pairs.length)];
      return pair === undefined ? pick : pair[pick % 2];
    });
    const deduper = await createDedupeStream<unknown>();
    const output = await collect(await deduper.dedupe(items));
    const expected = modelDedupe(items, (item) => canonicalJson(item), new DedupeModel('exact', 1e6)).kept;
    suite.rule('DDS-3', () => expect(output.map((item) => canonicalJson(item))).toEqual(expected.map((item) => canonicalJson(item))));
  }),
);

const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic['self'] = cyclic;
const notJsonValues: readonly unknown[] = [undefined, Number.NaN, Infinity, -Infinity, 1n, Symbol('s'), () => 1, new Date(0), cyclic, { a: undefined }, [1, undefined], new Map()];

suite.property(
  ['DDS-3', 'DDS-10'],
  'a non-JSON item fails the stream with a TypeError after the items before it, and closes the source',
  fc.asyncProperty(smallItems, fc.nat(), fc.constantFrom(...notJsonValues), fc.boolean(), async (items, at, bad, async) => {
    const position = at % (items.length + 1);
    const withBad: unknown[] = [...items.slice(0, position), bad, ...items.slice(position)];
    const deduper = await createDedupeStream<unknown>();
    const source = instrumentedSource(withBad, { async });
    const outcome = await drain(await deduper.dedupe(source.iterable));
    const before = modelDedupe(items.slice(0, position), canonicalJson, new DedupeModel('exact', 1e6)).kept;
    suite.rule('DDS-3', () => {
      expect(outcome.items).toEqual(before);
      expect(outcome.error).toBeInstanceOf(TypeError);
      expect((outcome.error as Error).message).toMatch(/^dedupe-stream\./);
    });
    suite.rule('DDS-10', () => expect(source.returns, 'source closed once').toBe(1));
  }),
  { runsFactor: 0.5 },
);

suite.property(
  'DDS-4',
  'streams of one deduper share its memory however their pulls interleave; another deduper starts empty',
  fc.asyncProperty(smallItems, smallItems, fc.array(fc.boolean(), { maxLength: 100 }), async (first, second, schedule) => {
    const deduper = await createDedupeStream<string>();
    const streams = [await deduper.dedupe(first), await deduper.dedupe(instrumentedSource(second, { async: true }).iterable)];
    const queues = [[...first], [...second]];
    const outputs: string[][] = [[], []];
    const expected: string[][] = [[], []];
    const model = new DedupeModel('exact', 1e6);
    // each step pulls one item's worth from a stream: the model consumes that stream's items up to its next keep
    for (const pick of [...schedule, ...Array<boolean>(first.length + second.length + 2).fill(false), ...Array<boolean>(second.length + 2).fill(true)]) {
      const which = pick ? 1 : 0;
      const step = await pullOne(streams[which] as Iterator<string> | AsyncIterator<string>);
      if (!step.done) (outputs[which] as string[]).push(step.value);
      const queue = queues[which] as string[];
      while (queue.length > 0) {
        const item = queue.shift() as string;
        if (model.offer(canonicalJson(item)) === 'kept') {
          (expected[which] as string[]).push(item);
          break;
        }
      }
    }
    const fresh = await createDedupeStream<string>();
    const freshOutput = await collect(await fresh.dedupe(first));
    suite.rule('DDS-4', () => {
      expect(outputs).toEqual(expected);
      expect(freshOutput).toEqual([...new Set(first)]);
    });
  }),
);

/** What a deduper with these options drops after seeing items: probed on fresh twins, one per probe. */
async function droppedByTwins(options: { mode: 'exact' | 'recent'; maxHashes: number }, items: readonly string[], probes: readonly string[]): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (const probe of probes) {
    const twin = await createDedupeStream<string>(options);
    await collect(await twin.dedupe(items));
    answers.push((await collect(await twin.dedupe([probe]))).length === 0);
  }
  return answers;
}

suite.property(
  ['DDS-4', 'DDS-5'],
  'has and size report the memory without changing it; clear forgets everything',
  fc.asyncProperty(smallItems, smallItems, fc.integer({ min: 1, max: 5 }), fc.constantFrom('exact' as const, 'recent' as const), async (items, probes, maxHashes, mode) => {
    const options = { mode, maxHashes: mode === 'exact' ? 1e6 : maxHashes };
    const deduper = await createDedupeStream<string>(options);
    await collect(await deduper.dedupe(items));
    const answers: boolean[] = [];
    for (const probe of probes) answers.push(await deduper.has(probe));
    const size = await deduper.size;
    const expectedAnswers = await droppedByTwins(options, items, probes);
    suite.rule('DDS-5', () => {
      expect(answers, 'has(probe) = a twin deduper would drop probe').toEqual(expectedAnswers);
      expect(size).toBe(Math.min(new Set(items).size, options.maxHashes));
    });
    // the same stream again: with the probes in between, as on a twin that was never probed
    const after = await collect(await deduper.dedupe(items));
    const twin = await createDedupeStream<string>(options);
    await collect(await twin.dedupe(items));
    const twinAfter = await collect(await twin.dedupe(items));
    suite.rule('DDS-5', () => expect(after, 'has() must not refresh recency').toEqual(twinAfter));
    if (mode === 'exact') suite.rule('DDS-4', () => expect(after, 'a second stream drops everything the first saw').toEqual([]));
    await deduper.clear();
    const cleared = [await deduper.size, await deduper.has(items[0] ?? 'a')];
    const again = await collect(await deduper.dedupe(items));
    const freshOutput = await collect(await (await createDedupeStream<string>(options)).dedupe(items));
    suite.rule('DDS-5', () => {
      expect(cleared).toEqual([0, false]);
      expect(again, 'after clear() a deduper behaves like a fresh one').toEqual(freshOutput);
    });
  }),
);

const recentCase = fc.record({
  items: fc.array(fc.integer({ min: 0, max: 9 }).map(String), { maxLength: 60 }),
  maxHashes: fc.integer({ min: 1, max: 6 }),
  async: fc.boolean(),
});

suite.property(
  'DDS-6',
  'recent mode never drops a first occurrence, and equals exact mode while the distinct hashes fit',
  fc.asyncProperty(recentCase, async ({ items, maxHashes, async }) => {
    const deduper = await createDedupeStream<string>({ mode: 'recent', maxHashes, hash: identity });
    const output = await collect(await deduper.dedupe(instrumentedSource(items, { async }).iterable));
    const firsts = [...new Set(items)];
    suite.rule('DDS-6', () => {
      for (const item of firsts) expect(output, `first occurrence of ${item}`).toContain(item);
      if (firsts.length <= maxHashes) expect(output).toEqual(firsts);
    });
  }),
);

suite.property(
  ['DDS-7', 'DDS-8'],
  'recent mode yields exactly what an LRU of the last maxHashes hashes lets through',
  fc.asyncProperty(recentCase, async ({ items, maxHashes, async }) => {
    const deduper = await createDedupeStream<string>({ mode: 'recent', maxHashes, hash: identity });
    const iterator = await deduper.dedupe(instrumentedSource(items, { async }).iterable);
    const output: string[] = [];
    for (;;) {
      const step = await pullOne(iterator);
      const size = await deduper.size;
      suite.rule('DDS-8', () => expect(size).toBeLessThanOrEqual(maxHashes));
      if (step.done) break;
      output.push(step.value);
    }
    const expected = modelDedupe(items, identity, new DedupeModel('recent', maxHashes)).kept;
    suite.rule('DDS-7', () => expect(output).toEqual(expected));
  }),
  { runsFactor: 2 },
);

suite.property(
  'DDS-8',
  'exact mode fails with a RangeError instead of taking a hash beyond maxHashes',
  fc.asyncProperty(recentCase, async ({ items, maxHashes, async }) => {
    const deduper = await createDedupeStream<string>({ maxHashes, hash: identity });
    const output: string[] = [];
    const outcome = await settle(async () => {
      for await (const item of await deduper.dedupe(instrumentedSource(items, { async }).iterable)) output.push(item);
    });
    const expected = modelDedupe(items, identity, new DedupeModel('exact', maxHashes));
    const size = await deduper.size;
    suite.rule('DDS-8', () => {
      expect(output).toEqual(expected.kept);
      expect(size).toBe(Math.min(maxHashes, new Set(items).size));
      if (expected.overflowAt === undefined) expect(outcome.error).toBeUndefined();
      else expect(outcome.error).toBeInstanceOf(RangeError);
    });
  }),
);

suite.property(
  'DDS-9',
  'pulls nothing before the first next() and, per next(), only up to the next kept item',
  fc.asyncProperty(smallItems, fc.nat({ max: 10 }), fc.boolean(), async (items, wanted, async) => {
    const deduper = await createDedupeStream<string>({ hash: identity });
    const source = instrumentedSource(items, { async });
    const iterator = await deduper.dedupe(source.iterable);
    suite.rule('DDS-9', () => expect(source.pulls, 'pulled while building').toBe(0));
    // the position of each first occurrence: the k-th kept item needs exactly that many pulls
    const firstPositions = items.flatMap((item, position) => (items.indexOf(item) === position ? [position] : []));
    for (let count = 1; count <= wanted; count++) {
      const step = await iterator.next();
      const expectedPulls = count <= firstPositions.length ? (firstPositions[count - 1] as number) + 1 : items.length + 1;
      suite.rule('DDS-9', () => {
        expect(step.done === true).toBe(count > firstPositions.length);
        expect(source.pulls, `pulls after next() #${count}`).toBe(expectedPulls);
      });
      if (step.done === true) break;
    }
  }),
);

suite.property(
  'DDS-9',
  'a sync source gives a sync iterator and an async source an async one',
  fc.asyncProperty(smallItems, async (items) => {
    const deduper = await createDedupeStream<string>();
    const sync = (await deduper.dedupe(items)) as Partial<Iterable<string>> & Iterator<string>;
    const syncStep: unknown = sync.next();
    const asynchronous = (await deduper.dedupe(instrumentedSource(items, { async: true }).iterable)) as AsyncIterator<string> &
      Partial<AsyncIterable<string>>;
    const asyncStep: unknown = asynchronous.next();
    suite.rule('DDS-9', () => {
      expect(typeof sync[Symbol.iterator], 'sync result is iterable').toBe('function');
      expect(syncStep instanceof Promise, 'sync next() returns a plain result').toBe(false);
      expect(typeof asynchronous[Symbol.asyncIterator], 'async result is async iterable').toBe('function');
      expect(asyncStep instanceof Promise, 'async next() returns a promise').toBe(true);
    });
    await asyncStep;
  }),
  { runsFactor: 0.2 },
);

suite.property(
  'DDS-10',
  'a source error reaches the consumer unchanged after the items before it, without a return() call',
  fc.asyncProperty(smallItems, fc.nat(), fc.boolean(), async (items, at, async) => {
    const failAt = at % (items.length + 1);
    const failure = new Error(`source failed at ${failAt}`);
    const deduper = await createDedupeStream<string>();
    const source = instrumentedSource(items, { async, failAt, failure });
    const outcome = await drain(await deduper.dedupe(source.iterable));
    suite.rule('DDS-10', () => {
      expect(outcome.items).toEqual([...new Set(items.slice(0, failAt))]);
      expect(outcome.error).toBe(failure);
      expect(source.returns, 'a failed source is not closed').toBe(0);
    });
    const after = await (await deduper.dedupe([])).next();
    suite.rule('DDS-10', () => expect(after.done).toBe(true));
  }),
);

suite.property(
  'DDS-10',
  'stopping early or a throwing hash closes the source once and the hash error arrives unchanged',
  fc.asyncProperty(smallItems, fc.nat({ max: 8 }), fc.boolean(), fc.boolean(), async (items, wanted, async, hashFails) => {
    const failure = new Error('hash failed');
    const hash = (item: string): string => {
      if (hashFails && item === 'g') throw failure;
      return item;
    };
    const deduper = await createDedupeStream<string>({ hash });
    const source = instrumentedSource(items, { async });
    const iterator = await deduper.dedupe(source.iterable);
    const kept: string[] = [];
    let error: unknown;
    try {
      while (kept.length < wanted) {
        const step = await iterator.next();
        if (step.done === true) break;
        kept.push(step.value);
      }
      await iterator.return?.();
    } catch (caught) {
      error = caught;
    }
    const failsAt = hashFails ? items.indexOf('g') : -1;
    const distinctBefore = new Set(failsAt >= 0 ? items.slice(0, failsAt) : items).size;
    const stoppedByHash = failsAt >= 0 && distinctBefore < wanted;
    const exhausted = !stoppedByHash && new Set(items).size < wanted;
    // a stream never pulled never opened its source, so there is nothing to close
    const opened = wanted > 0;
    suite.rule('DDS-10', () => {
      expect(error).toBe(stoppedByHash ? failure : undefined);
      expect(source.returns, 'return() calls on the source').toBe(opened && !exhausted ? 1 : 0);
    });
  }),
);

const badOptions: readonly [unknown, ErrorConstructor][] = [
  [{ mode: 'fifo' }, RangeError],
  [{ mode: 3 }, RangeError],
  [{ maxHashes: 0 }, RangeError],
  [{ maxHashes: -3 }, RangeError],
  [{ maxHashes: 2.5 }, RangeError],
  [{ maxHashes: Number.NaN }, RangeError],
  [{ maxHashes: '10' }, RangeError],
  [{ maxHashes: Infinity }, RangeError],
  [{ hash: 'sha256' }, TypeError],
  [{ hash: 42 }, TypeError],
];
const notIterables: readonly unknown[] = [undefined, null, 42, {}, { next: () => ({ done: true }) }, true];

suite.property(
  'DDS-11',
  'bad options and non-iterable sources are rejected at the call',
  fc.asyncProperty(fc.constantFrom(...badOptions), fc.constantFrom(...notIterables), async ([options, errorType], notIterable) => {
    const create = createDedupeStream as (options?: unknown) => { dedupe(source: unknown): unknown };
    await expectMisuse(suite, 'DDS-11', { call: () => create(options), classes: errorType as ErrorClass, label: `create(${JSON.stringify(options)})` });
    await expectAccepted(suite, 'DDS-11', "create({ mode: 'recent', maxHashes: 3 })", () => create({ mode: 'recent', maxHashes: 3 }));
    await expectAccepted(suite, 'DDS-11', 'create(undefined)', () => create(undefined));
    await expectMisuse(suite, 'DDS-11', { call: async () => (await create()).dedupe(notIterable), classes: TypeError, method: 'dedupe', value: notIterable });
  }),
  { runsFactor: 0.3 },
);

suite.property(
  'DDS-7',
  'long recent-mode streams, with many refreshes and evictions, still match the LRU model',
  fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }).map(String), { minLength: 100, maxLength: 600 }), fc.integer({ min: 1, max: 25 }), async (items, maxHashes) => {
    const deduper = await createDedupeStream<string>({ mode: 'recent', maxHashes, hash: identity });
    const output = await collect(await deduper.dedupe(items));
    suite.rule('DDS-7', () => expect(output).toEqual(modelDedupe(items, identity, new DedupeModel('recent', maxHashes)).kept));
  }),
  { runsFactor: 0.3 },
);

cornerProperties(suite, createDedupeStream);
