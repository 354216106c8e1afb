// dedupe-stream, the reference implementation. The memory is a Map from hash to the sequence
// number of its latest sighting plus, in recent mode, a queue of sightings evicted from the front,
// skipping stale ones. (Deleting a Map's first key and re-reading keys().next() is quadratic in V8:
// iteration walks the deleted slots.) The sync path is a hand-written iterator: it is the hot loop.

import {
  defaultMaxHashes,
  type CreateDedupeStream,
  type DedupeMode,
  type DedupeStreamOptions,
  type Deduper,
} from '../spec/dedupe-stream.ts';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function notJson(method: string, value: unknown, description = describe(value)): TypeError {
  return new TypeError(`dedupe-stream.${method}: expected a JSON value (or a hash option), got ${description}`);
}

/** Canonical JSON with object keys sorted; ancestors is the path from the root, to catch cycles. */
function canonical(value: unknown, method: string, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw notJson(method, value);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw notJson(method, value);
  }
  if (value === null) return 'null';
  if (ancestors.includes(value)) throw notJson(method, value, 'a cycle');
  ancestors.push(value);
  let text: string;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let index = 0; index < value.length; index++) parts.push(canonical(value[index], method, ancestors));
    text = `[${parts.join(',')}]`;
  } else {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw notJson(method, value);
    const record = value as Record<string, unknown>;
    const parts = Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonical(record[key], method, ancestors)}`);
    text = `{${parts.join(',')}}`;
  }
  ancestors.pop();
  return text;
}

/** Strings get a prefix no JSON text starts with, so the common case skips JSON.stringify. */
function defaultKey(item: unknown, method: string): string {
  return typeof item === 'string' ? `s${item}` : canonical(item, method, []);
}

/** The memory of one deduper, shared by all its streams. */
class Memory<T> {
  /** hash to the sequence number of its latest sighting */
  readonly #seen = new Map<string, number>();
  /** recent mode: sightings in order, from #head on; an entry is stale when its hash was seen again */
  #queueHashes: string[] = [];
  #queueSequences: number[] = [];
  #head = 0;
  #sequence = 0;

  constructor(
    readonly mode: DedupeMode,
    readonly maxHashes: number,
    readonly hash: ((item: T) => string) | undefined,
  ) {}

  keyOf(item: T, method: string): string {
    if (this.hash === undefined) return defaultKey(item, method);
    const key: unknown = this.hash(item);
    if (typeof key !== 'string') throw new TypeError(`dedupe-stream.hash: expected a string, got ${describe(key)}`);
    return key;
  }

  has(item: T): boolean {
    return this.#seen.has(this.keyOf(item, 'has'));
  }

  get size(): number {
    return this.#seen.size;
  }

  clear(): void {
    this.#seen.clear();
    this.#queueHashes = [];
    this.#queueSequences = [];
    this.#head = 0;
  }

  /** Sees one item: true when it is a first occurrence (and is now remembered). */
  admit(item: T): boolean {
    const key = this.keyOf(item, 'dedupe');
    const seen = this.#seen;
    if (seen.has(key)) {
      if (this.mode === 'recent') this.#sight(key);
      return false;
    }
    if (seen.size >= this.maxHashes) {
      if (this.mode === 'exact') {
        throw new RangeError(`dedupe-stream.dedupe: expected at most ${this.maxHashes} distinct hashes in exact mode, got ${this.maxHashes + 1}`);
      }
      this.#evictLeastRecent();
    }
    if (this.mode === 'recent') this.#sight(key);
    else seen.set(key, 0);
    return true;
  }

  #sight(key: string): void {
    const sequence = ++this.#sequence;
    this.#seen.set(key, sequence);
    this.#queueHashes.push(key);
    this.#queueSequences.push(sequence);
    // stale sightings pile up when hashes are refreshed without evictions: drop them in bulk
    if (this.#queueHashes.length - this.#head > 2 * this.#seen.size + 64) this.#compact();
  }

  #evictLeastRecent(): void {
    for (;;) {
      const key = this.#queueHashes[this.#head] as string;
      const sequence = this.#queueSequences[this.#head] as number;
      this.#head++;
      if (this.#seen.get(key) === sequence) {
        this.#seen.delete(key);
        break;
      }
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queueHashes.length) this.#compact();
  }

  /** Keeps only live sightings, in order; amortised O(1) per sighting. */
  #compact(): void {
    const hashes: string[] = [];
    const sequences: number[] = [];
    for (let index = this.#head; index < this.#queueHashes.length; index++) {
      const key = this.#queueHashes[index] as string;
      const sequence = this.#queueSequences[index] as number;
      if (this.#seen.get(key) !== sequence) continue;
      hashes.push(key);
      sequences.push(sequence);
    }
    this.#queueHashes = hashes;
    this.#queueSequences = sequences;
    this.#head = 0;
  }
}

const finished: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

function closeQuietly(iterator: Iterator<unknown>): void {
  try {
    iterator.return?.();
  } catch {
    // the error that stopped the stream is the one the consumer must see
  }
}

class SyncDedupeIterator<T> implements IterableIterator<T> {
  #iterator: Iterator<T> | undefined;
  #done = false;

  constructor(
    private readonly source: Iterable<T>,
    private readonly memory: Memory<T>,
  ) {}

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<T> {
    if (this.#done) return finished;
    const iterator = (this.#iterator ??= this.source[Symbol.iterator]());
    for (;;) {
      let step: IteratorResult<T>;
      try {
        step = iterator.next();
      } catch (error) {
        this.#done = true;
        throw error;
      }
      if (step.done === true) {
        this.#done = true;
        return finished;
      }
      let kept: boolean;
      try {
        kept = this.memory.admit(step.value);
      } catch (error) {
        this.#done = true;
        closeQuietly(iterator);
        throw error;
      }
      if (kept) return { done: false, value: step.value };
    }
  }

  return(): IteratorResult<T> {
    if (!this.#done && this.#iterator !== undefined) closeQuietly(this.#iterator);
    this.#done = true;
    return finished;
  }
}

async function* asyncDedupe<T>(source: AsyncIterable<T>, memory: Memory<T>): AsyncGenerator<T, undefined> {
  // for await closes the source on return() and on an error thrown here, not on the source's own
  for await (const item of source) {
    if (memory.admit(item)) yield item;
  }
  return undefined;
}

function validated<T>(options: DedupeStreamOptions<T> | undefined): Memory<T> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError(`dedupe-stream.create: expected an options object, got ${describe(options)}`);
  }
  const { hash, mode = 'exact', maxHashes = defaultMaxHashes } = options ?? {};
  if (hash !== undefined && typeof hash !== 'function') {
    throw new TypeError(`dedupe-stream.create: expected hash to be a function, got ${describe(hash)}`);
  }
  if (mode !== 'exact' && mode !== 'recent') {
    throw new RangeError(`dedupe-stream.create: expected mode "exact" or "recent", got ${describe(mode)}`);
  }
  if (typeof maxHashes !== 'number' || !Number.isSafeInteger(maxHashes) || maxHashes < 1) {
    throw new RangeError(`dedupe-stream.create: expected maxHashes to be a positive safe integer, got ${describe(maxHashes)}`);
  }
  return new Memory<T>(mode, maxHashes, hash);
}

const createDedupeStream: CreateDedupeStream = <T>(options?: DedupeStreamOptions<T>): Deduper<T> => {
  const memory = validated(options);
  function dedupe(source: Iterable<T>): IterableIterator<T>;
  function dedupe(source: AsyncIterable<T>): AsyncIterableIterator<T>;
  function dedupe(source: Iterable<T> | AsyncIterable<T>): IterableIterator<T> | AsyncIterableIterator<T>;
  function dedupe(source: Iterable<T> | AsyncIterable<T>): IterableIterator<T> | AsyncIterableIterator<T> {
    const candidate = source as Partial<Iterable<T> & AsyncIterable<T>> | null | undefined;
    if (typeof candidate?.[Symbol.asyncIterator] === 'function') return asyncDedupe(source as AsyncIterable<T>, memory);
    if (typeof candidate?.[Symbol.iterator] === 'function') return new SyncDedupeIterator(source as Iterable<T>, memory);
    throw new TypeError(`dedupe-stream.dedupe: expected an iterable or async iterable, got ${describe(source)}`);
  }
  return {
    dedupe,
    has: (item) => memory.has(item),
    get size() {
      return memory.size;
    },
    maxHashes: memory.maxHashes,
    mode: memory.mode,
    clear: () => memory.clear(),
  };
};

export default createDedupeStream;
