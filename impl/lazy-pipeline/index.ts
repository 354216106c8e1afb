// lazy-pipeline, the reference implementation. A pipeline is an immutable recipe: a function
// that builds a fresh chain of nodes (source first) for each iteration. The async iterator,
// toArray and reduce all drive the same chain; on a stage error they close it, source included.

import {
  maxBatchSize,
  maxConcurrency,
  maxToArrayItems,
  type CreateLazyPipeline,
  type MaybePromise,
  type ParallelMapOptions,
  type Pipeline,
  type ToArrayOptions,
} from '../../spec/lazy-pipeline.ts';
import { FlatMapNode } from './flat-map.ts';
import { BatchNode, doneStep, FilterNode, isThenable, MapNode, SkipNode, SourceNode, TakeNode, type PipelineNode, type Step } from './nodes.ts';
import { ParallelMapNode } from './parallel-map.ts';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return typeof value === 'function' ? 'a function' : String(value);
}

function checkFunction(method: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`lazy-pipeline.${method}: expected a function, got ${describe(fn)}`);
}

function checkInteger(method: string, what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`lazy-pipeline.${method}: expected ${what} to be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

/** Closes a chain after an error without letting a second error hide the first. */
async function closeAfterError(node: PipelineNode<unknown>): Promise<void> {
  try {
    await node.close();
  } catch {
    // the consumer must see the error that stopped the pipeline
  }
}

class PipelineIterator<T> implements AsyncIterator<T, undefined> {
  #done = false;
  /** next() and return() calls run one after another, like an async generator's */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly node: PipelineNode<T>) {}

  next(): Promise<Step<T>> {
    return this.#enqueue(() => this.#advance());
  }

  return(): Promise<Step<T>> {
    return this.#enqueue(async () => {
      if (!this.#done) {
        this.#done = true;
        await this.node.close();
      }
      return doneStep;
    });
  }

  #enqueue(operation: () => Promise<Step<T>>): Promise<Step<T>> {
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #advance(): Promise<Step<T>> {
    if (this.#done) return doneStep;
    try {
      const pending = this.node.pull();
      const step = isThenable(pending) ? await pending : pending;
      if (step.done === true) this.#done = true;
      return step;
    } catch (error) {
      this.#done = true;
      await closeAfterError(this.node);
      throw error;
    }
  }
}

class LazyPipeline<T> implements Pipeline<T> {
  constructor(private readonly build: () => PipelineNode<T>) {}

  #then<U>(node: (upstream: PipelineNode<T>) => PipelineNode<U>): Pipeline<U> {
    return new LazyPipeline(() => node(this.build()));
  }

  map<U>(fn: (item: T, index: number) => MaybePromise<U>): Pipeline<U> {
    checkFunction('map', fn);
    return this.#then((upstream) => new MapNode<T, U>(upstream, fn));
  }

  filter(predicate: (item: T, index: number) => unknown): Pipeline<T> {
    checkFunction('filter', predicate);
    return this.#then((upstream) => new FilterNode(upstream, predicate));
  }

  take(count: number): Pipeline<T> {
    const checked = checkInteger('take', 'count', count, 0, Number.MAX_SAFE_INTEGER);
    return this.#then((upstream) => new TakeNode(upstream, checked));
  }

  skip(count: number): Pipeline<T> {
    const checked = checkInteger('skip', 'count', count, 0, Number.MAX_SAFE_INTEGER);
    return this.#then((upstream) => new SkipNode(upstream, checked));
  }

  batch(size: number): Pipeline<T[]> {
    const checked = checkInteger('batch', 'size', size, 1, maxBatchSize);
    return this.#then((upstream) => new BatchNode(upstream, checked));
  }

  flatMap<U>(fn: (item: T, index: number) => MaybePromise<Iterable<U> | AsyncIterable<U>>): Pipeline<U> {
    checkFunction('flatMap', fn);
    return this.#then((upstream) => new FlatMapNode<T, U>(upstream, fn));
  }

  parallelMap<U>(fn: (item: T, index: number) => MaybePromise<U>, options: ParallelMapOptions): Pipeline<U> {
    checkFunction('parallelMap', fn);
    const concurrency = checkInteger('parallelMap', 'concurrency', (options as Partial<ParallelMapOptions> | undefined)?.concurrency, 1, maxConcurrency);
    return this.#then((upstream) => new ParallelMapNode<T, U>(upstream, fn, concurrency));
  }

  toArray(options?: ToArrayOptions): Promise<T[]> {
    const maxItems = checkInteger('toArray', 'maxItems', options?.maxItems ?? maxToArrayItems, 1, Number.MAX_SAFE_INTEGER);
    const items: T[] = [];
    return this.#drive((item) => {
      if (items.length === maxItems) {
        throw new RangeError(`lazy-pipeline.toArray: expected at most ${maxItems} items, got ${maxItems + 1}`);
      }
      items.push(item);
    }).then(() => items);
  }

  reduce<U>(fn: (accumulator: U, item: T, index: number) => MaybePromise<U>, initial: U): Promise<U> {
    checkFunction('reduce', fn);
    let accumulator = initial;
    let index = 0;
    return this.#drive((item) => {
      const next = fn(accumulator, item, index++);
      if (!isThenable(next)) {
        accumulator = next;
        return;
      }
      return Promise.resolve(next).then((settled) => {
        accumulator = settled;
      });
    }).then(() => accumulator);
  }

  /** Pulls the chain to its end, synchronously for as long as nothing returns a promise. */
  async #drive(consume: (item: T) => void | Promise<void>): Promise<void> {
    const node = this.build();
    try {
      for (;;) {
        const pending = node.pull();
        const step = isThenable(pending) ? await pending : pending;
        if (step.done === true) return;
        const consumed = consume(step.value);
        if (consumed !== undefined) await consumed;
      }
    } catch (error) {
      await closeAfterError(node);
      throw error;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return new PipelineIterator(this.build());
  }
}

const createLazyPipeline: CreateLazyPipeline = <T>(source: Iterable<T> | AsyncIterable<T>): Pipeline<T> => {
  const candidate = source as Partial<Iterable<T> & AsyncIterable<T>> | null | undefined;
  if (typeof candidate?.[Symbol.asyncIterator] !== 'function' && typeof candidate?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`lazy-pipeline.create: expected an iterable or async iterable, got ${describe(source)}`);
  }
  return new LazyPipeline(() => new SourceNode(source));
};

export default createLazyPipeline;
