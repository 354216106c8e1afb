// lazy-pipeline: a chain of map / filter / take / skip / batch / flatMap / parallelMap over a
// sync or async source, pulled one item at a time (the seed's LazyPipeline and its itertools
// islice / filter / batched). The model is a chain of plain sync generators: obviously lazy.

import { defineSpec } from '../harness/spec.ts';

export type MaybePromise<T> = T | PromiseLike<T>;

export interface ToArrayOptions {
  /** the most items toArray holds; one more fails it. A positive safe integer, default maxToArrayItems */
  readonly maxItems?: number;
}

export interface ParallelMapOptions {
  /** the most calls of fn unsettled at once; an integer from 1 to maxConcurrency */
  readonly concurrency: number;
}

/**
 * A description of a lazy computation: building one pulls nothing. Each iteration (the async
 * iterator, toArray, reduce) starts a fresh iteration of the source. Stage functions receive the
 * item and its index among the items reaching that stage, and may return promises.
 */
export interface Pipeline<T> extends AsyncIterable<T> {
  map<U>(fn: (item: T, index: number) => MaybePromise<U>): Pipeline<U>;
  /** keeps the items for which predicate returns (or resolves to) a truthy value */
  filter(predicate: (item: T, index: number) => unknown): Pipeline<T>;
  /** the first count items (itertools.islice(source, count)); a non-negative safe integer */
  take(count: number): Pipeline<T>;
  /** all but the first count items (islice(source, count, None)); a non-negative safe integer */
  skip(count: number): Pipeline<T>;
  /** arrays of size consecutive items, the last one shorter if items run out; size in 1..maxBatchSize */
  batch(size: number): Pipeline<T[]>;
  /** the items of the iterable or async iterable fn returns for each item, in order */
  flatMap<U>(fn: (item: T, index: number) => MaybePromise<Iterable<U> | AsyncIterable<U>>): Pipeline<U>;
  /** like map, with up to concurrency calls in flight; results keep the input order */
  parallelMap<U>(fn: (item: T, index: number) => MaybePromise<U>, options: ParallelMapOptions): Pipeline<U>;
  /** the seed's to_list(), bounded: an endless source fails instead of eating memory */
  toArray(options?: ToArrayOptions): Promise<T[]>;
  reduce<U>(fn: (accumulator: U, item: T, index: number) => MaybePromise<U>, initial: U): Promise<U>;
  [Symbol.asyncIterator](): AsyncIterator<T, undefined>;
}

export type CreateLazyPipeline = <T>(source: Iterable<T> | AsyncIterable<T>) => Pipeline<T>;

export interface LazyPipelineModule {
  readonly default: CreateLazyPipeline;
}

export const maxConcurrency = 1024;
export const maxBatchSize = 1_048_576;
export const maxToArrayItems = 16_777_216;

export const lazyPipelineSpec = defineSpec({
  id: 'lazy-pipeline',
  title: 'Lazy pipelines: map, filter, take, skip, batch, flatMap, parallelMap',
  rules: {
    'LZP-1': 'A pipeline yields what the eager array model gives (map, filter, flatMap, parallelMap like their Array methods with per-stage indexes, take and skip like slice, batch as chunks with a shorter last one); toArray and reduce agree with iteration.',
    'LZP-2': 'Stage functions and reduce\'s function may return promises or other thenables (objects or functions with a then method), and the source and flatMap\'s inner iterables may be async: the results equal those of their sync counterparts.',
    'LZP-3': 'Building a pipeline pulls nothing and calls no function; a stage returns a new pipeline and leaves the one it extends unchanged; each iteration starts a fresh iteration of the source.',
    'LZP-4': 'Without parallelMap, a pipeline pulls from its source exactly as often as the generator model does for the outputs consumed: take(n) never pulls past its n-th item, and filter, batch and flatMap pull only what the next output needs.',
    'LZP-5': 'Outside parallelMap, each stage function (and reduce\'s) is called once per item reaching it, in order, and only after its previous call has settled.',
    'LZP-6': 'parallelMap yields its results in input order whatever order its calls settle in.',
    'LZP-7': 'parallelMap never has more than concurrency calls unsettled, and never holds more than concurrency items pulled but not yet yielded.',
    'LZP-8': 'parallelMap uses its concurrency: it starts calls for the first concurrency items (or all, if fewer) before any of them settles.',
    'LZP-9': 'An error thrown by the source, a stage function, reduce\'s function or a flatMap inner iterator (or a rejection) reaches the consumer unchanged after the outputs before it; nothing after the item that failed is pulled or passed to a function, save what parallelMap reads ahead of a call of its own not yet yielded; then the iteration is done and nothing more is pulled or called.',
    'LZP-10': 'When iteration stops before the source ends (take satisfied, return() or break, or an error from a stage), the source\'s return(), if it has one, is called exactly once; a flatMap inner iterator abandoned early is closed the same way, and has finished closing before the source\'s return() is called; a source or inner iterator whose own next() threw or rejected is not closed.',
    'LZP-11': 'A non-iterable source, a non-function, or a count, size, concurrency or maxItems out of range (the limits themselves are accepted) is rejected at the call with a TypeError or RangeError reading "lazy-pipeline.<method>: expected <what>, got <value>", naming the option at fault (concurrency, maxItems) and showing the value; a flatMap result that is not iterable fails the iteration with a TypeError of the same form.',
    'LZP-12': 'toArray holds at most maxItems items (default 2^24): pulling one more fails it with a RangeError naming lazy-pipeline and closes the source.',
  },
  exports: ['default'],
  smoke(module: LazyPipelineModule) {
    return module.default([1, 2, 3]).map((value) => value * 2).toArray();
  },
});

// ---- the model: one generator per stage ----

export type ModelFunction = (item: unknown, index: number) => unknown;

export type ModelStage =
  | { readonly kind: 'map' | 'filter' | 'parallelMap'; readonly fn: ModelFunction; readonly concurrency?: number }
  | { readonly kind: 'flatMap'; readonly fn: (item: unknown, index: number) => Iterable<unknown> }
  | { readonly kind: 'take' | 'skip'; readonly count: number }
  | { readonly kind: 'batch'; readonly size: number };

function* mapModel(source: Iterable<unknown>, fn: ModelFunction): Generator<unknown> {
  let index = 0;
  for (const item of source) yield fn(item, index++);
}

function* filterModel(source: Iterable<unknown>, fn: ModelFunction): Generator<unknown> {
  let index = 0;
  for (const item of source) if (fn(item, index++)) yield item;
}

function* flatMapModel(source: Iterable<unknown>, fn: (item: unknown, index: number) => Iterable<unknown>): Generator<unknown> {
  let index = 0;
  for (const item of source) yield* fn(item, index++);
}

function* takeModel(source: Iterable<unknown>, count: number): Generator<unknown> {
  if (count === 0) return;
  let taken = 0;
  for (const item of source) {
    yield item;
    if (++taken === count) return; // resumed after the last item: stop without pulling again
  }
}

function* skipModel(source: Iterable<unknown>, count: number): Generator<unknown> {
  let skipped = 0;
  for (const item of source) {
    if (skipped < count) skipped++;
    else yield item;
  }
}

function* batchModel(source: Iterable<unknown>, size: number): Generator<unknown[]> {
  let batch: unknown[] = [];
  for (const item of source) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The model pipeline: parallelMap is a plain map (what it yields, not how fast). */
export function modelPipeline(source: Iterable<unknown>, stages: readonly ModelStage[]): Iterable<unknown> {
  let current = source;
  for (const stage of stages) {
    const upstream = current;
    switch (stage.kind) {
      case 'map':
      case 'parallelMap':
        current = { [Symbol.iterator]: () => mapModel(upstream, stage.fn) };
        break;
      case 'filter':
        current = { [Symbol.iterator]: () => filterModel(upstream, stage.fn) };
        break;
      case 'flatMap':
        current = { [Symbol.iterator]: () => flatMapModel(upstream, stage.fn) };
        break;
      case 'take':
        current = { [Symbol.iterator]: () => takeModel(upstream, stage.count) };
        break;
      case 'skip':
        current = { [Symbol.iterator]: () => skipModel(upstream, stage.count) };
        break;
      case 'batch':
        current = { [Symbol.iterator]: () => batchModel(upstream, stage.size) };
        break;
    }
  }
  return current;
}

// ---- instruments the suites measure laziness, closing and concurrency with ----

export interface CountingSource<T> {
  readonly iterable: Iterable<T> | AsyncIterable<T>;
  /** next() calls, the one that reported the end included */
  readonly pulls: number;
  /** return() calls */
  readonly returns: number;
}

/** An iterable over items that counts pulls and return() calls, and throws failure at failAt. */
export function countingSource<T>(
  items: readonly T[],
  options: { readonly async: boolean; readonly failAt?: number; readonly failure?: unknown },
): CountingSource<T> {
  const counts = { pulls: 0, returns: 0 };
  const open = (): Iterator<T> => {
    let position = 0;
    return {
      next(): IteratorResult<T> {
        counts.pulls++;
        if (position === options.failAt) throw options.failure;
        if (position >= items.length) return { done: true, value: undefined };
        return { done: false, value: items[position++] as T };
      },
      return(): IteratorResult<T> {
        counts.returns++;
        position = items.length;
        return { done: true, value: undefined };
      },
    };
  };
  const iterable: Iterable<T> | AsyncIterable<T> = options.async
    ? {
        [Symbol.asyncIterator]: (): AsyncIterator<T> => {
          const inner = open();
          return { next: async () => inner.next(), return: async () => (inner.return as () => IteratorResult<T>)() };
        },
      }
    : { [Symbol.iterator]: open };
  return {
    iterable,
    get pulls() {
      return counts.pulls;
    },
    get returns() {
      return counts.returns;
    },
  };
}

/** A promise settled from outside, for schedules the test controls. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run: a timer fires only once the microtask queue is empty. */
export function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
