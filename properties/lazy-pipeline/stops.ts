// How lazy-pipeline stops, beyond the random chains: reduce with async reducers (awaited one at a
// time, a rejection closing the source), parallelMap over a stage that fails (nothing past the
// failing item is pulled or called), and sources and inner iterators that have no return().

import fc from 'fast-check';
import { expect } from 'vitest';
import { failureOf } from '../../harness/failure.ts';
import type { Suite } from '../../harness/suite.ts';
import { countingSource, type lazyPipelineSpec } from '../../spec/lazy-pipeline.ts';

type PipelineSuite = Suite<typeof lazyPipelineSpec>;
type Create = PipelineSuite['implementation']['default'];
type ReducerKind = 'sync' | 'promise' | 'thenable object' | 'thenable function';

/** value as the reducer hands it back: itself, a promise, or a thenable that is no Promise */
function handBack(kind: ReducerKind, value: Promise<unknown>): unknown {
  if (kind === 'promise') return value;
  const then = (onFulfilled?: (settled: unknown) => unknown, onRejected?: (error: unknown) => unknown) => value.then(onFulfilled, onRejected);
  return kind === 'thenable object' ? { then } : Object.assign(() => 'a thenable function, not an accumulator', { then });
}

function reduceChecks(suite: PipelineSuite, create: Create): void {
  suite.property(
    ['LZP-1', 'LZP-2', 'LZP-5', 'LZP-9', 'LZP-10'],
    'reduce awaits a reducer returning a promise or thenable before the next call, and a failing reducer closes the source',
    fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 10 }),
      fc.constantFrom<ReducerKind>('sync', 'promise', 'thenable object', 'thenable function'),
      fc.option(fc.nat({ max: 10 }), { nil: undefined, freq: 3 }),
      fc.boolean(),
      async (items, kind, failAt, asyncSource) => {
        const failure = new Error(`the reducer fails at ${failAt}`);
        const source = countingSource(items, { async: asyncSource });
        let active = 0;
        let overlaps = 0;
        const reducer = (accumulator: number[], item: number, index: number): unknown => {
          if (active > 0) overlaps++;
          const fails = index === failAt;
          if (kind === 'sync') {
            if (fails) throw failure;
            return [...accumulator, item * 100 + index];
          }
          active++;
          const settled = (fails ? Promise.reject(failure) : Promise.resolve([...accumulator, item * 100 + index])).finally(() => void active--);
          settled.catch(() => undefined); // judged by what reduce returns, not an unhandled rejection
          return handBack(kind, settled);
        };
        const pipeline = await create(source.iterable);
        const outcome = await pipeline.reduce(reducer as never, [] as number[]).then((value) => ({ value }), (error: unknown) => ({ error }));
        const fails = failAt !== undefined && failAt < items.length;
        const expected = fails ? { error: failure } : { value: items.map((item, index) => item * 100 + index) };
        suite.rule('LZP-5', () => expect(overlaps, 'reducer calls started before the previous one settled').toBe(0));
        suite.rule(fails ? 'LZP-9' : kind === 'sync' && !asyncSource ? 'LZP-1' : 'LZP-2', () => expect(outcome).toEqual(expected));
        if (fails) {
          suite.rule('LZP-9', () => expect('error' in outcome && outcome.error, 'the very error thrown').toBe(failure));
          suite.rule('LZP-9', () => expect(source.pulls, 'pulled up to the failing item only').toBe(failAt + 1));
          suite.rule('LZP-10', () => expect(source.returns, 'the source is closed once').toBe(1));
        }
      },
    ),
    { runsFactor: 0.5 },
  );
}

function parallelMapStopChecks(suite: PipelineSuite, create: Create): void {
  suite.property(
    ['LZP-9', 'LZP-5'],
    'parallelMap after a stage that fails pulls and calls nothing past the failing item, however wide its concurrency',
    fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.nat({ max: 9 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.boolean(), async (length, failAt, concurrency, asyncSource, asyncFunctions) => {
      const items = Array.from({ length: length + failAt }, (_, index) => index);
      const failure = new Error(`the map fails on ${failAt}`);
      const source = countingSource(items, { async: asyncSource });
      const mapped: number[] = [];
      const started: number[] = [];
      const map = (value: number): unknown => {
        mapped.push(value);
        if (value === failAt) {
          if (!asyncFunctions) throw failure;
          return Promise.reject(failure);
        }
        return asyncFunctions ? Promise.resolve(value) : value;
      };
      const pipeline = await (await (await create(source.iterable)).map(map as (value: number) => number)).parallelMap((value) => {
        started.push(value);
        return asyncFunctions ? Promise.resolve(value * 2) : value * 2;
      }, { concurrency });
      const outputs: number[] = [];
      const error = await failureOf(async () => {
        for await (const value of pipeline) outputs.push(value);
      });
      const before = Array.from({ length: failAt }, (_, index) => index);
      suite.rule('LZP-9', () => {
        expect(error, 'the very error thrown').toBe(failure);
        expect(outputs, 'the results before the failing item').toEqual(before.map((value) => value * 2));
        expect(source.pulls, 'source pulls: up to the failing item').toBe(failAt + 1);
        expect(mapped, 'map calls: up to the failing item').toEqual([...before, failAt]);
        expect(started, 'parallelMap calls: the items before the failing one').toEqual(before);
      });
      suite.rule('LZP-10', () => expect(source.returns, 'the source is closed once').toBe(1));
    }),
    { runsFactor: 0.5 },
  );
}

/** an iterator with next() only, as a hand-written one often is */
function withoutReturn(items: readonly number[], async: boolean): Iterable<number> | AsyncIterable<number> {
  const open = () => {
    let position = 0;
    return (): IteratorResult<number> => (position < items.length ? { done: false, value: items[position++] as number } : { done: true, value: undefined });
  };
  if (async) return { [Symbol.asyncIterator]: () => ({ next: ((next) => async () => next())(open()) }) };
  return { [Symbol.iterator]: () => ({ next: open() }) };
}

function noReturnChecks(suite: PipelineSuite, create: Create): void {
  suite.check(['LZP-10', 'LZP-9'], 'a source or inner iterator without return() is simply left when the pipeline stops early', async () => {
    const failure = new Error('the map fails on 2');
    for (const async of [false, true]) {
      const items = [0, 1, 2, 3, 4, 5];
      const taken = await failureOf(async () => (await (await create(withoutReturn(items, async))).take(2)).toArray());
      const broken: number[] = [];
      const stopped = await failureOf(async () => {
        for await (const value of await create(withoutReturn(items, async))) {
          broken.push(value);
          if (value === 1) break;
        }
      });
      const mapped = await (await create(withoutReturn(items, async))).map((value) => {
        if (value === 2) throw failure;
        return value;
      });
      const failed = await failureOf(() => mapped.toArray());
      const inner = await failureOf(async () => (await (await (await create([1, 2])).flatMap(() => withoutReturn(items, async))).take(3)).toArray());
      const parallel = await failureOf(async () => (await (await (await create(withoutReturn(items, async))).parallelMap((value) => value, { concurrency: 2 })).take(1)).toArray());
      suite.rule('LZP-10', () => {
        expect({ taken, stopped, broken, inner, parallel }, `${async ? 'async' : 'sync'}: stopping raises nothing`).toEqual({ taken: undefined, stopped: undefined, broken: [0, 1], inner: undefined, parallel: undefined });
      });
      suite.rule('LZP-9', () => expect(failed, 'the stage error, not one from closing').toBe(failure));
    }
  });
}

export function stopChecks(suite: PipelineSuite, create: Create): void {
  reduceChecks(suite, create);
  parallelMapStopChecks(suite, create);
  noReturnChecks(suite, create);
}
