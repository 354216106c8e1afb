// top-k: the k best-scored items of a list (the seed's heapq.nlargest) and of a stream (the
// seed's StreamingTopK min-heap). The model is a stable sort by score, then a slice: the
// simplest thing that could be right, and the definition of how ties are broken.

import { defineSpec } from '../harness/spec.ts';

/** the most a streaming top-k may hold: its memory is bounded by k, so k itself is bounded */
export const streamingKMax = 2 ** 24;

export interface ScoredItem<T> {
  readonly item: T;
  readonly score: number;
}

export interface StreamingTopKOptions {
  /** how many items to keep; an integer from 0 to streamingKMax */
  readonly k: number;
}

export interface StreamingTopK<T> {
  readonly k: number;
  /** items held: min(k, items added since creation or clear) */
  readonly size: number;
  /** offers one item; true when it is among the top k right after (on a tie the earlier item stays) */
  add(item: T, score: number): boolean;
  /** the held items, best score first, equal scores in the order they were added; a fresh array */
  top(): ScoredItem<T>[];
  /** the lowest score held (the one a newcomer must beat once full); undefined when empty */
  lowestScore(): number | undefined;
  clear(): void;
}

export type CreateStreamingTopK = <T>(options: StreamingTopKOptions) => StreamingTopK<T>;

/** the k items with the highest score, best first, equal scores in input order (score called once per item) */
export type TopK = <T>(items: Iterable<T>, k: number, score: (item: T) => number) => T[];

export interface TopKModule {
  readonly default: CreateStreamingTopK;
  readonly topK: TopK;
}

export const topKSpec = defineSpec({
  id: 'top-k',
  title: 'Top-k of a list and streaming top-k',
  rules: {
    'TOPK-1': 'topK(items, k, score) returns the min(k, n) items with the highest scores, best first: a stable sort by descending score, sliced to k.',
    'TOPK-2': 'Equal scores are ordered by input position, earlier first, and at the cut an earlier item is kept over a later one of equal score; -0 and 0 are equal scores.',
    'TOPK-3': 'Empty input or k = 0 gives [], k >= n gives every item sorted; score is called exactly once per item, in input order, and the input is left unchanged.',
    'TOPK-4': 'A streaming top-k\'s top() equals topK over every item added since creation or the last clear, in the order added, with their scores.',
    'TOPK-5': 'add returns true exactly when the item is held right after the call; once k items are held, an item is admitted only when its score is strictly greater than lowestScore().',
    'TOPK-6': 'size is min(k, items added since creation or clear), lowestScore() is the lowest held score (undefined when empty), and clear empties the top-k while keeping k.',
    'TOPK-7': 'top() returns a fresh array each call: changing it changes nothing held.',
    'TOPK-8': 'A k that is not an integer from 0 (to streamingKMax for a stream) is rejected with a RangeError, items that are not iterable or a score that is not a function with a TypeError, each "top-k.<method>: expected ..., got ...".',
    'TOPK-9': 'A score that is not a number is rejected with a TypeError and a NaN score with a RangeError; a rejected add leaves the top-k unchanged.',
  },
  exports: ['default', 'topK'],
  smoke(module: TopKModule) {
    const stream = module.default<string>({ k: 2 });
    stream.add('a', 1);
    return module.topK([3, 1, 2], 2, (value) => value);
  },
});

/** The model of topK: decorate with position, stable sort by descending score, slice. */
export function topKModel<T>(items: readonly T[], k: number, score: (item: T) => number): T[] {
  return items
    .map((item, position) => ({ item, position, score: score(item) }))
    .sort((left, right) => right.score - left.score || left.position - right.position)
    .slice(0, k)
    .map(({ item }) => item);
}

/** The model of a streaming top-k: remember everything added, answer with topKModel. */
export class StreamingTopKModel<T> {
  #added: ScoredItem<T>[] = [];

  constructor(readonly k: number) {
    if (!Number.isSafeInteger(k) || k < 0) throw new RangeError(`model k ${k}`);
  }

  get size(): number {
    return Math.min(this.k, this.#added.length);
  }

  add(item: T, score: number): boolean {
    const entry = { item, score };
    this.#added.push(entry);
    return this.top().includes(entry);
  }

  /** the held entries, the very objects add made, so identity tells which one was kept */
  top(): ScoredItem<T>[] {
    return topKModel(this.#added, this.k, (entry) => entry.score);
  }

  lowestScore(): number | undefined {
    return this.top().at(-1)?.score;
  }

  clear(): void {
    this.#added = [];
  }
}
