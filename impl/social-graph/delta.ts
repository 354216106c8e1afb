// Edges added since the last CSR build: directed entries in growable typed arrays, threaded into
// one linked list per node (heads/next) for traversal, and indexed by an open-addressing table on
// (source, target) so a repeated addEdge is found in O(1). Merged into the CSR when it grows.

import type { EntryBatch } from './csr.ts';
import { grown } from './node-index.ts';

const none = -1;
const initialEntries = 16;

function pairHash(source: number, target: number): number {
  const hash = Math.imul(source ^ Math.imul(target, 0x9e3779b1), 0x85ebca6b);
  return (hash ^ (hash >>> 15)) >>> 0;
}

export class Delta {
  size = 0;
  sources = new Uint32Array(initialEntries);
  targets = new Uint32Array(initialEntries);
  next = new Int32Array(initialEntries);
  weights: Float64Array | undefined;
  /** first entry of each node's list; empty until the first entry, so a bulk-built graph pays nothing */
  heads = new Int32Array(0);
  #slots = new Int32Array(initialEntries * 2).fill(none);

  constructor(readonly weighted: boolean) {
    this.weights = weighted ? new Float64Array(initialEntries) : undefined;
  }

  get byteLength(): number {
    return (
      this.sources.byteLength + this.targets.byteLength + this.next.byteLength +
      (this.weights?.byteLength ?? 0) + this.heads.byteLength + this.#slots.byteLength
    );
  }

  /** the entry (source, target), or -1 */
  find(source: number, target: number): number {
    const mask = this.#slots.length - 1;
    for (let slot = pairHash(source, target) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.#slots[slot] as number;
      if (entry === none) return none;
      if (this.sources[entry] === source && this.targets[entry] === target) return entry;
    }
  }

  /** appends the directed entry (source, target); the caller has checked it is new */
  add(source: number, target: number, weight: number, nodeCount: number): void {
    if (this.size === this.sources.length) this.#growEntries();
    if (this.heads.length < nodeCount) this.#growHeads(nodeCount);
    const entry = this.size++;
    this.sources[entry] = source;
    this.targets[entry] = target;
    if (this.weights !== undefined) this.weights[entry] = weight;
    this.next[entry] = this.heads[source] as number;
    this.heads[source] = entry;
    this.#insertSlot(entry);
    if (this.size * 2 > this.#slots.length) this.#rehash(this.#slots.length * 2);
  }

  /** first entry of node's list, or -1 */
  head(node: number): number {
    return node < this.heads.length ? (this.heads[node] as number) : none;
  }

  batch(): EntryBatch {
    return { count: this.size, sources: this.sources, targets: this.targets, weights: this.weights, mirrored: false };
  }

  /** forgets every entry and gives the memory back */
  clear(): void {
    this.size = 0;
    this.sources = new Uint32Array(initialEntries);
    this.targets = new Uint32Array(initialEntries);
    this.next = new Int32Array(initialEntries);
    this.weights = this.weighted ? new Float64Array(initialEntries) : undefined;
    this.heads = new Int32Array(0);
    this.#slots = new Int32Array(initialEntries * 2).fill(none);
  }

  #growEntries(): void {
    const length = this.sources.length * 2;
    this.sources = grown(this.sources, length);
    this.targets = grown(this.targets, length);
    this.next = grown(this.next, length);
    if (this.weights !== undefined) this.weights = grown(this.weights, length);
  }

  #growHeads(nodeCount: number): void {
    const heads = new Int32Array(Math.max(nodeCount, this.heads.length * 2)).fill(none);
    heads.set(this.heads);
    this.heads = heads;
  }

  #insertSlot(entry: number): void {
    const mask = this.#slots.length - 1;
    let slot = pairHash(this.sources[entry] as number, this.targets[entry] as number) & mask;
    while (this.#slots[slot] !== none) slot = (slot + 1) & mask;
    this.#slots[slot] = entry;
  }

  #rehash(capacity: number): void {
    this.#slots = new Int32Array(capacity).fill(none);
    for (let entry = 0; entry < this.size; entry++) this.#insertSlot(entry);
  }
}
