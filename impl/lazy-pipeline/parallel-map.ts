// parallelMap's node: a queue, in input order, of calls started but not yet yielded. A pull tops
// the queue up to `concurrency` (so read-ahead is bounded by it) and then waits for the head
// only: results leave in input order however the calls settle. An upstream error is queued in
// its place, so the results before it are still delivered first.

import { doneStep, isThenable, type PipelineNode, type Step } from './nodes.ts';

interface Slot {
  ok: boolean;
  value: unknown;
  /** settles (never rejects) when the call does */
  readonly settled: Promise<void>;
}

export class ParallelMapNode<In, Out> implements PipelineNode<Out> {
  readonly #queue: Slot[] = [];
  #index = 0;
  #upstreamEnded = false;
  #closed = false;

  constructor(
    private readonly upstream: PipelineNode<In>,
    private readonly fn: (item: In, index: number) => unknown,
    private readonly concurrency: number,
  ) {}

  async pull(): Promise<Step<Out>> {
    await this.#fill();
    const head = this.#queue.shift();
    if (head === undefined) return doneStep;
    await head.settled;
    if (!head.ok) {
      this.#upstreamEnded = true; // nothing is pulled or started after an error
      throw head.value;
    }
    return { done: false, value: head.value as Out };
  }

  async #fill(): Promise<void> {
    while (!this.#upstreamEnded && !this.#closed && this.#queue.length < this.concurrency) {
      let step: Step<In>;
      try {
        const pending = this.upstream.pull();
        step = isThenable(pending) ? await pending : pending;
      } catch (error) {
        this.#upstreamEnded = true;
        this.#queue.push({ ok: false, value: error, settled: Promise.resolve() });
        return;
      }
      if (step.done === true) {
        this.#upstreamEnded = true;
        return;
      }
      this.#queue.push(this.#start(step.value, this.#index++));
    }
  }

  #start(item: In, index: number): Slot {
    let result: unknown;
    try {
      result = this.fn(item, index);
    } catch (error) {
      return { ok: false, value: error, settled: Promise.resolve() };
    }
    if (!isThenable(result)) return { ok: true, value: result, settled: Promise.resolve() };
    const slot: { ok: boolean; value: unknown; settled: Promise<void> } = { ok: true, value: undefined, settled: Promise.resolve() };
    slot.settled = Promise.resolve(result).then(
      (value) => {
        slot.value = value;
      },
      (error: unknown) => {
        slot.ok = false;
        slot.value = error;
      },
    );
    return slot;
  }

  close(): void | Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0; // abandoned calls settle into slots nobody reads: no unhandled rejection
    return this.upstream.close();
  }
}
