// Worked examples of top-k: the seed's top_k_documents (heapq.nlargest) and StreamingTopK
// translated step by step, then the edges a property rarely lands on exactly (empty input,
// k = 0, k > n, one element, a stream far longer than k) and the misuse messages.

import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { topKSpec } from '../spec/top-k.ts';

const suite = await systemSuite(topKSpec);
const createStreamingTopK = suite.implementation.default;
const topK = suite.implementation.topK;

type ScoredDocument = readonly [score: number, documentId: string];
const scoreOf = ([score]: ScoredDocument): number => score;

const documents: readonly ScoredDocument[] = [
  [0.2, 'doc-a'],
  [0.9, 'doc-b'],
  [0.5, 'doc-c'],
  [0.9, 'doc-d'],
  [0.1, 'doc-e'],
  [0.7, 'doc-f'],
];

suite.check(['TOPK-1', 'TOPK-2'], "seed's top_k_documents(scores, k=3): nlargest by score, the earlier 0.9 first", async () => {
  const top = await topK(documents, 3, scoreOf);
  suite.rule('TOPK-1', () => expect(top.map(scoreOf)).toEqual([0.9, 0.9, 0.7]));
  suite.rule('TOPK-2', () => expect(top.map(([, id]) => id)).toEqual(['doc-b', 'doc-d', 'doc-f']));
});

suite.check(['TOPK-1', 'TOPK-2', 'TOPK-3'], "seed's default k=10 on six documents returns all six, best first", async () => {
  const top = await topK(documents, 10, scoreOf);
  const ids = top.map(([, id]) => id);
  suite.rule('TOPK-3', () => expect([...ids].sort()).toEqual(['doc-a', 'doc-b', 'doc-c', 'doc-d', 'doc-e', 'doc-f']));
  suite.rule('TOPK-1', () => expect(top.map(scoreOf)).toEqual([0.9, 0.9, 0.7, 0.5, 0.2, 0.1]));
  suite.rule('TOPK-2', () => expect(ids).toEqual(['doc-b', 'doc-d', 'doc-f', 'doc-c', 'doc-a', 'doc-e']));
});

suite.check(['TOPK-4', 'TOPK-5', 'TOPK-6'], "seed's StreamingTopK(k=3): the min-heap replaces its root only for a strictly higher score", async () => {
  const stream = createStreamingTopK<string>({ k: 3 });
  const admitted: boolean[] = [];
  for (const [score, id] of documents) admitted.push(await stream.add(id, score));
  // a, b, c fill the heap; d (0.9) beats the root a (0.2); e (0.1) is below c (0.5); f (0.7) beats c
  suite.rule('TOPK-5', () => expect(admitted).toEqual([true, true, true, true, false, true]));
  const top = await stream.top();
  suite.rule('TOPK-4', () =>
    expect(top).toEqual([{ item: 'doc-b', score: 0.9 }, { item: 'doc-d', score: 0.9 }, { item: 'doc-f', score: 0.7 }]),
  );
  const [size, lowest] = [await stream.size, await stream.lowestScore()];
  suite.rule('TOPK-6', () => expect([size, lowest]).toEqual([3, 0.7]));
  // the seed's `score > heap[0]`: an equal score does not displace the earlier item
  const tie = await stream.add('doc-g', 0.7);
  suite.rule('TOPK-5', () => expect(tie).toBe(false));
});

suite.check('TOPK-3', 'empty input, k = 0 and a single element', async () => {
  const results = [
    await topK([], 5, Number),
    await topK([4, 2], 0, Number),
    await topK([42], 1, Number),
    await topK([42], 3, Number),
  ];
  suite.rule('TOPK-3', () => expect(results).toEqual([[], [], [42], [42]]));
});

suite.check('TOPK-3', 'topK reads a generator once and calls score once per item', async () => {
  let pulled = 0;
  function* numbers(): Generator<number> {
    for (let value = 0; value < 100; value++) {
      pulled++;
      yield (value * 37) % 101;
    }
  }
  let scored = 0;
  const top = await topK(numbers(), 4, (value) => {
    scored++;
    return value;
  });
  suite.rule('TOPK-3', () => expect([top, pulled, scored]).toEqual([[100, 99, 98, 97], 100, 100]));
});

suite.check(['TOPK-1', 'TOPK-2'], 'infinities, -0 and 0, and negative scores sort like numbers', async () => {
  const items = [
    { name: 'zero', score: 0 },
    { name: 'minus-infinity', score: -Infinity },
    { name: 'negative-zero', score: -0 },
    { name: 'infinity', score: Infinity },
    { name: 'negative', score: -2.5 },
  ];
  const top = await topK(items, 4, (item) => item.score);
  suite.rule('TOPK-1', () => expect(top.map(({ name }) => name)[0]).toBe('infinity'));
  suite.rule('TOPK-2', () => expect(top.map(({ name }) => name)).toEqual(['infinity', 'zero', 'negative-zero', 'negative']));
});

suite.check(['TOPK-4', 'TOPK-6'], 'a stream of 100 000 scores keeps the 5 best and holds only 5', async () => {
  const stream = createStreamingTopK<number>({ k: 5 });
  for (let index = 0; index < 100_000; index++) await stream.add(index, (index * 7919) % 100_003);
  const top = await stream.top();
  suite.rule('TOPK-4', () => expect(top.map(({ score }) => score)).toEqual([100_002, 100_001, 100_000, 99_999, 99_998]));
  const size = await stream.size;
  suite.rule('TOPK-6', () => expect(size).toBe(5));
});

suite.check(['TOPK-5', 'TOPK-6'], 'k = 0 admits nothing; clear starts over and keeps k', async () => {
  const none = createStreamingTopK<string>({ k: 0 });
  const admitted = await none.add('x', Infinity);
  const noneState = [admitted, await none.size, await none.lowestScore(), await none.top()];
  suite.rule('TOPK-5', () => expect(noneState).toEqual([false, 0, undefined, []]));
  const stream = createStreamingTopK<string>({ k: 2 });
  await stream.add('a', 5);
  await stream.add('b', 6);
  await stream.clear();
  const cleared = [await stream.size, await stream.k, await stream.lowestScore()];
  suite.rule('TOPK-6', () => expect(cleared).toEqual([0, 2, undefined]));
  const lowAfterClear = await stream.add('c', -100);
  suite.rule('TOPK-5', () => expect(lowAfterClear, 'a cleared top-k has room again').toBe(true));
});

suite.check('TOPK-7', 'the array top() returns belongs to the caller', async () => {
  const stream = createStreamingTopK<string>({ k: 2 });
  await stream.add('a', 1);
  await stream.add('b', 2);
  const first = await stream.top();
  first.length = 0;
  const second = await stream.top();
  suite.rule('TOPK-7', () => expect(second.map(({ item }) => item)).toEqual(['b', 'a']));
});

suite.check(['TOPK-8', 'TOPK-9'], 'misuse messages name the system, the method and the value', async () => {
  const looseTopK = topK as (items: unknown, k: unknown, score: unknown) => unknown;
  const looseCreate = createStreamingTopK as (options: unknown) => unknown;
  const stream = await createStreamingTopK<string>({ k: 1 });
  await expectMisuse(suite, 'TOPK-8', { call: () => looseTopK([1], -1, Number), classes: RangeError, method: 'topK', value: -1, mentions: /got -1$/ });
  await expectMisuse(suite, 'TOPK-8', { call: () => looseCreate({ k: 2.5 }), classes: RangeError, method: 'create', value: 2.5, mentions: /got 2\.5$/ });
  await expectMisuse(suite, 'TOPK-8', { call: () => looseTopK(null, 1, Number), classes: TypeError, method: 'topK', mentions: /got null$/ });
  await expectMisuse(suite, 'TOPK-9', { call: () => stream.add('x', Number.NaN), classes: RangeError, method: 'add', value: Number.NaN, mentions: /got NaN$/ });
  await expectMisuse(suite, 'TOPK-9', { call: () => stream.add('x', '0.5' as unknown as number), classes: TypeError, method: 'add', value: '0.5', mentions: /got "?0\.5"?$/ });
});
