// heap-js behind top-k's spec: a thin adapter, so a suite that fails it is demanding something a
// correct, widely used heap library does not do. The stream is a heap-js min-heap bounded at k
// (root = the worst held: lowest score, then latest arrival, so a tie never displaces an earlier
// item); topK is heap-js's Heap.nlargest over (score, input position), with heap-js's convention
// that "largest" means first by the comparator given. Bridged: nlargest returns its elements
// unsorted (documented), so the adapter sorts them; it validates arguments itself, since heap-js
// accepts anything.

import { Heap } from 'heap-js';
import { streamingKMax, type CreateStreamingTopK, type ScoredItem, type StreamingTopK, type TopK } from '../../spec/top-k.ts';

interface Entry<T> {
  readonly item: T;
  readonly score: number;
  /** arrival (stream) or input position (list): the tie-break, earlier is better */
  readonly order: number;
}

/** negative when a is better than b: higher score, then earlier; no subtraction, so infinities tie-break too */
function better<T>(a: Entry<T>, b: Entry<T>): number {
  if (a.score !== b.score) return a.score > b.score ? -1 : 1;
  return a.order - b.order;
}
const worse = <T>(a: Entry<T>, b: Entry<T>): number => better(b, a);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function checkK(method: string, k: unknown, max: number): number {
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0 || k > max) {
    throw new RangeError(`top-k.${method}: expected k to be an integer from 0 to ${max}, got ${describe(k)}`);
  }
  return k;
}

function checkScore(method: string, score: unknown): number {
  if (typeof score !== 'number') throw new TypeError(`top-k.${method}: expected the score to be a number, got ${describe(score)}`);
  if (Number.isNaN(score)) throw new RangeError(`top-k.${method}: expected a score that is not NaN, got NaN`);
  return score;
}

export const topK: TopK = <T>(items: Iterable<T>, k: number, score: (item: T) => number): T[] => {
  if (typeof (items as Partial<Iterable<T>> | null)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`top-k.topK: expected an iterable of items, got ${describe(items)}`);
  }
  checkK('topK', k, Number.MAX_SAFE_INTEGER);
  if (typeof score !== 'function') throw new TypeError(`top-k.topK: expected a score function, got ${describe(score)}`);
  const entries: Entry<T>[] = [];
  for (const item of items) entries.push({ item, score: checkScore('topK', score(item)), order: entries.length });
  return Heap.nlargest(k, entries, better).sort(better).map(({ item }) => item);
};

class HeapJsStreamingTopK<T> implements StreamingTopK<T> {
  readonly k: number;
  readonly #heap = new Heap<Entry<T>>(worse);
  #arrivals = 0;

  constructor(options: unknown) {
    if (typeof options !== 'object' || options === null) throw new RangeError(`top-k.create: expected options with k, got ${describe(options)}`);
    this.k = checkK('create', (options as { k?: unknown }).k, streamingKMax);
  }

  get size(): number {
    return this.#heap.size();
  }

  add(item: T, score: number): boolean {
    const entry = { item, score: checkScore('add', score), order: this.#arrivals++ };
    if (this.#heap.size() < this.k) return this.#heap.push(entry);
    const root = this.#heap.peek();
    if (root === undefined || !(entry.score > root.score)) return false;
    this.#heap.replace(entry);
    return true;
  }

  top(): ScoredItem<T>[] {
    return this.#heap.toArray().sort(better).map(({ item, score }) => ({ item, score }));
  }

  lowestScore(): number | undefined {
    return this.#heap.peek()?.score;
  }

  clear(): void {
    this.#heap.clear();
    this.#arrivals = 0;
  }
}

const createStreamingTopK: CreateStreamingTopK = <T>(options: { readonly k: number }) => new HeapJsStreamingTopK<T>(options);
export default createStreamingTopK;
