// A binary min-heap ordered by expiry time. Each item remembers its own position, so an item
// whose expiry changed or that must go is moved or removed in O(log n) instead of leaving a
// stale record behind (the heap never holds more than its owner does).

export interface HeapEntry {
  readonly expiresAtMs: number;
  /** index in the heap, or -1 when the entry is not in it */
  heapIndex: number;
}

export class ExpiryHeap<E extends HeapEntry> {
  readonly #items: E[] = [];

  get size(): number {
    return this.#items.length;
  }

  /** the entry that expires first, if any */
  peek(): E | undefined {
    return this.#items[0];
  }

  push(entry: E): void {
    entry.heapIndex = this.#items.length;
    this.#items.push(entry);
    this.#siftUp(entry.heapIndex);
  }

  remove(entry: E): void {
    const index = entry.heapIndex;
    if (index < 0) return;
    const last = this.#items.pop() as E;
    entry.heapIndex = -1;
    if (last === entry) return;
    this.#items[index] = last;
    last.heapIndex = index;
    this.#siftDown(this.#siftUp(index));
  }

  /** restores the order after entry.expiresAtMs changed */
  update(entry: E): void {
    this.#siftDown(this.#siftUp(entry.heapIndex));
  }

  clear(): void {
    for (const entry of this.#items) entry.heapIndex = -1;
    this.#items.length = 0;
  }

  #place(entry: E, index: number): void {
    this.#items[index] = entry;
    entry.heapIndex = index;
  }

  /** returns the index the entry that was at index ended up at */
  #siftUp(index: number): number {
    const entry = this.#items[index] as E;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.#items[parentIndex] as E;
      if (parent.expiresAtMs <= entry.expiresAtMs) break;
      this.#place(parent, index);
      index = parentIndex;
    }
    this.#place(entry, index);
    return index;
  }

  #siftDown(index: number): void {
    const entry = this.#items[index] as E;
    const length = this.#items.length;
    for (;;) {
      const leftIndex = 2 * index + 1;
      if (leftIndex >= length) break;
      const rightIndex = leftIndex + 1;
      let childIndex = leftIndex;
      if (rightIndex < length && (this.#items[rightIndex] as E).expiresAtMs < (this.#items[leftIndex] as E).expiresAtMs) {
        childIndex = rightIndex;
      }
      const child = this.#items[childIndex] as E;
      if (entry.expiresAtMs <= child.expiresAtMs) break;
      this.#place(child, index);
      index = childIndex;
    }
    this.#place(entry, index);
  }
}
