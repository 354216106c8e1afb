// flatMap's node: one inner iterator at a time, pulled one item per output, so an endless inner
// iterable under a take() is fine. An inner iterator that fails is not closed (like a source);
// one abandoned early is, before the outer source.

import { doneStep, isThenable, type PipelineNode, type Pull, type Step } from './nodes.ts';

type InnerIterator<T> = Iterator<T> | AsyncIterator<T>;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return typeof value === 'function' ? 'a function' : String(value);
}

function openInner<T>(result: unknown): InnerIterator<T> {
  const candidate = result as Partial<Iterable<T> & AsyncIterable<T>> | null | undefined;
  const asyncOpen = candidate?.[Symbol.asyncIterator];
  if (typeof asyncOpen === 'function') return asyncOpen.call(candidate);
  const syncOpen = candidate?.[Symbol.iterator];
  if (typeof syncOpen === 'function') return syncOpen.call(candidate);
  throw new TypeError(`lazy-pipeline.flatMap: expected fn to return an iterable or async iterable, got ${describe(result)}`);
}

export class FlatMapNode<In, Out> implements PipelineNode<Out> {
  #inner: InnerIterator<Out> | undefined;
  #index = 0;
  #closed = false;

  constructor(
    private readonly upstream: PipelineNode<In>,
    private readonly fn: (item: In, index: number) => unknown,
  ) {}

  pull(): Pull<Out> {
    for (;;) {
      if (this.#inner !== undefined) {
        const step = this.#innerNext(this.#inner);
        if (isThenable(step)) return this.#slowly(step);
        if (step.done !== true) return step;
        this.#inner = undefined;
      }
      const outer = this.upstream.pull();
      if (isThenable(outer)) return this.#slowly(undefined, outer);
      if (outer.done === true) return doneStep;
      const result = this.fn(outer.value, this.#index++);
      if (isThenable(result)) return this.#slowly(undefined, undefined, result);
      this.#inner = openInner<Out>(result);
    }
  }

  /** the inner iterator's next(), forgetting the iterator (unclosed) when it fails */
  #innerNext(inner: InnerIterator<Out>): Step<Out> | Promise<Step<Out>> {
    let step: Step<Out> | Promise<Step<Out>>;
    try {
      step = inner.next() as Step<Out> | Promise<Step<Out>>;
    } catch (error) {
      this.#inner = undefined;
      throw error;
    }
    if (!isThenable(step)) return step;
    return Promise.resolve(step).catch((error: unknown) => {
      this.#inner = undefined;
      throw error;
    });
  }

  /** the loop of pull() once a promise appeared: whichever of the three was pending goes first */
  async #slowly(innerStep?: Promise<Step<Out>>, outerStep?: Promise<Step<In>>, result?: PromiseLike<unknown>): Promise<Step<Out>> {
    for (;;) {
      if (innerStep !== undefined) {
        const step = await innerStep;
        innerStep = undefined;
        if (step.done !== true) return step;
        this.#inner = undefined;
      } else if (result !== undefined) {
        this.#inner = openInner<Out>(await result);
        result = undefined;
      } else if (this.#inner !== undefined) {
        innerStep = Promise.resolve(this.#innerNext(this.#inner));
      } else {
        const outer = await (outerStep ?? this.upstream.pull());
        outerStep = undefined;
        if (outer.done === true) return doneStep;
        result = Promise.resolve(this.fn(outer.value, this.#index++));
      }
    }
  }

  close(): void | Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const inner = this.#inner;
    this.#inner = undefined;
    const closing = inner?.return?.();
    if (isThenable(closing)) return Promise.resolve(closing).then(() => this.upstream.close());
    return this.upstream.close();
  }
}
