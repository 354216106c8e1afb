// dedupe-stream: drop repeated items from a sync or async stream by content hash, keeping each
// first occurrence in order, with an exact mode (remembers every hash up to a hard maximum) and a
// bounded "recent" mode (an LRU of hashes). The model is an array of hashes searched linearly.

import { defineSpec } from '../harness/spec.ts';

export type DedupeMode = 'exact' | 'recent';

export interface DedupeStreamOptions<T> {
  /**
   * The content hash of an item: two items are duplicates exactly when it returns the same string.
   * Defaults to the item's canonical JSON (object keys sorted), so items must be JSON values.
   */
  readonly hash?: (item: T) => string;
  /**
   * 'exact' (default) remembers every hash and fails the stream with a RangeError rather than
   * forget one; 'recent' remembers only the maxHashes most recently seen hashes, so an old
   * duplicate may pass but a first occurrence is never dropped.
   */
  readonly mode?: DedupeMode;
  /** the most hashes remembered at once; a positive safe integer, default 1 000 000 */
  readonly maxHashes?: number;
}

export interface Deduper<T> {
  /** Lazily yields the items of source whose hash is not remembered, remembering each. */
  dedupe(source: Iterable<T>): IterableIterator<T>;
  dedupe(source: AsyncIterable<T>): AsyncIterableIterator<T>;
  dedupe(source: Iterable<T> | AsyncIterable<T>): IterableIterator<T> | AsyncIterableIterator<T>;
  /** whether item's hash is remembered now (so dedupe would drop it); changes no recency */
  has(item: T): boolean;
  /** the number of hashes remembered */
  readonly size: number;
  readonly maxHashes: number;
  readonly mode: DedupeMode;
  /** forgets every hash */
  clear(): void;
}

export type CreateDedupeStream = <T>(options?: DedupeStreamOptions<T>) => Deduper<T>;

export interface DedupeStreamModule {
  readonly default: CreateDedupeStream;
}

export const defaultMaxHashes = 1_000_000;

export const dedupeStreamSpec = defineSpec({
  id: 'dedupe-stream',
  title: 'Stream deduplication by content hash',
  rules: {
    'DDS-1': 'The output keeps the first occurrence of each hash and drops every later one, in source order (exact mode, the default).',
    'DDS-2': 'With a hash option, items are duplicates exactly when hash returns the same string; hash is called once per pulled item and a non-string result fails the stream with a TypeError.',
    'DDS-3': 'Without a hash option, items are duplicates exactly when they are equal JSON values, object key order ignored; an item that is not a JSON value fails the stream with a TypeError.',
    'DDS-4': 'A deduper remembers across its streams: an item seen by an earlier or interleaved stream of the same deduper is dropped, and separate dedupers share nothing.',
    'DDS-5': 'has(item) tells whether item would be dropped now and changes nothing; size is the number of hashes remembered; clear() forgets them all.',
    'DDS-6': 'In recent mode a first occurrence is never dropped, and while at most maxHashes distinct hashes have been seen the output equals exact mode.',
    'DDS-7': 'In recent mode the memory is the maxHashes most recently seen hashes (seeing a duplicate refreshes it), least recent forgotten first; an item is dropped exactly when its hash is remembered.',
    'DDS-8': 'In exact mode a new hash beyond maxHashes fails the stream with a RangeError naming dedupe-stream before that item is yielded; size never exceeds maxHashes in either mode.',
    'DDS-9': 'The stream is lazy: nothing is pulled before the first next() and each next() pulls only up to the next kept item; a sync source gives a sync iterator, an async source an async one.',
    'DDS-10': 'Errors from the source or from hashing reach the consumer unchanged; stopping early (break, return()) or a hashing error closes the source by calling its return().',
    'DDS-11': 'Bad options (mode, maxHashes, hash) and a non-iterable source are rejected at the call with a TypeError or RangeError naming dedupe-stream.',
  },
  exports: ['default'],
  smoke(module: DedupeStreamModule) {
    return [...module.default<string>().dedupe(['a', 'b', 'a'])];
  },
});

/** The canonical JSON text of a JSON value, object keys sorted; TypeError for anything else. */
export function canonicalJson(value: unknown, ancestors: readonly object[] = []): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`model: ${value} is not a JSON value`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new TypeError(`model: a ${typeof value} is not a JSON value`);
  if (ancestors.includes(value)) throw new TypeError('model: a cycle is not a JSON value');
  const inside = [...ancestors, value];
  if (Array.isArray(value)) {
    const elements: string[] = [];
    for (let index = 0; index < value.length; index++) elements.push(canonicalJson(value[index], inside));
    return `[${elements.join(',')}]`;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) throw new TypeError('model: only plain objects are JSON');
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], inside)}`).join(',')}}`;
}

export type Offer = 'kept' | 'dropped' | 'overflow';

/** The model of a deduper's memory: hashes in an array, least recently seen first. */
export class DedupeModel {
  readonly #hashes: string[] = [];

  constructor(
    readonly mode: DedupeMode,
    readonly maxHashes: number,
  ) {
    if (!Number.isSafeInteger(maxHashes) || maxHashes < 1) throw new RangeError(`model maxHashes ${maxHashes}`);
  }

  get size(): number {
    return this.#hashes.length;
  }

  has(hash: string): boolean {
    return this.#hashes.includes(hash);
  }

  /** Sees one hash: whether its item is kept, dropped, or (exact mode, memory full) fails the stream. */
  offer(hash: string): Offer {
    const index = this.#hashes.indexOf(hash);
    if (index >= 0) {
      if (this.mode === 'recent') this.#hashes.push(...this.#hashes.splice(index, 1));
      return 'dropped';
    }
    if (this.#hashes.length === this.maxHashes) {
      if (this.mode === 'exact') return 'overflow';
      this.#hashes.shift();
    }
    this.#hashes.push(hash);
    return 'kept';
  }

  clear(): void {
    this.#hashes.length = 0;
  }
}

/** What the model yields for a whole source, and whether it ended by overflowing. */
export function modelDedupe<T>(
  items: readonly T[],
  hash: (item: T) => string,
  model: DedupeModel,
): { kept: T[]; overflowAt: number | undefined } {
  const kept: T[] = [];
  for (const [index, item] of items.entries()) {
    const offer = model.offer(hash(item));
    if (offer === 'overflow') return { kept, overflowAt: index };
    if (offer === 'kept') kept.push(item);
  }
  return { kept, overflowAt: undefined };
}

// ---- instrumented sources: what the suites measure laziness and closing against ----

export interface InstrumentedSource<T> {
  /** a sync or async iterable over the items; each iteration starts from the first item */
  readonly iterable: Iterable<T> | AsyncIterable<T>;
  /** next() calls so far, the one that reported the end included */
  readonly pulls: number;
  /** return() calls so far */
  readonly returns: number;
  /** items handed out so far */
  readonly yielded: readonly T[];
}

/** An iterable that counts pulls and closes, and throws `failure` instead of item failAt. */
export function instrumentedSource<T>(
  items: readonly T[],
  options: { readonly async: boolean; readonly failAt?: number; readonly failure?: unknown },
): InstrumentedSource<T> {
  const state = { pulls: 0, returns: 0, yielded: [] as T[] };
  const makeIterator = (): Iterator<T> => {
    let position = 0;
    return {
      next(): IteratorResult<T> {
        state.pulls++;
        if (position === options.failAt) throw options.failure;
        if (position >= items.length) return { done: true, value: undefined };
        const item = items[position++] as T;
        state.yielded.push(item);
        return { done: false, value: item };
      },
      return(): IteratorResult<T> {
        state.returns++;
        position = items.length;
        return { done: true, value: undefined };
      },
    };
  };
  const iterable: Iterable<T> | AsyncIterable<T> = options.async
    ? {
        [Symbol.asyncIterator]: (): AsyncIterator<T> => {
          const inner = makeIterator();
          return {
            next: async () => inner.next(),
            return: async () => (inner.return as () => IteratorResult<T>)(),
          };
        },
      }
    : { [Symbol.iterator]: makeIterator };
  return {
    iterable,
    get pulls() {
      return state.pulls;
    },
    get returns() {
      return state.returns;
    },
    yielded: state.yielded,
  };
}

/** One next() on a sync or async iterator, awaited. */
export async function pullOne<T>(iterator: Iterator<T> | AsyncIterator<T>): Promise<IteratorResult<T>> {
  return await iterator.next();
}

/** Everything an iterator yields until it ends, awaiting each next(). */
export async function collect<T>(iterator: Iterator<T> | AsyncIterator<T>): Promise<T[]> {
  const items: T[] = [];
  for (;;) {
    const step = await iterator.next();
    if (step.done === true) return items;
    items.push(step.value);
  }
}

/** Runs body, returning its value or the error it threw, so a check can look at either. */
export async function settle<T>(body: () => T | Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await body() };
  } catch (error) {
    return { error };
  }
}

/** Pulls until the end or an error, keeping what came before the error. */
export async function drain<T>(iterator: Iterator<T> | AsyncIterator<T>): Promise<{ items: T[]; error?: unknown; failed: boolean }> {
  const items: T[] = [];
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done === true) return { items, failed: false };
      items.push(step.value);
    }
  } catch (error) {
    return { items, error, failed: true };
  }
}
