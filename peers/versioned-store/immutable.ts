// immutable (5.2.1) behind versioned-store's spec: a thin adapter, so a suite that fails it is
// demanding something a correct persistent map does not do. Each version is an Immutable.Map (a
// HAMT sharing structure with the version before), so snapshot isolation comes free. Bridged,
// with immutable's own API: Map iterates in hash order, so every ordered read goes through
// Seq.sortBy on the key (immutable's default comparator is `<`, the spec's code-unit order); it
// validates arguments itself, since Immutable.Map accepts any key.

import { Map as ImmutableMap } from 'immutable';
import {
  defaultMaxVersions, type CreateVersionedStore, type Snapshot, type VersionedStore, type VersionedStoreOptions,
} from '../../spec/versioned-store.ts';

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

/** the entries in ascending key order, read off the one immutable Map handed in */
function* ordered<V>(map: ImmutableMap<string, V>): IterableIterator<[string, V]> {
  for (const [key, value] of map.toSeq().sortBy((_value, key) => key)) yield [key, value];
}
function* keysOf<V>(map: ImmutableMap<string, V>): IterableIterator<string> {
  for (const [key] of ordered(map)) yield key;
}
function* valuesOf<V>(map: ImmutableMap<string, V>): IterableIterator<V> {
  for (const [, value] of ordered(map)) yield value;
}

class ImmutableSnapshot<V> implements Snapshot<V> {
  constructor(readonly version: number, readonly map: ImmutableMap<string, V>) {}
  get size(): number {
    return this.map.size;
  }
  get(key: string): V | undefined {
    return this.map.get(checkKey('snapshot.get', key));
  }
  has(key: string): boolean {
    return this.map.has(checkKey('snapshot.has', key));
  }
  entries(): IterableIterator<[string, V]> {
    return ordered(this.map);
  }
  keys(): IterableIterator<string> {
    return keysOf(this.map);
  }
  values(): IterableIterator<V> {
    return valuesOf(this.map);
  }
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return ordered(this.map);
  }
  toMap(): Map<string, V> {
    return new Map(ordered(this.map));
  }
}

function readInitial<V>(initial: unknown): [string, V][] {
  if (initial === undefined) return [];
  if (typeof initial !== 'object' || initial === null) throw new TypeError(`versioned-store.create: expected initial entries or a record, got ${describe(initial)}`);
  if (!(Symbol.iterator in initial)) return Object.entries(initial as Record<string, V>);
  const entries: [string, V][] = [];
  for (const pair of initial as Iterable<unknown>) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'string') {
      throw new TypeError(`versioned-store.create: expected initial [string, value] pairs, got ${describe(Array.isArray(pair) ? pair[0] : pair)}`);
    }
    entries.push([pair[0], pair[1] as V]);
  }
  return entries;
}

class ImmutableVersionedStore<V> implements VersionedStore<V> {
  readonly maxVersions: number;
  #versions: ImmutableMap<string, V>[];
  #oldest = 0;

  constructor(options: VersionedStoreOptions<V> | undefined) {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw new TypeError(`versioned-store.create: expected an options object, got ${describe(options)}`);
    }
    const maxVersions: unknown = options?.maxVersions === undefined ? defaultMaxVersions : options.maxVersions;
    if (typeof maxVersions !== 'number' || !Number.isSafeInteger(maxVersions) || maxVersions < 1) {
      throw new RangeError(`versioned-store.create: expected maxVersions to be a positive safe integer, got ${describe(maxVersions)}`);
    }
    this.maxVersions = maxVersions;
    // Map(pairs) keeps the last value of a repeated key, as VS-3 asks
    this.#versions = [ImmutableMap<string, V>(readInitial<V>(options?.initial))];
  }

  get version(): number {
    return this.#oldest + this.#versions.length - 1;
  }
  get oldestVersion(): number {
    return this.#oldest;
  }
  #latest(): ImmutableMap<string, V> {
    return this.#versions[this.#versions.length - 1] as ImmutableMap<string, V>;
  }
  get size(): number {
    return this.#latest().size;
  }
  get(key: string): V | undefined {
    return this.#latest().get(checkKey('get', key));
  }
  has(key: string): boolean {
    return this.#latest().has(checkKey('has', key));
  }
  #push(map: ImmutableMap<string, V>): number {
    this.#versions.push(map);
    const latest = this.version;
    if (this.#versions.length > this.maxVersions) {
      this.#versions = this.#versions.slice(this.#versions.length - this.maxVersions);
      this.#oldest = latest - this.maxVersions + 1;
    }
    return latest;
  }
  set(key: string, value: V): number {
    return this.#push(this.#latest().set(checkKey('set', key), value));
  }
  delete(key: string): number {
    return this.#push(this.#latest().delete(checkKey('delete', key)));
  }
  #at(method: string, version: unknown): ImmutableSnapshot<V> {
    const number = version === undefined ? this.version : version;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < this.#oldest || number > this.version) {
      throw new RangeError(`versioned-store.${method}: expected an integer version from ${this.#oldest} to ${this.version}, got ${describe(version)}`);
    }
    return new ImmutableSnapshot(number, this.#versions[number - this.#oldest] as ImmutableMap<string, V>);
  }
  snapshot(version?: number): Snapshot<V> {
    return this.#at('snapshot', version);
  }
  entries(version?: number): IterableIterator<[string, V]> {
    return ordered(this.#at('entries', version).map);
  }
  keys(version?: number): IterableIterator<string> {
    return keysOf(this.#at('keys', version).map);
  }
  values(version?: number): IterableIterator<V> {
    return valuesOf(this.#at('values', version).map);
  }
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return ordered(this.#latest());
  }
}

const createVersionedStore: CreateVersionedStore = <V>(options?: VersionedStoreOptions<V>) => new ImmutableVersionedStore<V>(options);
export default createVersionedStore;
