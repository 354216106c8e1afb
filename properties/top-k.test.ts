// Properties of top-k: topK against the stable-sort-then-slice model on tie-heavy scores, and a
// model-based run of the streaming top-k against a model that remembers everything added.
// Items are distinct objects compared by identity, so "the earlier of two equal scores" is visible.

import fc from 'fast-check';
import { expect } from 'vitest';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { StreamingTopKModel, topKModel, topKSpec, type ScoredItem, type StreamingTopK } from '../spec/top-k.ts';
import { failureOf } from '../harness/failure.ts';

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

async function expectFailure(fn: () => unknown, type: typeof TypeError | typeof RangeError, message: RegExp): Promise<void> {
  const error = await failureOf(fn);
  expect(error, 'the call should throw').toBeInstanceOf(type);
  expect((error as Error).message).toMatch(message);
}

const badKs: readonly unknown[] = [-1, 1.5, Number.NaN, Infinity, '3', null, 2 ** 53];
const misuseMessage = /^top-k\.\w+: expected .*, got .+$/;

suite.property(
  'TOPK-8',
  'a bad k, non-iterable items or a score that is not a function is rejected, naming top-k',
  fc.asyncProperty(fc.constantFrom(...badKs), async (badK) => {
    const looseTopK = topK as (items: unknown, k: unknown, score: unknown) => unknown;
    const looseCreate = createStreamingTopK as (options: unknown) => unknown;
    await suite.rule('TOPK-8', async () => {
      await expectFailure(() => looseTopK([1, 2], badK, Number), RangeError, misuseMessage);
      await expectFailure(() => looseCreate({ k: badK }), RangeError, misuseMessage);
      await expectFailure(() => looseCreate({ k: 2 ** 24 + 1 }), RangeError, misuseMessage);
      await expectFailure(() => looseTopK(42, 1, Number), TypeError, misuseMessage);
      await expectFailure(() => looseTopK([1, 2], 1, 'score'), TypeError, misuseMessage);
    });
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
      await expectFailure(() => stream.add(99, notNumber as number), TypeError, misuseMessage);
      await expectFailure(() => stream.add(99, Number.NaN), RangeError, /^top-k\.add: expected .*, got NaN$/);
      await expectFailure(() => looseTopK([1, 2], 1, () => notNumber), TypeError, misuseMessage);
      await expectFailure(() => looseTopK([1, 2], 1, () => Number.NaN), RangeError, /^top-k\.topK: expected .*, got NaN$/);
    });
    const after = [JSON.stringify(await stream.top()), await stream.size];
    suite.rule('TOPK-9', () => expect(after, 'state after rejected adds').toEqual([before, Math.min(3, scores.length)]));
  }),
  { runsFactor: 0.3 },
);
