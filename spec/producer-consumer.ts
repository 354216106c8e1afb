// producer-consumer: the seed's exercise 4 (N producers, M consumers, a bounded queue, a
// graceful shutdown that drains) in three parts: an async bounded channel, a system that runs
// producers and consumers over it, and a single-producer single-consumer ring of int32 in a
// SharedArrayBuffer for worker threads. The model is an array used as a FIFO queue.

import { defineSpec } from '../harness/spec.ts';

export interface ChannelOptions {
  /** the most items the channel buffers; a positive integer */
  readonly capacity: number;
}

/** what a send came to: accepted into the buffer, or refused because the channel closed first */
export type SendOutcome = 'sent' | 'closed';
export type TrySendOutcome = SendOutcome | 'full';
export type ReceiveOutcome<T> = { readonly done: false; readonly value: T } | { readonly done: true };
export type TryReceiveOutcome<T> =
  | { readonly kind: 'item'; readonly value: T }
  | { readonly kind: 'empty' }
  | { readonly kind: 'closed' };

/** A bounded FIFO channel for async code: senders wait while it is full, receivers while empty. */
export interface Channel<T> extends AsyncIterable<T> {
  readonly capacity: number;
  /** items buffered now */
  readonly size: number;
  readonly closed: boolean;
  /** accepts item as soon as there is room (resolves 'sent'), or resolves 'closed' if the channel closes first */
  send(item: T): Promise<SendOutcome>;
  /** accepts item only if there is room now */
  trySend(item: T): TrySendOutcome;
  /** the oldest item, waiting for one if empty; done once the channel is closed and drained */
  receive(): Promise<ReceiveOutcome<T>>;
  tryReceive(): TryReceiveOutcome<T>;
  /** refuses further sends; buffered items stay receivable. Idempotent. */
  close(): void;
}

export type CreateChannel = <T>(options: ChannelOptions) => Channel<T>;

export interface ProducerConsumerOptions<T> {
  /** number of producers, a positive integer (the seed's default is 10) */
  readonly producers: number;
  /** number of consumers, a positive integer (the seed's default is 5) */
  readonly consumers: number;
  /** the bound of the queue between them, a positive integer (the seed's default is 1000) */
  readonly capacity: number;
  /** the producer's next item, or undefined when this producer has no more */
  produce(producerId: number, sequence: number): T | undefined | Promise<T | undefined>;
  /** processes one item; a throw or rejection is recorded as a failure of that item */
  consume(item: T, consumerId: number): void | Promise<void>;
}

export interface ConsumeFailure<T> {
  readonly item: T;
  readonly consumerId: number;
  readonly error: unknown;
}

export interface ProducerConsumerStats<T> {
  /** items produce() returned */
  readonly produced: number;
  /** items consume() finished without throwing */
  readonly consumed: number;
  readonly failures: readonly ConsumeFailure<T>[];
  /** items each producer produced, by producer id */
  readonly perProducer: readonly number[];
  /** items each consumer took (consumed or failed), by consumer id */
  readonly perConsumer: readonly number[];
}

export interface ProducerConsumerSystem<T> {
  /** resolves once every producer is exhausted and every item has been consumed */
  readonly done: Promise<ProducerConsumerStats<T>>;
  /** asks no producer for more, drains what was produced, and resolves with the stats */
  stop(): Promise<ProducerConsumerStats<T>>;
}

export type StartProducerConsumer = <T>(options: ProducerConsumerOptions<T>) => ProducerConsumerSystem<T>;

/**
 * A single-producer single-consumer ring of int32 in a SharedArrayBuffer: one thread writes,
 * another reads, coordinated with Atomics. `attachRing(ring.buffer)` opens the same ring in
 * another thread.
 */
export interface SharedRing {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  /** values buffered now */
  readonly size: number;
  readonly closed: boolean;
  /**
   * writes as many of values[start, end) as fit now; returns how many (0 once closed). start
   * defaults to 0 and end to values.length; both must be integers with 0 <= start <= end <=
   * values.length (-0 counts as 0), else RangeError. values that are not an Int32Array: TypeError.
   */
  tryWrite(values: Int32Array, start?: number, end?: number): number;
  /** writes all of values, waiting (Atomics.wait) for room; returns false if the ring closed first */
  write(values: Int32Array): boolean;
  /** reads up to into.length values now into into[0, count), leaving the rest of into as it was; returns count (0 when empty) */
  tryRead(into: Int32Array): number;
  /**
   * reads at least one value, waiting up to timeoutMs (a number >= 0, Infinity allowed, else
   * RangeError); returns 0 on timeout or once closed and drained
   */
  read(into: Int32Array, timeoutMs: number): number;
  /** the writer has finished: later writes are refused; the reader drains what is buffered, then sees closed. Idempotent. */
  close(): void;
}

/** the largest ring capacity: read and write positions run modulo twice it in an int32 slot */
export const ringCapacityMax = 2 ** 29;

export type CreateRing = (capacity: number) => SharedRing;
export type AttachRing = (buffer: SharedArrayBuffer) => SharedRing;

export interface ProducerConsumerModule {
  readonly default: CreateChannel;
  readonly startProducerConsumer: StartProducerConsumer;
  readonly createRing: CreateRing;
  readonly attachRing: AttachRing;
}

export const producerConsumerSpec = defineSpec({
  id: 'producer-consumer',
  title: 'Bounded producer-consumer queue',
  rules: {
    'PC-1': 'A channel delivers every accepted item exactly once and nothing else (no loss, no duplicate, nothing unexpected).',
    'PC-2': 'A channel never buffers more than capacity items: trySend on a full channel returns "full" and send waits for room.',
    'PC-3': 'A channel delivers items in the order they were accepted, so each producer\'s items arrive in the order sent.',
    'PC-4': 'After close, sends return "closed" (waiting senders too, their items never delivered), buffered items are still received in order, and then receive reports done.',
    'PC-5': 'A concurrent history of sends and receives on a channel is linearizable with respect to a FIFO queue.',
    'PC-6': 'A channel capacity, ring capacity (at most ringCapacityMax) or system count that is not a positive integer is rejected with a RangeError, and a produce or consume that is not a function with a TypeError, naming producer-consumer and the method.',
    'PC-7': 'The system consumes every produced item exactly once: produced = consumed + failures, and the consumed multiset equals the produced one.',
    'PC-8': 'The system never holds more than capacity items between produce and consume, beyond one item per producer being handed in and one per consumer being handed out.',
    'PC-9': 'The system starts consume on each producer\'s items in the order that producer produced them.',
    'PC-10': 'stop() calls produce no more, loses nothing already produced, and resolves only after every produced item was consumed.',
    'PC-11': 'A consume that throws or rejects records that item as a failure with its error, is not retried, and the consumer goes on with the next item.',
    'PC-12': 'done resolves once every producer returned undefined and every item was consumed; the stats count per producer and per consumer. A produce that throws or rejects ends that producer only: everything produced is still consumed, then done (and stop()) reject with the first such error, never left unhandled.',
    'PC-13': 'A ring carries int32 values from one thread to another in order, none lost or repeated, never more than capacity at once; after close writes are refused, the reader drains and then sees closed.',
    'PC-14': 'A ring rejects misuse: a tryWrite range outside its values (RangeError), values or into that are not an Int32Array (TypeError), a read timeout that is not a number >= 0 (RangeError), a buffer attachRing cannot open (TypeError), each naming producer-consumer and the method.',
  },
  exports: ['default', 'startProducerConsumer', 'createRing', 'attachRing'],
  smoke(module: ProducerConsumerModule) {
    const channel = module.default<number>({ capacity: 2 });
    return channel.trySend(1);
  },
});

/** The model of a channel: an array used as a FIFO queue with a bound and a closed flag. */
export class ChannelModel<T> {
  readonly items: T[] = [];
  closed = false;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`model capacity ${capacity}`);
  }

  trySend(item: T): TrySendOutcome {
    if (this.closed) return 'closed';
    if (this.items.length >= this.capacity) return 'full';
    this.items.push(item);
    return 'sent';
  }

  tryReceive(): TryReceiveOutcome<T> {
    if (this.items.length > 0) return { kind: 'item', value: this.items.shift() as T };
    return this.closed ? { kind: 'closed' } : { kind: 'empty' };
  }

  close(): void {
    this.closed = true;
  }
}

/**
 * Jepsen's total-queue accounting: what was delivered against what was accepted, as counts of
 * lost (accepted, never delivered), duplicated (delivered more often than accepted) and
 * unexpected (delivered, never accepted) items.
 */
export function queueAccounting<T>(accepted: readonly T[], delivered: readonly T[]): { lost: T[]; duplicated: T[]; unexpected: T[] } {
  const remaining = new Map<T, number>();
  for (const item of accepted) remaining.set(item, (remaining.get(item) ?? 0) + 1);
  const acceptedItems = new Set(accepted);
  const duplicated: T[] = [];
  const unexpected: T[] = [];
  for (const item of delivered) {
    const count = remaining.get(item) ?? 0;
    if (count > 0) remaining.set(item, count - 1);
    else if (acceptedItems.has(item)) duplicated.push(item);
    else unexpected.push(item);
  }
  const lost = [...remaining].flatMap(([item, count]) => Array.from({ length: count }, () => item));
  return { lost, duplicated, unexpected };
}
