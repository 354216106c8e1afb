// A binary min-heap of (priority, node) pairs in two parallel typed arrays, for Dijkstra.
// Entries are never decreased in place: a node is pushed again with its better distance and the
// stale entry is skipped when popped ("lazy deletion"), which keeps the heap simple.

import { grown } from './node-index.ts';

export class MinHeap {
  #priorities = new Float64Array(64);
  #nodes = new Uint32Array(64);
  size = 0;

  push(priority: number, node: number): void {
    if (this.size === this.#nodes.length) {
      this.#priorities = grown(this.#priorities, this.size * 2);
      this.#nodes = grown(this.#nodes, this.size * 2);
    }
    let position = this.size++;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      const parentPriority = this.#priorities[parent] as number;
      if (parentPriority <= priority) break;
      this.#priorities[position] = parentPriority;
      this.#nodes[position] = this.#nodes[parent] as number;
      position = parent;
    }
    this.#priorities[position] = priority;
    this.#nodes[position] = node;
  }

  /** priority of the top entry; the heap must not be empty */
  get topPriority(): number {
    return this.#priorities[0] as number;
  }

  /** removes the top entry and returns its node; the heap must not be empty */
  pop(): number {
    const top = this.#nodes[0] as number;
    const last = --this.size;
    const priority = this.#priorities[last] as number;
    const node = this.#nodes[last] as number;
    let position = 0;
    for (;;) {
      let child = position * 2 + 1;
      if (child >= last) break;
      if (child + 1 < last && (this.#priorities[child + 1] as number) < (this.#priorities[child] as number)) child++;
      if ((this.#priorities[child] as number) >= priority) break;
      this.#priorities[position] = this.#priorities[child] as number;
      this.#nodes[position] = this.#nodes[child] as number;
      position = child;
    }
    this.#priorities[position] = priority;
    this.#nodes[position] = node;
    return top;
  }
}
