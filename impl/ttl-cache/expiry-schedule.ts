// When entries expire. The cache's time never runs backwards, so entries given the same ttlMs
// expire in the order they were set: each distinct ttlMs keeps a FIFO list, and a min-heap of
// lists keyed by their first expiry finds the next to go. With one TTL every step is O(1).

import { ExpiryHeap } from './expiry-heap.ts';

export interface Scheduled<E> {
  readonly expiresAtMs: number;
  /** the list the entry is in, or undefined when it never expires */
  list: ExpiryList<E> | undefined;
  /** neighbours in that list: earlier expires no later, later no earlier */
  earlier: E | undefined;
  later: E | undefined;
}

export class ExpiryList<E> {
  first: E | undefined = undefined;
  last: E | undefined = undefined;
  heapIndex = -1;

  constructor(readonly ttlMs: number) {}

  /** the heap's key: the first entry's expiry (a list in the heap is never empty) */
  get expiresAtMs(): number {
    return (this.first as Scheduled<E>).expiresAtMs;
  }
}

export class ExpirySchedule<E extends Scheduled<E>> {
  readonly #lists = new Map<number, ExpiryList<E>>();
  readonly #heap = new ExpiryHeap<ExpiryList<E>>();

  /** the entry that expires first, if any */
  next(): E | undefined {
    return this.#heap.peek()?.first;
  }

  /** adds an entry whose expiresAtMs is now + ttlMs, with now no earlier than any add before */
  add(entry: E, ttlMs: number): void {
    if (ttlMs === Infinity) return;
    let list = this.#lists.get(ttlMs);
    if (list === undefined) {
      list = new ExpiryList<E>(ttlMs);
      this.#lists.set(ttlMs, list);
    }
    entry.list = list;
    entry.later = undefined;
    entry.earlier = list.last;
    if (list.last === undefined) {
      list.first = entry;
      this.#heap.push(list);
    } else {
      list.last.later = entry;
    }
    list.last = entry;
  }

  remove(entry: E): void {
    const list = entry.list;
    if (list === undefined) return;
    const wasFirst = entry === list.first;
    if (entry.earlier === undefined) list.first = entry.later;
    else entry.earlier.later = entry.later;
    if (entry.later === undefined) list.last = entry.earlier;
    else entry.later.earlier = entry.earlier;
    entry.list = undefined;
    entry.earlier = undefined;
    entry.later = undefined;
    if (!wasFirst) return;
    if (list.first === undefined) {
      this.#heap.remove(list);
      this.#lists.delete(list.ttlMs);
    } else {
      this.#heap.update(list); // its first expiry moved later
    }
  }

  clear(): void {
    this.#heap.clear();
    this.#lists.clear();
  }
}
