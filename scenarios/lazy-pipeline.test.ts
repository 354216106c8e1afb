// Worked examples of lazy-pipeline: the seed's LazyPipeline(range(1, 100)) chain and its
// itertools pipeline (islice, filter, batched), then endless sources, early exits, failing
// stages and a parallelMap driven step by step with promises the test settles itself.

import { expect } from 'vitest';
import { expectMisuse } from '../harness/misuse.ts';
import { systemSuite } from '../harness/suite.ts';
import { countingSource, deferred, lazyPipelineSpec, settleMicrotasks } from '../spec/lazy-pipeline.ts';

const suite = await systemSuite(lazyPipelineSpec);
const createLazyPipeline = suite.implementation.default;

function* range(start: number, stop = Infinity): Generator<number> {
  for (let value = start; value < stop; value++) yield value;
}

suite.check(['LZP-1', 'LZP-4', 'LZP-10'], "seed's LazyPipeline(range(1, 100)).filter(even).map(square).take(5).to_list()", async () => {
  const source = countingSource([...range(1, 100)], { async: false });
  const pipeline = await (await (await (await createLazyPipeline(source.iterable)).filter((value) => value % 2 === 0)).map((value) => value * value)).take(5);
  const result = await pipeline.toArray();
  suite.rule('LZP-1', () => expect(result).toEqual([4, 16, 36, 64, 100]));
  suite.rule('LZP-4', () => expect(source.pulls, '1..10 pulled').toBe(10));
  suite.rule('LZP-10', () => expect(source.returns, 'then closed').toBe(1));
});

suite.check(['LZP-1', 'LZP-4', 'LZP-10'], "seed's efficient_pipeline: islice 10 000 of an endless stream, filter quality > 0.8, batched(32)", async () => {
  let produced = 0;
  let closed = false;
  function* dataStream(): Generator<{ id: number; quality: number }> {
    try {
      for (let id = 0; ; id++) {
        produced++;
        yield { id, quality: (id % 10) / 10 }; // quality 0.9 for one record in ten
      }
    } finally {
      closed = true;
    }
  }
  const processed: number[] = [];
  const batches = await (await (await (await createLazyPipeline(dataStream())).take(10_000)).filter((record) => record.quality > 0.8)).batch(32);
  for await (const batch of batches) processed.push(batch.length);
  suite.rule('LZP-1', () => expect(processed).toEqual([...Array<number>(31).fill(32), 8]));
  suite.rule('LZP-4', () => expect(produced, 'islice pulls exactly 10 000').toBe(10_000));
  suite.rule('LZP-10', () => expect(closed, 'the endless stream is closed').toBe(true));
});

suite.check('LZP-1', "Python's batched(range(10), 3), islice(range(10), 2, None) and a flatMap", async () => {
  const batched = await (await createLazyPipeline(range(0, 10))).batch(3);
  const skipped = await (await createLazyPipeline(range(0, 10))).skip(2);
  const flattened = await (await createLazyPipeline(['ab', 'c', ''])).flatMap((word, index) => [...word].map((letter) => `${letter}${index}`));
  const results = [await batched.toArray(), await skipped.toArray(), await flattened.toArray()];
  suite.rule('LZP-1', () => expect(results).toEqual([[[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]], [2, 3, 4, 5, 6, 7, 8, 9], ['a0', 'b0', 'c1']]));
});

suite.check(['LZP-4', 'LZP-10'], 'take(0) never opens the source, and a take past the end pulls to the end only', async () => {
  const none = countingSource([1, 2, 3], { async: false });
  const nothing = await (await (await createLazyPipeline(none.iterable)).take(0)).toArray();
  const short = countingSource([1, 2, 3], { async: true });
  const everything = await (await (await createLazyPipeline(short.iterable)).take(10)).toArray();
  suite.rule('LZP-4', () => {
    expect([nothing, none.pulls, none.returns]).toEqual([[], 0, 0]);
    expect([everything, short.pulls]).toEqual([[1, 2, 3], 4]);
  });
  suite.rule('LZP-10', () => expect(short.returns, 'an exhausted source is not closed').toBe(0));
});

suite.check(['LZP-4', 'LZP-1'], 'flatMap over endless inner iterables is lazy under take', async () => {
  const pipeline = await (await (await createLazyPipeline(range(1))).flatMap((value) => range(value * 100))).take(3);
  const result = await pipeline.toArray();
  suite.rule('LZP-1', () => expect(result).toEqual([100, 101, 102]));
});

suite.check(['LZP-9', 'LZP-10'], 'a map that throws stops an endless generator, which is closed, and the error arrives unchanged', async () => {
  let closed = false;
  let produced = 0;
  function* numbers(): Generator<number> {
    try {
      for (let value = 0; ; value++) {
        produced++;
        yield value;
      }
    } finally {
      closed = true;
    }
  }
  const failure = new RangeError('no square root of 3 today');
  const seen: number[] = [];
  const pipeline = await (await createLazyPipeline(numbers())).map((value) => {
    if (value === 3) throw failure;
    return Math.sqrt(value);
  });
  let caught: unknown;
  try {
    for await (const root of pipeline) seen.push(root);
  } catch (error) {
    caught = error;
  }
  suite.rule('LZP-9', () => expect([caught, seen, produced]).toEqual([failure, [0, 1, Math.SQRT2], 4]));
  suite.rule('LZP-10', () => expect(closed).toBe(true));
});

suite.check(['LZP-10', 'LZP-3'], 'break out of for await closes an async generator source; the pipeline can run again', async () => {
  let opened = 0;
  let closed = 0;
  const source = {
    async *[Symbol.asyncIterator]() {
      opened++;
      try {
        yield* range(0, 1000);
      } finally {
        closed++;
      }
    },
  };
  const pipeline = await (await createLazyPipeline(source)).map((value) => value * 2);
  const firstRun: number[] = [];
  for await (const value of pipeline) {
    firstRun.push(value);
    if (firstRun.length === 3) break;
  }
  suite.rule('LZP-10', () => expect([firstRun, closed]).toEqual([[0, 2, 4], 1]));
  const secondRun = await (await pipeline.take(2)).toArray();
  suite.rule('LZP-3', () => expect([secondRun, opened, closed]).toEqual([[0, 2], 2, 2]));
});

suite.check(['LZP-6', 'LZP-7', 'LZP-8'], 'parallelMap(fetch, concurrency 3) over 10 URLs: three in flight, results in URL order', async () => {
  const requests = new Map<string, (body: string) => void>();
  const fetchPage = (url: string): Promise<string> => {
    const response = deferred<string>();
    requests.set(url, response.resolve);
    return response.promise;
  };
  const urls = Array.from({ length: 10 }, (_, index) => `https://example.test/page-${index}`);
  const pages = await (await createLazyPipeline(urls)).parallelMap(fetchPage, { concurrency: 3 });
  const all = pages.toArray();
  await settleMicrotasks();
  suite.rule('LZP-7', () => expect(requests.size, 'requests started').toBeLessThanOrEqual(3));
  suite.rule('LZP-8', () => expect([...requests.keys()]).toEqual(urls.slice(0, 3)));
  // answer the newest request first: page-2, then page-1: nothing new starts until page-0 is done
  requests.get(urls[2] as string)?.('body 2');
  requests.get(urls[1] as string)?.('body 1');
  await settleMicrotasks();
  // results leave in order, so page-1 and page-2 wait behind page-0 and fill the read-ahead
  suite.rule('LZP-6', () => expect(requests.size, 'page-0 still holds the line').toBe(3));
  for (let round = 0; round < 12; round++) {
    for (const [url, respond] of requests) respond(`body ${url.slice(url.lastIndexOf('-') + 1)}`);
    await settleMicrotasks();
  }
  const bodies = await all;
  suite.rule('LZP-6', () => expect(bodies).toEqual(urls.map((_, index) => `body ${index}`)));
});

suite.check('LZP-9', 'a parallelMap rejection arrives after the results before it, even when it settles first', async () => {
  const calls = Array.from({ length: 4 }, () => deferred<number>());
  const failure = new Error('item 2 failed');
  const pipeline = await (await createLazyPipeline([0, 1, 2, 3])).parallelMap((value) => (calls[value] as { promise: Promise<number> }).promise, { concurrency: 4 });
  const iterator = pipeline[Symbol.asyncIterator]();
  const first = iterator.next();
  await settleMicrotasks();
  calls[2]?.reject(failure);
  calls[3]?.resolve(3);
  calls[0]?.resolve(0);
  calls[1]?.resolve(1);
  const steps = [await first, await iterator.next()];
  const third = await iterator.next().then(() => undefined, (error: unknown) => error);
  const after = await iterator.next();
  suite.rule('LZP-9', () => expect([steps.map((step) => step.value), third, after.done]).toEqual([[0, 1], failure, true]));
});

suite.check('LZP-11', 'misuse messages name the system, the method and the value', async () => {
  const pipeline = await createLazyPipeline([1, 2, 3]);
  const create = createLazyPipeline as (source: unknown) => unknown;
  const numeric = [TypeError, RangeError];
  await expectMisuse(suite, 'LZP-11', { call: () => pipeline.take(-1), classes: numeric, method: 'take', mentions: /got -1$/ });
  await expectMisuse(suite, 'LZP-11', { call: () => pipeline.batch(0), classes: numeric, method: 'batch', mentions: /got 0$/ });
  await expectMisuse(suite, 'LZP-11', { call: () => pipeline.parallelMap((value) => value, { concurrency: 0 }), classes: numeric, method: 'parallelMap', mentions: /got 0$/ });
  await expectMisuse(suite, 'LZP-11', { call: () => pipeline.map('double' as never), classes: TypeError, method: 'map', mentions: /expected a function, got "double"$/ });
  await expectMisuse(suite, 'LZP-11', { call: () => create(7), classes: TypeError, mentions: /got 7$/ });
});

suite.check(['LZP-1', 'LZP-4'], 'a 200 000-item source is never walked: take(3) after map pulls three', async () => {
  const source = countingSource(Array.from({ length: 200_000 }, (_, index) => index), { async: false });
  const pipeline = await (await (await createLazyPipeline(source.iterable)).map((value) => value + 1)).take(3);
  const result = await pipeline.toArray();
  suite.rule('LZP-1', () => expect(result).toEqual([1, 2, 3]));
  suite.rule('LZP-4', () => expect(source.pulls).toBe(3));
});

// (a million items, not an endless generator: an implementation without the limit must fail
// this check, not hang the run)
suite.check(['LZP-12', 'LZP-10'], 'toArray over a million-item generator stops at its maxItems of 1 000', async () => {
  let closed = false;
  function* million(): Generator<number> {
    try {
      yield* range(0, 1_000_000);
    } finally {
      closed = true;
    }
  }
  const outcome = await (await createLazyPipeline(million())).toArray({ maxItems: 1000 }).then(() => undefined, (error: unknown) => error);
  suite.rule('LZP-12', () => {
    expect(outcome).toBeInstanceOf(RangeError);
    expect((outcome as Error).message).toBe('lazy-pipeline.toArray: expected at most 1000 items, got 1001');
  });
  suite.rule('LZP-10', () => expect(closed).toBe(true));
});

suite.check(['LZP-1', 'LZP-2', 'LZP-5'], 'filter keeps by truthiness: an async predicate resolving to undefined drops the item, asked once', async () => {
  // the reference once took a predicate's undefined answer for "not asked yet" and asked again
  const asked: number[] = [];
  const predicate = (item: number, index: number): Promise<unknown> => {
    asked.push(item);
    return Promise.resolve(index % 2 === 0 ? true : undefined);
  };
  const kept = await (await createLazyPipeline([10, 20, 30, 40])).filter(predicate).toArray();
  const answers: unknown[] = [1, 0, 'yes', '', {}, null, [], Number.NaN];
  const sync = await (await createLazyPipeline(answers.map((_, index) => index))).filter((index) => answers[index]).toArray();
  suite.rule('LZP-2', () => expect(kept).toEqual([10, 30]));
  suite.rule('LZP-5', () => expect(asked, 'each item asked once').toEqual([10, 20, 30, 40]));
  suite.rule('LZP-1', () => expect(sync).toEqual([0, 2, 4, 6]));
});
