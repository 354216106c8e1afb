// versioned-store: a string-keyed map where every set or delete makes a new version, any retained
// version can be read back as an immutable snapshot, and iterators keep seeing their version while
// writes go on. The model keeps a full Map per version: wasteful, and therefore obviously right.

import { defineSpec } from '../harness/spec.ts';

export interface VersionedStoreOptions<V> {
  /** the entries of version 0: [key, value] pairs or a plain record (the seed's initial dict) */
  readonly initial?: Iterable<readonly [string, V]> | Readonly<Record<string, V>>;
  /** the most versions retained, a positive safe integer; the oldest are forgotten first */
  readonly maxVersions?: number;
}

/** One version, frozen: nothing done to the store afterwards changes what it answers. */
export interface Snapshot<V> extends Iterable<[string, V]> {
  readonly version: number;
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  /** entries in ascending key order */
  entries(): IterableIterator<[string, V]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<V>;
  /** a fresh Map of the entries, in ascending key order (the seed's snapshot dict) */
  toMap(): Map<string, V>;
}

export interface VersionedStore<V> extends Iterable<[string, V]> {
  /** the latest version: the number of writes since creation */
  readonly version: number;
  /** the oldest version snapshot() and entries() still accept */
  readonly oldestVersion: number;
  readonly maxVersions: number;
  /** size, get and has answer for the latest version */
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  /** makes a new version with key set to value; returns its number */
  set(key: string, value: V): number;
  /** makes a new version without key (the same entries when it was absent); returns its number */
  delete(key: string): number;
  /** the given version (default: the latest) as an immutable snapshot */
  snapshot(version?: number): Snapshot<V>;
  /** an iterator over the given version (default: the latest), in ascending key order */
  entries(version?: number): IterableIterator<[string, V]>;
  keys(version?: number): IterableIterator<string>;
  values(version?: number): IterableIterator<V>;
}

export type CreateVersionedStore = <V>(options?: VersionedStoreOptions<V>) => VersionedStore<V>;

export interface VersionedStoreModule {
  readonly default: CreateVersionedStore;
}

export const defaultMaxVersions = 1_000_000;

export const versionedStoreSpec = defineSpec({
  id: 'versioned-store',
  title: 'Versioned key-value store with snapshots',
  rules: {
    'VS-1': 'The store starts at version 0 holding the initial entries, and each set or delete makes exactly one new version, numbered one more than the last and returned, whether or not it changed anything.',
    'VS-2': 'get, has and size answer for the latest version: the value last set for each key not deleted since, the very value set (undefined included).',
    'VS-3': 'snapshot(v) holds exactly the entries after the first v writes (version 0: the initial entries, a repeated initial key keeping its last value); snapshot() is the latest version.',
    'VS-4': 'A snapshot never changes once taken: its version, size, get, has and iteration answer the same after any later writes.',
    'VS-5': 'An iterator (of the store, of entries, keys or values of a version, or of a snapshot) yields its version as it was when the iterator was created, even when writes happen between its steps.',
    'VS-6': 'Iteration yields each entry of its version exactly once, in ascending key order (UTF-16 code units, as < compares strings), and entries, keys, values and the iterator agree.',
    'VS-7': 'At most maxVersions versions are retained: oldestVersion is max(0, version - maxVersions + 1); snapshots and iterators taken before a version is forgotten stay readable.',
    'VS-8': 'A non-string key is a TypeError; a version that is not an integer from oldestVersion to version is a RangeError; bad options are a TypeError or RangeError; each names versioned-store and leaves the store unchanged.',
    'VS-9': 'Versions share structure (copy-on-write): on a store of 10,000 keys, each write retains under 16 KiB of heap, not a copy of the store.',
  },
  exports: ['default'],
  smoke(module: VersionedStoreModule) {
    const store = module.default<number>({ initial: { age: 30 } });
    store.set('age', 31);
    return store.snapshot(0).get('age');
  },
});

/** The model: one Map per version, each a full copy; keys sorted only when read in order. */
export class VersionedStoreModel<V> {
  readonly #versions: Map<string, V>[];

  constructor(initial: Iterable<readonly [string, V]> = [], readonly maxVersions: number = defaultMaxVersions) {
    this.#versions = [new Map(initial)];
  }

  get version(): number {
    return this.#versions.length - 1;
  }

  get oldestVersion(): number {
    return Math.max(0, this.version - this.maxVersions + 1);
  }

  /** the entries of a version, in ascending key order; the model forgets nothing itself */
  entries(version: number = this.version): [string, V][] {
    const state = this.#versions[version];
    if (state === undefined) throw new RangeError(`model: no version ${version}`);
    return [...state].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  }

  latest(): Map<string, V> {
    return this.#versions[this.version] as Map<string, V>;
  }

  set(key: string, value: V): number {
    this.#versions.push(new Map(this.latest()).set(key, value));
    return this.version;
  }

  delete(key: string): number {
    const next = new Map(this.latest());
    next.delete(key);
    this.#versions.push(next);
    return this.version;
  }
}
