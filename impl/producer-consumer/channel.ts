// The bounded async channel: a circular buffer plus two FIFO queues of waiters (senders
// blocked on a full buffer, receivers blocked on an empty one). Calls that can complete at
// once return an already-settled promise, so a busy channel costs no timers and no extra turns.

import type { Channel, ChannelOptions, ReceiveOutcome, SendOutcome, TryReceiveOutcome, TrySendOutcome } from '../../spec/producer-consumer.ts';
import { positiveInteger } from './validate.ts';

interface WaitingSender<T> {
  readonly item: T;
  readonly resolve: (outcome: SendOutcome) => void;
}

type WaitingReceiver<T> = (outcome: ReceiveOutcome<T>) => void;

const sent: Promise<SendOutcome> = Promise.resolve('sent');
const refused: Promise<SendOutcome> = Promise.resolve('closed');
const finished = Object.freeze({ done: true as const });
const finishedPromise: Promise<ReceiveOutcome<never>> = Promise.resolve(finished);

/** A FIFO of waiters that never shifts an array: a head index over a list compacted when drained. */
class WaiterQueue<W> {
  #list: W[] = [];
  #head = 0;

  get length(): number {
    return this.#list.length - this.#head;
  }

  push(waiter: W): void {
    this.#list.push(waiter);
  }

  shift(): W | undefined {
    if (this.#head >= this.#list.length) return undefined;
    const waiter = this.#list[this.#head] as W;
    this.#head += 1;
    if (this.#head === this.#list.length) {
      this.#list = [];
      this.#head = 0;
    }
    return waiter;
  }

  drain(): W[] {
    const waiters = this.#list.slice(this.#head);
    this.#list = [];
    this.#head = 0;
    return waiters;
  }
}

export class BoundedChannel<T> implements Channel<T> {
  readonly capacity: number;
  readonly #slots: (T | undefined)[];
  #head = 0;
  #size = 0;
  #closed = false;
  readonly #senders = new WaiterQueue<WaitingSender<T>>();
  readonly #receivers = new WaiterQueue<WaitingReceiver<T>>();

  constructor(options: ChannelOptions) {
    this.capacity = positiveInteger('createChannel', 'capacity', options?.capacity);
    this.#slots = new Array<T | undefined>(this.capacity).fill(undefined);
  }

  get size(): number {
    return this.#size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  trySend(item: T): TrySendOutcome {
    if (this.#closed) return 'closed';
    // a waiting sender was first: overtaking it would break FIFO order
    if (this.#size === this.capacity || this.#senders.length > 0) return 'full';
    this.#accept(item);
    return 'sent';
  }

  send(item: T): Promise<SendOutcome> {
    if (this.#closed) return refused;
    if (this.#size < this.capacity && this.#senders.length === 0) {
      this.#accept(item);
      return sent;
    }
    return new Promise((resolve) => this.#senders.push({ item, resolve }));
  }

  tryReceive(): TryReceiveOutcome<T> {
    if (this.#size > 0) return { kind: 'item', value: this.#take() };
    return this.#closed ? { kind: 'closed' } : { kind: 'empty' };
  }

  receive(): Promise<ReceiveOutcome<T>> {
    if (this.#size > 0) return Promise.resolve({ done: false, value: this.#take() });
    if (this.#closed) return finishedPromise;
    return new Promise((resolve) => this.#receivers.push(resolve));
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const sender of this.#senders.drain()) sender.resolve('closed');
    // receivers wait only while the buffer is empty, so there is nothing left for them
    for (const receiver of this.#receivers.drain()) receiver(finished);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const outcome = await this.receive();
      if (outcome.done) return;
      yield outcome.value;
    }
  }

  /** an accepted item goes straight to the longest-waiting receiver, or into the buffer */
  #accept(item: T): void {
    const receiver = this.#receivers.shift();
    if (receiver !== undefined) {
      receiver({ done: false, value: item });
      return;
    }
    let tail = this.#head + this.#size;
    if (tail >= this.capacity) tail -= this.capacity;
    this.#slots[tail] = item;
    this.#size += 1;
  }

  /** the oldest item; the room it frees goes to the longest-waiting sender */
  #take(): T {
    const item = this.#slots[this.#head] as T;
    this.#slots[this.#head] = undefined;
    this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;
    this.#size -= 1;
    const sender = this.#senders.shift();
    if (sender !== undefined) {
      this.#accept(sender.item);
      sender.resolve('sent');
    }
    return item;
  }
}

export function createChannel<T>(options: ChannelOptions): Channel<T> {
  return new BoundedChannel<T>(options);
}
