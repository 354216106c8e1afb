// Reference versioned-store: each version is the root of a persistent treap (tree.ts) and its size,
// so a write copies only the nodes on one path and versions share every untouched subtree.
// Iterators walk the root they were handed: snapshot isolation needs no locking or copying.

import {
  defaultMaxVersions, type CreateVersionedStore, type Snapshot, type VersionedStore, type VersionedStoreOptions,
} from '../../spec/versioned-store.ts';
import { find, insert, pickEntry, pickKey, pickValue, priorityOf, remove, replace, walk, type Tree, type TreeNode } from './tree.ts';

interface Version<V> {
  readonly root: Tree<V>;
  readonly size: number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  if (typeof value === 'function') return 'a function';
  return typeof value === 'bigint' ? `${value}n` : String(value);
}

function checkKey(method: string, key: unknown): string {
  if (typeof key !== 'string') throw new TypeError(`versioned-store.${method}: expected a string key, got ${describe(key)}`);
  return key;
}

class TreeSnapshot<V> implements Snapshot<V> {
  readonly #root: Tree<V>;

  constructor(
    readonly version: number,
    readonly size: number,
    root: Tree<V>,
  ) {
    this.#root = root;
  }

  get(key: string): V | undefined {
    return find(this.#root, checkKey('snapshot.get', key))?.value;
  }

  has(key: string): boolean {
    return find(this.#root, checkKey('snapshot.has', key)) !== undefined;
  }

  entries(): IterableIterator<[string, V]> {
    return walk(this.#root, pickEntry);
  }

  keys(): IterableIterator<string> {
    return walk(this.#root, pickKey);
  }

  values(): IterableIterator<V> {
    return walk(this.#root, pickValue);
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return walk(this.#root, pickEntry);
  }

  toMap(): Map<string, V> {
    return new Map(walk(this.#root, pickEntry));
  }
}

/** the versions retained, oldest first; forgotten ones are dropped from the front in batches */
class VersionLog<V> {
  #versions: Version<V>[] = [];
  #offset = 0; // versions dropped from the front of #versions but not yet spliced out
  #first = 0; // the number of the oldest retained version

  constructor(readonly maxVersions: number) {}

  get latestNumber(): number {
    return this.#first + this.#versions.length - this.#offset - 1;
  }

  get oldestNumber(): number {
    return this.#first;
  }

  latest(): Version<V> {
    return this.#versions[this.#versions.length - 1] as Version<V>;
  }

  at(version: number): Version<V> {
    return this.#versions[this.#offset + version - this.#first] as Version<V>;
  }

  push(version: Version<V>): number {
    this.#versions.push(version);
    if (this.#versions.length - this.#offset > this.maxVersions) {
      this.#offset++;
      this.#first++;
      // splicing once the dead prefix is as long as the live part keeps pushes amortised O(1)
      if (this.#offset * 2 >= this.#versions.length) {
        this.#versions = this.#versions.slice(this.#offset);
        this.#offset = 0;
      }
    }
    return this.latestNumber;
  }
}

function readOptions<V>(options: VersionedStoreOptions<V> | undefined): { entries: [string, V][]; maxVersions: number } {
  if (options === undefined) return { entries: [], maxVersions: defaultMaxVersions };
  if (typeof options !== 'object' || options === null) throw new TypeError(`versioned-store.create: expected an options object, got ${describe(options)}`);
  const { initial, maxVersions = defaultMaxVersions } = options;
  if (typeof maxVersions !== 'number' || !Number.isSafeInteger(maxVersions) || maxVersions < 1) {
    throw new RangeError(`versioned-store.create: expected maxVersions to be a positive safe integer, got ${describe(maxVersions)}`);
  }
  if (initial === undefined) return { entries: [], maxVersions };
  if (typeof initial !== 'object' || initial === null) throw new TypeError(`versioned-store.create: expected initial entries or a record, got ${describe(initial)}`);
  if (!(Symbol.iterator in initial)) return { entries: Object.entries(initial), maxVersions };
  const entries: [string, V][] = [];
  for (const pair of initial as Iterable<unknown>) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') {
      throw new TypeError(`versioned-store.create: expected initial [string, value] pairs, got ${describe(Array.isArray(pair) ? pair[0] : pair)}`);
    }
    entries.push([pair[0], pair[1] as V]);
  }
  return { entries, maxVersions };
}

function setIn<V>(version: Version<V>, key: string, value: V): Version<V> {
  const { root, size } = version;
  return find(root, key) === undefined
    ? { root: insert(root, key, value, priorityOf(key)), size: size + 1 }
    : { root: replace(root as TreeNode<V>, key, value), size };
}

function deleteIn<V>(version: Version<V>, key: string): Version<V> {
  const { root, size } = version;
  return find(root, key) === undefined ? version : { root: remove(root as TreeNode<V>, key), size: size - 1 };
}

class TreeVersionedStore<V> implements VersionedStore<V> {
  readonly #log: VersionLog<V>;

  constructor(options: VersionedStoreOptions<V> | undefined) {
    const { entries, maxVersions } = readOptions(options);
    let initial: Version<V> = { root: undefined, size: 0 };
    for (const [key, value] of entries) initial = setIn(initial, key, value);
    this.#log = new VersionLog(maxVersions);
    this.#log.push(initial);
  }

  get version(): number {
    return this.#log.latestNumber;
  }

  get oldestVersion(): number {
    return this.#log.oldestNumber;
  }

  get maxVersions(): number {
    return this.#log.maxVersions;
  }

  get size(): number {
    return this.#log.latest().size;
  }

  get(key: string): V | undefined {
    return find(this.#log.latest().root, checkKey('get', key))?.value;
  }

  has(key: string): boolean {
    return find(this.#log.latest().root, checkKey('has', key)) !== undefined;
  }

  set(key: string, value: V): number {
    return this.#log.push(setIn(this.#log.latest(), checkKey('set', key), value));
  }

  delete(key: string): number {
    return this.#log.push(deleteIn(this.#log.latest(), checkKey('delete', key)));
  }

  snapshot(version?: number): Snapshot<V> {
    const number = this.#checkVersion('snapshot', version);
    const { root, size } = this.#log.at(number);
    return new TreeSnapshot(number, size, root);
  }

  entries(version?: number): IterableIterator<[string, V]> {
    return walk(this.#log.at(this.#checkVersion('entries', version)).root, pickEntry);
  }

  keys(version?: number): IterableIterator<string> {
    return walk(this.#log.at(this.#checkVersion('keys', version)).root, pickKey);
  }

  values(version?: number): IterableIterator<V> {
    return walk(this.#log.at(this.#checkVersion('values', version)).root, pickValue);
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return walk(this.#log.latest().root, pickEntry);
  }

  #checkVersion(method: string, version: number | undefined): number {
    if (version === undefined) return this.#log.latestNumber;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < this.#log.oldestNumber || version > this.#log.latestNumber) {
      const range = `an integer version from ${this.#log.oldestNumber} to ${this.#log.latestNumber}`;
      throw new RangeError(`versioned-store.${method}: expected ${range}, got ${describe(version)}`);
    }
    return version;
  }
}

const createVersionedStore: CreateVersionedStore = <V>(options?: VersionedStoreOptions<V>) => new TreeVersionedStore<V>(options);
export default createVersionedStore;
