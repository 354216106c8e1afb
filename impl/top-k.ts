// Reference top-k: a bounded binary min-heap whose root is the worst item held (lowest score,
// and among equal scores the latest added), so a newcomer is compared with the root alone and
// most of a long input costs one comparison. Scores and arrival numbers live in typed arrays.

import { streamingKMax, type CreateStreamingTopK, type ScoredItem, type StreamingTopK, type TopK } from '../spec/top-k.ts';

/** a misused argument for an error message; never throws */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function checkK(method: string, k: unknown, max: number): number {
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0 || k > max) {
    throw new RangeError(`top-k.${method}: expected k to be an integer from 0 to ${max}, got ${describe(k)}`);
  }
  return k;
}

function checkScore(method: string, score: unknown): number {
  if (typeof score !== 'number') throw new TypeError(`top-k.${method}: expected a number score, got ${describe(score)}`);
  if (Number.isNaN(score)) throw new RangeError(`top-k.${method}: expected a score that is not NaN, got NaN`);
  return score;
}

/** slot arrays start this long and double up to k, so a huge k costs nothing until it fills */
const initialSlots = 64;

/** Holds up to k items; the root (slot 0) is the worst: lowest score, then latest arrival. */
class BoundedHeap<T> {
  size = 0;
  #scores: Float64Array;
  #arrivals: Float64Array;
  readonly #items: T[] = [];

  constructor(readonly k: number) {
    const length = Math.min(k, initialSlots);
    this.#scores = new Float64Array(length);
    this.#arrivals = new Float64Array(length);
  }

  /** the lowest score held; only meaningful when size > 0 */
  get rootScore(): number {
    return this.#scores[0] as number;
  }

  /** whether slot a holds a worse item than slot b */
  #worse(a: number, b: number): boolean {
    const scoreA = this.#scores[a] as number;
    const scoreB = this.#scores[b] as number;
    return scoreA < scoreB || (scoreA === scoreB && (this.#arrivals[a] as number) > (this.#arrivals[b] as number));
  }

  /** offers an item arriving after every item held; true when it is kept */
  offer(item: T, score: number, arrival: number): boolean {
    if (this.size < this.k) {
      if (this.size === this.#scores.length) this.#grow();
      this.#place(this.size, item, score, arrival);
      this.#siftUp(this.size++);
      return true;
    }
    // a later arrival loses ties, so only a strictly higher score displaces the root
    if (this.k === 0 || !(score > (this.#scores[0] as number))) return false;
    this.#place(0, item, score, arrival);
    this.#siftDown(0);
    return true;
  }

  /** the held items, best first, equal scores by arrival */
  sorted(): ScoredItem<T>[] {
    const order = Array.from({ length: this.size }, (_, slot) => slot);
    order.sort((a, b) => (this.#worse(a, b) ? 1 : this.#worse(b, a) ? -1 : 0));
    return order.map((slot) => ({ item: this.#items[slot] as T, score: this.#scores[slot] as number }));
  }

  /** the held items only, best first */
  sortedItems(): T[] {
    return this.sorted().map(({ item }) => item);
  }

  clear(): void {
    this.size = 0;
    this.#items.length = 0;
  }

  #grow(): void {
    const length = Math.min(this.k, this.#scores.length * 2);
    const scores = new Float64Array(length);
    const arrivals = new Float64Array(length);
    scores.set(this.#scores);
    arrivals.set(this.#arrivals);
    this.#scores = scores;
    this.#arrivals = arrivals;
  }

  #place(slot: number, item: T, score: number, arrival: number): void {
    this.#items[slot] = item;
    this.#scores[slot] = score; // -0 kept as given: < and === already treat it as equal to 0
    this.#arrivals[slot] = arrival;
  }

  #swap(a: number, b: number): void {
    const scores = this.#scores;
    const arrivals = this.#arrivals;
    const items = this.#items;
    [scores[a], scores[b]] = [scores[b] as number, scores[a] as number];
    [arrivals[a], arrivals[b]] = [arrivals[b] as number, arrivals[a] as number];
    [items[a], items[b]] = [items[b] as T, items[a] as T];
  }

  #siftUp(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (!this.#worse(slot, parent)) return;
      this.#swap(slot, parent);
      slot = parent;
    }
  }

  #siftDown(slot: number): void {
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.#worse(right, left) ? right : left;
      if (!this.#worse(child, slot)) return;
      this.#swap(slot, child);
      slot = child;
    }
  }
}

export const topK: TopK = <T>(items: Iterable<T>, k: number, score: (item: T) => number): T[] => {
  if (typeof (items as Partial<Iterable<T>> | null)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`top-k.topK: expected an iterable of items, got ${describe(items)}`);
  }
  checkK('topK', k, Number.MAX_SAFE_INTEGER);
  if (typeof score !== 'function') throw new TypeError(`top-k.topK: expected a score function, got ${describe(score)}`);
  const heap = new BoundedHeap<T>(k);
  let arrival = 0;
  for (const item of items) heap.offer(item, checkScore('topK', score(item)), arrival++);
  return heap.sortedItems();
};

class HeapStreamingTopK<T> implements StreamingTopK<T> {
  readonly k: number;
  readonly #heap: BoundedHeap<T>;
  #arrivals = 0;

  constructor(options: unknown) {
    if (typeof options !== 'object' || options === null) {
      throw new RangeError(`top-k.create: expected options with k, got ${describe(options)}`);
    }
    this.k = checkK('create', (options as { k?: unknown }).k, streamingKMax);
    this.#heap = new BoundedHeap<T>(this.k);
  }

  get size(): number {
    return this.#heap.size;
  }

  add(item: T, score: number): boolean {
    return this.#heap.offer(item, checkScore('add', score), this.#arrivals++);
  }

  top(): ScoredItem<T>[] {
    return this.#heap.sorted();
  }

  lowestScore(): number | undefined {
    return this.#heap.size === 0 ? undefined : this.#heap.rootScore;
  }

  clear(): void {
    this.#heap.clear();
    this.#arrivals = 0;
  }
}

const createStreamingTopK: CreateStreamingTopK = <T>(options: { readonly k: number }) => new HeapStreamingTopK<T>(options);
export default createStreamingTopK;
