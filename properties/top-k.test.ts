// Properties of top-k: topK against the stable-sort-then-slice model on tie-heavy scores, and a
// model-based run of the streaming top-k against a model that remembers everything added.
// Items are distinct objects compared by identity, so "the earlier of two equal scores" is visible.

import fc from 'fast-check';
import { expect } from 'vitest';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { StreamingTopKModel, streamingKMax, topKModel, topKSpec, type ScoredItem, type StreamingTopK } from '../spec/top-k.ts';
import { failureOf } from '../harness/failure.ts';
import { aroundLimits, awkwardNumbers, falsyValues, largeArray } from '../harness/generators.ts';
import { expectMisuse } from '../harness/misuse.ts';
import { HeldOracle } from './top-k/held-oracle.ts';

const suite = await systemSuite(topKSpec);
const createStreamingTopK = suite.implementation.default;
const topK = suite.implementation.topK;

interface Item {
  readonly id: number;
  readonly score: number;
}

// Few distinct scores, so ties are common; -0 beside 0 and the infinities at the ends.
const scoreArbitrary = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(-0, Infinity, -Infinity, 0.5, -1e300, Number.MIN_VALUE) },
  { weight: 1, arbitrary: fc.double({ noNaN: true }) },
);
const itemsArbitrary = fc.array(scoreArbitrary, { maxLength: 40 }).map((scores) => scores.map((score, id): Item => ({ id, score })));
const kArbitrary = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 50 }));

const byScore = (item: Item): number => item.score;
const describeItems = (items: readonly Item[]): string[] => items.map(({ id, score }) => `#${id}:${Object.is(score, -0) ? '-0' : score}`);

/** Blames the tie rule when the scores line up and only the choice among equals differs. */
function expectSameItems(actual: readonly Item[], expected: readonly Item[]): void {
  const sameScores = actual.length === expected.length && actual.every((item, index) => item.score === expected[index]?.score);
  suite.rule(sameScores ? 'TOPK-2' : 'TOPK-1', () => expect(describeItems(actual)).toEqual(describeItems(expected)));
}

suite.property(
  ['TOPK-1', 'TOPK-2', 'TOPK-3'],
  'topK equals a stable sort by descending score sliced to k',
  fc.asyncProperty(itemsArbitrary, kArbitrary, async (items, k) => {
    const before = describeItems(items);
    const calls: number[] = [];
    const result = await topK(items, k, (item) => {
      calls.push(item.id);
      return item.score;
    });
    expectSameItems(result, topKModel(items, k, byScore));
    suite.rule('TOPK-3', () => {
      expect(calls, 'score calls, by item id').toEqual(items.map(({ id }) => id));
      expect(describeItems(items), 'the input after topK').toEqual(before);
    });
  }),
);

suite.property(
  'TOPK-2',
  'among equal scores (0 and -0 alike) the earliest items are kept, in input order',
  fc.asyncProperty(fc.integer({ min: 0, max: 30 }), kArbitrary, fc.constantFrom(0, -0, 7, -Infinity), async (length, k, score) => {
    const items = Array.from({ length }, (_, id): Item => ({ id, score: id % 2 === 1 && score === 0 ? -score : score }));
    const result = await topK(items, k, byScore);
    suite.rule('TOPK-2', () => expect(result.map(({ id }) => id)).toEqual(items.slice(0, k).map(({ id }) => id)));
  }),
);

suite.property(
  'TOPK-3',
  'any iterable works: a generator or a Set gives the same answer as the array',
  fc.asyncProperty(itemsArbitrary, kArbitrary, async (items, k) => {
    function* generate(): Generator<Item> {
      yield* items;
    }
    const result = await topK(generate(), k, byScore);
    const fromSet = await topK(new Set(items), k, byScore);
    const fromArray = await topK(items, k, byScore);
    // differences from the model are TOPK-1/2's business; this one is about reading iterables
    suite.rule('TOPK-3', () => {
      expect(describeItems(result), 'from a generator').toEqual(describeItems(fromArray));
      expect(describeItems(fromSet), 'from a Set').toEqual(describeItems(fromArray));
    });
  }),
  { runsFactor: 0.5 },
);

// ---- the streaming top-k, model-based ----

type Real = StreamingTopK<Item>;
type Command = fc.AsyncCommand<StreamingTopKModel<Item>, Real>;

let nextId = 0;
const describeHeld = (held: readonly ScoredItem<Item>[]): string[] =>
  held.map(({ item, score }) => `#${item.id}:${Object.is(score, -0) ? '-0' : score}`);

async function expectModelState(model: StreamingTopKModel<Item>, real: Real): Promise<void> {
  const held = await real.top();
  const expected = model.top();
  suite.rule('TOPK-4', () => expect(describeHeld(held)).toEqual(describeHeld(expected)));
  const [size, lowest] = [await real.size, await real.lowestScore()];
  suite.rule('TOPK-6', () => expect({ size, lowest }).toEqual({ size: model.size, lowest: model.lowestScore() }));
  // vandalising the returned array must not reach the held items
  held.reverse().push({ item: { id: -1, score: Infinity }, score: Infinity });
  const again = await real.top();
  suite.rule('TOPK-7', () => expect(describeHeld(again)).toEqual(describeHeld(expected)));
}

const addCommand = scoreArbitrary.map((score): Command => ({
  check: () => true,
  async run(model, real) {
    const item: Item = { id: nextId++, score };
    const lowestBefore = model.lowestScore();
    const full = model.size === model.k;
    const admitted = await real.add(item, score);
    const expected = model.add(item, score);
    suite.rule('TOPK-5', () => {
      expect(admitted, `add(#${item.id}, ${score})`).toBe(expected);
      if (full && model.k > 0) expect(admitted, 'admitted only above the lowest score').toBe(score > (lowestBefore as number));
    });
    await expectModelState(model, real);
  },
  toString: () => `add(${fc.stringify(score)})`,
}));

const clearCommand = fc.constant<Command>({
  check: () => true,
  async run(model, real) {
    model.clear();
    await real.clear();
    const [size, k] = [await real.size, await real.k];
    suite.rule('TOPK-6', () => expect({ size, k }).toEqual({ size: 0, k: model.k }));
    await expectModelState(model, real);
  },
  toString: () => 'clear()',
});

suite.property(
  ['TOPK-4', 'TOPK-5', 'TOPK-6', 'TOPK-7'],
  'a streaming top-k agrees with topK over everything added, after every operation',
  fc.asyncProperty(
    fc.integer({ min: 0, max: 6 }),
    replayableCommands([addCommand, addCommand, addCommand, addCommand, clearCommand], { maxCommands: 50, size: '+1' }),
    async (k, sequence) => {
      await fc.asyncModelRun(() => ({ model: new StreamingTopKModel<Item>(k), real: createStreamingTopK<Item>({ k }) }), sequence);
    },
  ),
  { runsFactor: 1 },
);

suite.property(
  ['TOPK-4', 'TOPK-5'],
  'a long stream keeps exactly the k best, the earliest of equal scores, whatever k',
  fc.asyncProperty(fc.array(scoreArbitrary, { maxLength: 300 }), fc.integer({ min: 0, max: 40 }), async (scores, k) => {
    const stream = createStreamingTopK<Item>({ k });
    const items = scores.map((score, id): Item => ({ id, score }));
    let admitted = 0;
    for (const item of items) if (await stream.add(item, item.score)) admitted++;
    const held = (await stream.top()).map(({ item }) => item);
    const expected = topKModel(items, k, byScore);
    suite.rule('TOPK-4', () => expect(describeItems(held)).toEqual(describeItems(expected)));
    suite.rule('TOPK-5', () => expect(admitted, 'admissions at least the items held').toBeGreaterThanOrEqual(expected.length));
  }),
  { runsFactor: 0.5 },
);

// ---- misuse ----

// every falsy value but 0 itself, awkward numbers that are not safe integers, and values whose
// plain String() is empty ('' and []), so a message that loses the value is caught
const badKs: readonly unknown[] = [
  -1, 1.5, '3', 2 ** 53, [], {}, () => 3, Symbol('k'),
  ...falsyValues.filter((value) => value !== 0),
  ...awkwardNumbers.filter((value) => !Number.isSafeInteger(value)),
];
const misuseMessage = /^top-k\.\w+: expected .*, got \S.*$/s;

suite.property(
  'TOPK-8',
  'a bad k, non-iterable items or a score that is not a function is rejected, naming top-k',
  fc.asyncProperty(fc.constantFrom(...badKs), async (badK) => {
    const looseTopK = topK as (items: unknown, k: unknown, score: unknown) => unknown;
    const looseCreate = createStreamingTopK as (options: unknown) => unknown;
    await suite.rule('TOPK-8', async () => {
      await expectMisuse(suite, 'TOPK-8', { call: () => looseTopK([1, 2], badK, Number), classes: RangeError, mentions: misuseMessage });
      await expectMisuse(suite, 'TOPK-8', { call: () => looseCreate({ k: badK }), classes: RangeError, mentions: misuseMessage });
      await expectMisuse(suite, 'TOPK-8', { call: () => looseCreate({ k: 2 ** 24 + 1 }), classes: RangeError, mentions: misuseMessage });
    });
  }),
  { runsFactor: 0.2 },
);

const notIterables: readonly unknown[] = [42, {}, null, undefined, true, () => [1], Symbol('items'), 0n];
const notFunctions: readonly unknown[] = ['score', '', [], {}, null, undefined, 0, 1, true];
const badOptions: readonly unknown[] = [undefined, null, 42, '', true, {}, [], { k: undefined }];

suite.property(
  'TOPK-8',
  'non-iterable items, a score that is not a function and missing options are rejected, naming top-k and the value',
  fc.asyncProperty(fc.constantFrom(...notIterables), fc.constantFrom(...notFunctions), fc.constantFrom(...badOptions), async (items, score, options) => {
    const looseTopK = topK as (items: unknown, k: unknown, score: unknown) => unknown;
    const looseCreate = createStreamingTopK as (options: unknown) => unknown;
    await suite.rule('TOPK-8', async () => {
      await expectMisuse(suite, 'TOPK-8', { call: () => looseTopK(items, 1, Number), classes: TypeError, mentions: /^top-k\.topK: expected .*, got \S.*$/s });
      await expectMisuse(suite, 'TOPK-8', { call: () => looseTopK([1, 2], 1, score), classes: TypeError, mentions: /^top-k\.topK: expected .*, got \S.*$/s });
      await expectMisuse(suite, 'TOPK-8', { call: () => looseCreate(options), classes: RangeError, mentions: /^top-k\.create: expected .*, got \S.*$/s });
    });
  }),
  { runsFactor: 0.3 },
);

suite.property(
  'TOPK-8',
  'k at its exact limits is accepted (0, and streamingKMax for a stream, 2**53 - 1 for topK) and one past them rejected',
  fc.asyncProperty(aroundLimits({ minimum: 0, maximum: streamingKMax }), aroundLimits({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), async (streamK, listK) => {
    const streamFailure = await failureOf(async () => {
      const stream = createStreamingTopK<number>({ k: streamK.value });
      for (const score of [3, 1, 2]) await stream.add(score, score);
      return [await stream.k, await stream.size];
    });
    const listFailure = await failureOf(() => topK([1, 3, 2], listK.value, (value) => value));
    await suite.rule('TOPK-8', async () => {
      if (streamK.accepted) expect(streamFailure, `create({ k: ${streamK.value} })`).toBeUndefined();
      else expect((streamFailure as Error | undefined)?.message, `create({ k: ${streamK.value} })`).toMatch(/^top-k\.create: expected .*, got \S/);
      if (listK.accepted) expect(listFailure, `topK(.., ${listK.value})`).toBeUndefined();
      else expect(listFailure, `topK(.., ${listK.value})`).toBeInstanceOf(RangeError);
    });
    if (streamK.accepted) {
      const stream = createStreamingTopK<number>({ k: streamK.value });
      for (const score of [3, 1, 2]) await stream.add(score, score);
      const state = [await stream.k, await stream.size, (await stream.top()).map(({ item }) => item)];
      const expected = [streamK.value, Math.min(streamK.value, 3), [3, 2, 1].slice(0, streamK.value)];
      suite.rule('TOPK-6', () => expect(state).toEqual(expected));
    }
    if (listK.accepted) {
      const result = await topK([1, 3, 2], listK.value, (value) => value);
      suite.rule('TOPK-3', () => expect(result).toEqual([3, 2, 1].slice(0, listK.value)));
    }
  }),
  { runsFactor: 0.2 },
);

suite.property(
  'TOPK-9',
  'a score that is not a number or is NaN is rejected, and a rejected add changes nothing',
  fc.asyncProperty(fc.constantFrom<unknown>('NaN', undefined, null, '1', 1n, {}), fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 6 }), async (notNumber, scores) => {
    const looseTopK = topK as (items: unknown, k: unknown, score: unknown) => unknown;
    const stream = createStreamingTopK<number>({ k: 3 });
    for (const [index, score] of scores.entries()) await stream.add(index, score);
    const before = JSON.stringify(await stream.top());
    await suite.rule('TOPK-9', async () => {
      await expectMisuse(suite, 'TOPK-9', { call: () => stream.add(99, notNumber as number), classes: TypeError, mentions: misuseMessage });
      await expectMisuse(suite, 'TOPK-9', { call: () => stream.add(99, Number.NaN), classes: RangeError, mentions: /^top-k\.add: expected .*, got NaN$/ });
      await expectMisuse(suite, 'TOPK-9', { call: () => looseTopK([1, 2], 1, () => notNumber), classes: TypeError, mentions: misuseMessage });
      await expectMisuse(suite, 'TOPK-9', { call: () => looseTopK([1, 2], 1, () => Number.NaN), classes: RangeError, mentions: /^top-k\.topK: expected .*, got NaN$/ });
    });
    const after = [JSON.stringify(await stream.top()), await stream.size];
    suite.rule('TOPK-9', () => expect(after, 'state after rejected adds').toEqual([before, Math.min(3, scores.length)]));
  }),
  { runsFactor: 0.3 },
);

// ---- sizes past every internal growth point (heaps often start at 64 slots and double) ----

const largeKArbitrary = fc.oneof(
  fc.integer({ min: 62, max: 66 }),
  fc.integer({ min: 126, max: 130 }),
  fc.integer({ min: 500, max: 3_000 }),
  fc.integer({ min: 5_000, max: 10_000 }),
);
// a handful of distinct scores, so thousands of items tie, -0 beside 0
const fewScores = fc.constantFrom(0, -0, 1, 2, -1, 0.5, Infinity, -Infinity);

suite.property(
  ['TOPK-1', 'TOPK-2', 'TOPK-4', 'TOPK-5', 'TOPK-6'],
  'thousands of tie-heavy items, k around and far past heap growth points: list and stream keep the earliest of the best',
  fc.asyncProperty(largeArray(fc.oneof(fewScores, scoreArbitrary)), largeKArbitrary, fc.nat(), async (scores, k, clearAt) => {
    const items = scores.map((score, id): Item => ({ id, score }));
    const listed = await topK(items, k, byScore);
    expectSameItems(listed, topKModel(items, k, byScore));
    const stream = createStreamingTopK<Item>({ k });
    const cut = clearAt % items.length;
    for (const part of [items.slice(0, cut), items.slice(cut)]) {
      await stream.clear();
      const oracle = new HeldOracle<Item>(k);
      for (const [index, item] of part.entries()) {
        const admitted = await stream.add(item, item.score);
        const expected = oracle.add(item, item.score);
        if (admitted !== expected) suite.rule('TOPK-5', () => expect(admitted, `add #${item.id} (${item.score})`).toBe(expected));
        if (index % 257 === 0 || index === part.length - 1) {
          const [size, lowest] = [await stream.size, await stream.lowestScore()];
          suite.rule('TOPK-6', () => expect({ size, lowest }, `after ${index + 1} adds`).toEqual({ size: oracle.size, lowest: oracle.lowestScore() }));
        }
      }
      const held = await stream.top();
      suite.rule('TOPK-4', () => expect(describeHeld(held)).toEqual(describeHeld(topKModel(part, k, byScore).map((item) => ({ item, score: item.score })))));
    }
  }),
  { runsMax: 6, timeoutMs: 60_000 },
);
