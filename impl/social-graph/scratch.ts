// Working arrays the searches share, kept between queries so a bidirectional search that touches
// a few hundred nodes does not pay O(nodes) to allocate and clear. "Visited" is a stamp per node
// compared with the current query's stamp, so starting a query clears nothing.

import { grown } from './node-index.ts';

const stampLimit = 0xfffffff0;

function capacityFor(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.5));
}

export class Scratch {
  #marks = new Uint32Array(0);
  #stamp = 0;
  #parents = new Uint32Array(0);
  #queue = new Uint32Array(0);
  #otherQueue = new Uint32Array(0);
  #hops = new Uint32Array(0);
  #distances = new Float64Array(0);

  get byteLength(): number {
    return (
      this.#marks.byteLength + this.#parents.byteLength + this.#queue.byteLength +
      this.#otherQueue.byteLength + this.#hops.byteLength + this.#distances.byteLength
    );
  }

  /** marks for nodeCount nodes and `count` fresh stamps, the first returned; no node carries them yet */
  stamps(nodeCount: number, count: number): { readonly marks: Uint32Array; readonly stamp: number } {
    if (this.#marks.length < nodeCount) this.#marks = grown(this.#marks, capacityFor(this.#marks.length, nodeCount));
    if (this.#stamp + count >= stampLimit) {
      this.#marks.fill(0);
      this.#stamp = 0;
    }
    const stamp = this.#stamp + 1;
    this.#stamp += count;
    return { marks: this.#marks, stamp };
  }

  parents(nodeCount: number): Uint32Array {
    if (this.#parents.length < nodeCount) this.#parents = new Uint32Array(capacityFor(this.#parents.length, nodeCount));
    return this.#parents;
  }

  queue(nodeCount: number): Uint32Array {
    if (this.#queue.length < nodeCount) this.#queue = new Uint32Array(capacityFor(this.#queue.length, nodeCount));
    return this.#queue;
  }

  otherQueue(nodeCount: number): Uint32Array {
    if (this.#otherQueue.length < nodeCount) this.#otherQueue = new Uint32Array(capacityFor(this.#otherQueue.length, nodeCount));
    return this.#otherQueue;
  }

  hops(nodeCount: number): Uint32Array {
    if (this.#hops.length < nodeCount) this.#hops = new Uint32Array(capacityFor(this.#hops.length, nodeCount));
    return this.#hops;
  }

  distances(nodeCount: number): Float64Array {
    if (this.#distances.length < nodeCount) this.#distances = new Float64Array(capacityFor(this.#distances.length, nodeCount));
    return this.#distances;
  }
}
