// A recorder of concurrent histories for the linearizability checker: each client's invocations
// and returns, stamped by a monotonic clock, with operations that threw, timed out or never
// returned marked as of unknown outcome (they may or may not have taken effect).
//
//   const history = new HistoryRecorder<QueueInput, QueueOutput>({ operationsMax: 1000 });
//   const output = await history.record(clientId, input, () => queue.dequeue().then(toOutput));
//   checkOperations(queueModel(), history.operations());
//
// The default clock is logical (0, 1, 2, ... per event): JavaScript runs one event at a time, so
// the order of events is the real-time order, and a replayed run yields the same history.

import type { Clock } from './clock.ts';
import { unknownOutput, type Operation } from './linearizability/model.ts';

export interface HistoryOptions {
  /** where times come from; it is read through a monotonic guard (default: a logical clock) */
  readonly clock?: Clock;
  /** operations recorded at most; one more is a RangeError (default 100 000) */
  readonly operationsMax?: number;
}

/** A call that has not returned yet: hand it to ok or unknown. */
export interface PendingCall {
  readonly index: number;
}

interface Slot<Input, Output> {
  readonly clientId: number;
  readonly input: Input;
  readonly callMs: number;
  returnMs: number;
  output: Output | typeof unknownOutput;
  settled: boolean;
}

export function logicalClock(): Clock {
  let tick = 0;
  return { now: () => tick++ };
}

export class HistoryRecorder<Input, Output> {
  readonly #clock: Clock;
  readonly #operationsMax: number;
  readonly #slots: Slot<Input, Output>[] = [];
  #lastMs = -Infinity;

  constructor(options: HistoryOptions = {}) {
    this.#clock = options.clock ?? logicalClock();
    this.#operationsMax = options.operationsMax ?? 100_000;
    if (!(this.#operationsMax >= 1)) throw new RangeError(`history.constructor: expected operationsMax >= 1, got ${this.#operationsMax}`);
  }

  get size(): number {
    return this.#slots.length;
  }

  /** A time never earlier than the last one, even if the clock steps back. */
  #now(): number {
    this.#lastMs = Math.max(this.#lastMs, this.#clock.now());
    return this.#lastMs;
  }

  /** Records the call of an operation by a client. */
  invoke(clientId: number, input: Input): PendingCall {
    if (this.#slots.length >= this.#operationsMax) {
      throw new RangeError(`history.invoke: expected at most ${this.#operationsMax} operations, got one more`);
    }
    const callMs = this.#now();
    this.#slots.push({ clientId, input, callMs, returnMs: Infinity, output: unknownOutput, settled: false });
    return { index: this.#slots.length - 1 };
  }

  /** Records that the call returned this output. */
  ok(call: PendingCall, output: Output): void {
    const slot = this.#pending(call, 'ok');
    slot.returnMs = this.#now();
    slot.output = output;
  }

  /** Records that the call's outcome is unknown (it threw, timed out, or its client crashed). */
  unknown(call: PendingCall): void {
    this.#pending(call, 'unknown');
  }

  /**
   * Invokes, awaits body and records its output; if body throws, the outcome is recorded as
   * unknown and the error rethrown, for the caller to decide whether the client goes on.
   */
  async record(clientId: number, input: Input, body: () => Output | Promise<Output>): Promise<Output> {
    const call = this.invoke(clientId, input);
    let output: Output;
    try {
      output = await body();
    } catch (error) {
      this.unknown(call);
      throw error;
    }
    this.ok(call, output);
    return output;
  }

  /** The history so far; calls still pending are of unknown outcome. */
  operations(): Operation<Input, Output>[] {
    return this.#slots.map(({ clientId, input, callMs, returnMs, output }) => ({ clientId, input, callMs, returnMs, output }));
  }

  #pending(call: PendingCall, method: string): Slot<Input, Output> {
    const slot = this.#slots[call.index];
    if (slot === undefined || slot.settled) throw new RangeError(`history.${method}: expected a pending call, got call ${call.index}${slot === undefined ? '' : ', already settled'}`);
    slot.settled = true;
    return slot;
  }
}
