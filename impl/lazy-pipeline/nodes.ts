// The stages of a running pipeline. Each node pulls from the one upstream with a "maybe async"
// protocol: pull() returns a plain step while everything is synchronous and a promise only once
// a source or function actually returns one, so a sync chain costs no microtask per item.

export type Step<T> = IteratorResult<T, undefined>;
export type Pull<T> = Step<T> | Promise<Step<T>>;

export interface PipelineNode<T> {
  pull(): Pull<T>;
  /** stops the node and everything upstream; idempotent; a failed or finished source is not closed */
  close(): void | Promise<void>;
}

export const doneStep: Step<never> = Object.freeze({ done: true, value: undefined });

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** The source: opened at the first pull, closed only when opened and neither finished nor failed. */
export class SourceNode<T> implements PipelineNode<T> {
  #iterator: Iterator<T> | AsyncIterator<T> | undefined;
  #finished = false;

  constructor(private readonly source: Iterable<T> | AsyncIterable<T>) {}

  pull(): Pull<T> {
    if (this.#finished) return doneStep;
    const iterator = (this.#iterator ??= open(this.source));
    let step: Step<T> | Promise<Step<T>>;
    try {
      step = iterator.next() as Step<T> | Promise<Step<T>>;
    } catch (error) {
      this.#finished = true;
      throw error;
    }
    if (!isThenable(step)) return this.#seen(step);
    return Promise.resolve(step).then(
      (settled) => this.#seen(settled),
      (error: unknown) => {
        this.#finished = true;
        throw error;
      },
    );
  }

  #seen(step: Step<T>): Step<T> {
    if (step.done === true) {
      this.#finished = true;
      return doneStep;
    }
    return step;
  }

  close(): void | Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    const closing = this.#iterator?.return?.();
    if (isThenable(closing)) return Promise.resolve(closing).then(() => undefined);
  }
}

function open<T>(source: Iterable<T> | AsyncIterable<T>): Iterator<T> | AsyncIterator<T> {
  const asyncOpen = (source as Partial<AsyncIterable<T>>)[Symbol.asyncIterator];
  return typeof asyncOpen === 'function' ? asyncOpen.call(source) : (source as Iterable<T>)[Symbol.iterator]();
}

/** Shared by stages with one function: the index of the next call and closing upstream once. */
abstract class StageNode<In, Out> implements PipelineNode<Out> {
  protected index = 0;
  #closed = false;

  constructor(protected readonly upstream: PipelineNode<In>) {}

  abstract pull(): Pull<Out>;

  close(): void | Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    return this.closeOwn(() => this.upstream.close());
  }

  /** closes what the stage itself holds, then calls closeUpstream */
  protected closeOwn(closeUpstream: () => void | Promise<void>): void | Promise<void> {
    return closeUpstream();
  }
}

export class MapNode<In, Out> extends StageNode<In, Out> {
  constructor(
    upstream: PipelineNode<In>,
    private readonly fn: (item: In, index: number) => unknown,
  ) {
    super(upstream);
  }

  pull(): Pull<Out> {
    const step = this.upstream.pull();
    return isThenable(step) ? step.then(this.#apply) : this.#apply(step);
  }

  readonly #apply = (step: Step<In>): Pull<Out> => {
    if (step.done === true) return doneStep;
    const result = this.fn(step.value, this.index++);
    if (!isThenable(result)) return { done: false, value: result as Out };
    return Promise.resolve(result).then((value) => ({ done: false, value: value as Out }));
  };
}

export class FilterNode<T> extends StageNode<T, T> {
  constructor(
    upstream: PipelineNode<T>,
    private readonly predicate: (item: T, index: number) => unknown,
  ) {
    super(upstream);
  }

  pull(): Pull<T> {
    for (;;) {
      const step = this.upstream.pull();
      if (isThenable(step)) return this.#slowly(step);
      if (step.done === true) return doneStep;
      const keep = this.predicate(step.value, this.index++);
      if (isThenable(keep)) return this.#slowly(step, keep);
      if (keep) return step;
    }
  }

  /** the same loop once something was a promise: await, then carry on */
  async #slowly(pending: Pull<T>, pendingKeep?: PromiseLike<unknown>): Promise<Step<T>> {
    let step = await pending;
    // whether the current step's predicate was already called: its answer may itself be
    // undefined (any falsy value drops the item), so undefined cannot mean "not yet asked"
    let asked = pendingKeep !== undefined;
    let keep: unknown = asked ? await pendingKeep : undefined;
    for (;;) {
      if (step.done === true) return doneStep;
      if (!asked) keep = await this.predicate(step.value, this.index++);
      if (keep) return step;
      step = await this.upstream.pull();
      asked = false;
    }
  }
}

export class TakeNode<T> extends StageNode<T, T> {
  #taken = 0;

  constructor(
    upstream: PipelineNode<T>,
    private readonly count: number,
  ) {
    super(upstream);
  }

  pull(): Pull<T> {
    if (this.#taken >= this.count) {
      // satisfied: stop the source instead of pulling the item after the last one
      const closing = this.close();
      return isThenable(closing) ? closing.then(() => doneStep) : doneStep;
    }
    const step = this.upstream.pull();
    return isThenable(step) ? step.then(this.#count) : this.#count(step);
  }

  readonly #count = (step: Step<T>): Step<T> => {
    if (step.done !== true) this.#taken++;
    return step;
  };
}

export class SkipNode<T> extends StageNode<T, T> {
  #skipped = 0;

  constructor(
    upstream: PipelineNode<T>,
    private readonly count: number,
  ) {
    super(upstream);
  }

  pull(): Pull<T> {
    while (this.#skipped < this.count) {
      const step = this.upstream.pull();
      if (isThenable(step)) return this.#slowly(step);
      if (step.done === true) return doneStep;
      this.#skipped++;
    }
    return this.upstream.pull();
  }

  async #slowly(pending: Promise<Step<T>>): Promise<Step<T>> {
    const step = await pending;
    if (step.done === true) return doneStep;
    this.#skipped++;
    return await this.pull();
  }
}

export class BatchNode<T> extends StageNode<T, T[]> {
  constructor(
    upstream: PipelineNode<T>,
    private readonly size: number,
  ) {
    super(upstream);
  }

  pull(): Pull<T[]> {
    const batch: T[] = [];
    while (batch.length < this.size) {
      const step = this.upstream.pull();
      if (isThenable(step)) return this.#slowly(batch, step);
      if (step.done === true) break;
      batch.push(step.value);
    }
    return batch.length === 0 ? doneStep : { done: false, value: batch };
  }

  async #slowly(batch: T[], pending: Promise<Step<T>>): Promise<Step<T[]>> {
    let step = await pending;
    for (;;) {
      if (step.done === true) break;
      batch.push(step.value);
      if (batch.length === this.size) break;
      step = await this.upstream.pull();
    }
    return batch.length === 0 ? doneStep : { done: false, value: batch };
  }
}
