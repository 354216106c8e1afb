// A single-producer single-consumer ring of int32 in a SharedArrayBuffer. A header of four
// int32 slots (read position, write position, closed flag, capacity) precedes the data.
// Positions run modulo twice the capacity, so full and empty differ for any capacity, and
// each side waits with Atomics.wait on the other side's position.

import { ringCapacityMax, type SharedRing } from '../../spec/producer-consumer.ts';
import { describe, int32Array, positiveInteger } from './validate.ts';

const readPosition = 0;
const writePosition = 1;
const closedFlag = 2;
const capacitySlot = 3;
const headerSlots = 4;

class Int32Ring implements SharedRing {
  readonly buffer: SharedArrayBuffer;
  readonly capacity: number;
  readonly #header: Int32Array;
  readonly #data: Int32Array;
  readonly #wrap: number;

  constructor(buffer: SharedArrayBuffer) {
    this.buffer = buffer;
    this.#header = new Int32Array(buffer, 0, headerSlots);
    this.capacity = this.#header[capacitySlot] as number;
    this.#data = new Int32Array(buffer, headerSlots * 4, this.capacity);
    this.#wrap = 2 * this.capacity;
  }

  get size(): number {
    return this.#distance(Atomics.load(this.#header, readPosition), Atomics.load(this.#header, writePosition));
  }

  get closed(): boolean {
    return Atomics.load(this.#header, closedFlag) === 1;
  }

  tryWrite(values: Int32Array, start?: number, end?: number): number {
    int32Array('tryWrite', 'values', values);
    // only a missing argument takes the default: null is a wrong one
    const from = start === undefined ? 0 : start;
    const to = end === undefined ? values.length : end;
    if (!Number.isInteger(from) || from < 0 || from > values.length) {
      throw new RangeError(`producer-consumer.tryWrite: expected start to be an integer from 0 to ${values.length}, got ${describe(start)}`);
    }
    if (!Number.isInteger(to) || to < from || to > values.length) {
      throw new RangeError(`producer-consumer.tryWrite: expected end to be an integer from ${from} to ${values.length}, got ${describe(end)}`);
    }
    return this.closed ? 0 : this.#writeNow(values, from, to);
  }

  #writeNow(values: Int32Array, start: number, end: number): number {
    const write = Atomics.load(this.#header, writePosition);
    const free = this.capacity - this.#distance(Atomics.load(this.#header, readPosition), write);
    const count = Math.min(free, end - start);
    if (count <= 0) return 0;
    this.#copyIn(values, start, count, write);
    Atomics.store(this.#header, writePosition, this.#advance(write, count));
    Atomics.notify(this.#header, writePosition);
    return count;
  }

  write(values: Int32Array): boolean {
    int32Array('write', 'values', values);
    if (this.closed) return false;
    let start = 0;
    while (start < values.length) {
      if (this.closed) return false;
      const written = this.#writeNow(values, start, values.length);
      if (written > 0) {
        start += written;
        continue;
      }
      // full: sleep until the reader moves its position (a short timeout guards against close)
      Atomics.wait(this.#header, readPosition, Atomics.load(this.#header, readPosition), 50);
    }
    return true;
  }

  tryRead(into: Int32Array): number {
    int32Array('tryRead', 'into', into);
    return this.#readNow(into);
  }

  #readNow(into: Int32Array): number {
    const read = Atomics.load(this.#header, readPosition);
    const count = Math.min(into.length, this.#distance(read, Atomics.load(this.#header, writePosition)));
    if (count <= 0) return 0;
    this.#copyOut(into, count, read);
    Atomics.store(this.#header, readPosition, this.#advance(read, count));
    Atomics.notify(this.#header, readPosition);
    return count;
  }

  read(into: Int32Array, timeoutMs: number): number {
    int32Array('read', 'into', into);
    if (typeof timeoutMs !== 'number' || !(timeoutMs >= 0)) {
      throw new RangeError(`producer-consumer.read: expected timeoutMs to be a number >= 0, got ${describe(timeoutMs)}`);
    }
    // real time, not an injected clock: Atomics.wait blocks the thread in real time anyway
    const deadline = timeoutMs === Infinity ? Infinity : Date.now() + timeoutMs;
    for (;;) {
      const write = Atomics.load(this.#header, writePosition);
      const count = this.#readNow(into);
      if (count > 0) return count;
      // closed is read after the empty check, so a write that came just before close is read
      // here: what this returns is what was left (0 once drained), never thrown away
      if (this.closed) return this.#readNow(into);
      const remaining = deadline - Date.now();
      if (remaining <= 0) return 0;
      Atomics.wait(this.#header, writePosition, write, Math.min(remaining, 50));
    }
  }

  close(): void {
    Atomics.store(this.#header, closedFlag, 1);
    Atomics.notify(this.#header, writePosition);
    Atomics.notify(this.#header, readPosition);
  }

  #distance(from: number, to: number): number {
    const difference = to - from;
    return difference < 0 ? difference + this.#wrap : difference;
  }

  #advance(position: number, count: number): number {
    const next = position + count;
    return next >= this.#wrap ? next - this.#wrap : next;
  }

  #copyIn(values: Int32Array, start: number, count: number, position: number): void {
    const index = position >= this.capacity ? position - this.capacity : position;
    const first = Math.min(count, this.capacity - index);
    this.#data.set(values.subarray(start, start + first), index);
    if (first < count) this.#data.set(values.subarray(start + first, start + count), 0);
  }

  #copyOut(into: Int32Array, count: number, position: number): void {
    const index = position >= this.capacity ? position - this.capacity : position;
    const first = Math.min(count, this.capacity - index);
    into.set(this.#data.subarray(index, index + first), 0);
    if (first < count) into.set(this.#data.subarray(0, count - first), first);
  }
}

export function createRing(capacity: number): SharedRing {
  positiveInteger('createRing', 'capacity', capacity);
  if (capacity > ringCapacityMax) throw new RangeError(`producer-consumer.createRing: expected capacity <= ${ringCapacityMax}, got ${capacity}`);
  const buffer = new SharedArrayBuffer((headerSlots + capacity) * 4);
  new Int32Array(buffer, 0, headerSlots)[capacitySlot] = capacity;
  return new Int32Ring(buffer);
}

export function attachRing(buffer: SharedArrayBuffer): SharedRing {
  if (!(buffer instanceof SharedArrayBuffer) || buffer.byteLength < (headerSlots + 1) * 4) {
    throw new TypeError(`producer-consumer.attachRing: expected the buffer of a ring, got ${String(buffer)}`);
  }
  return new Int32Ring(buffer);
}
