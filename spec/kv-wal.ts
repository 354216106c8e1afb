// kv-wal: a key-value store made durable by a write-ahead log on the Disk interface. Writes
// are acknowledged only once fsynced, concurrent writes share fsyncs (group commit), opening
// recovers, and compaction replaces the log with a snapshot. The model is a Map plus the list
// of issued operations, so a crash check can ask "is this the state after some prefix?".

import type { Disk } from '../harness/disk/disk.ts';
import { matchingPrefixes as matchingPrefixesOf } from '../harness/prefix.ts';
import { defineSpec } from '../harness/spec.ts';

export interface KvWalOptions {
  /** the disk the store lives on, at its root (a simulated disk in tests) */
  readonly disk?: Disk;
  /** or a real directory, created when missing; exactly one of disk and path is given */
  readonly path?: string;
}

export interface RecoveryReport {
  /** records replayed from the log (after the snapshot, if any) */
  readonly recordsReplayed: number;
  /** whether a snapshot was loaded */
  readonly snapshotLoaded: boolean;
  /** 'clean', or 'torn' when an incomplete or corrupt tail was found and discarded */
  readonly tail: 'clean' | 'torn';
  /** bytes of log discarded as a torn tail */
  readonly tailBytesDiscarded: number;
}

export interface KvStore {
  /** the value of the last acknowledged set of key, undefined if absent or deleted */
  get(key: string): Promise<string | undefined>;
  /** resolves once the write is durable (acknowledged) */
  set(key: string, value: string): Promise<void>;
  /** resolves once durable, with whether key was present */
  delete(key: string): Promise<boolean>;
  /** every present entry, sorted by key */
  entries(): Promise<[string, string][]>;
  /** rewrites the state as a snapshot and starts an empty log, crash-safely */
  compact(): Promise<void>;
  /** waits for writes in flight; afterwards every call rejects */
  close(): Promise<void>;
  /** what opening found */
  readonly recovery: RecoveryReport;
}

export type OpenKvStore = (options: KvWalOptions) => Promise<KvStore>;

export interface KvWalModule {
  readonly default: OpenKvStore;
}

/** The code of the error open rejects with when the log is corrupt before its tail. */
export const corruptionCode = 'ECORRUPT';

export const kvWalSpec = defineSpec({
  id: 'kv-wal',
  title: 'Key-value store with a write-ahead log',
  rules: {
    'WAL-1': 'Without crashes, get and entries return the state of the model Map after every acknowledged set and delete, in call order.',
    'WAL-2': 'An acknowledged set or delete survives any crash: after recovery its effect is present unless a later operation overwrote it.',
    'WAL-3': 'After any crash, recovery yields the model state after some prefix of the operations in call order, a prefix containing every acknowledged one.',
    'WAL-4': 'A deleted key never resurrects: once a delete is acknowledged, no crash or compaction brings back an older value.',
    'WAL-5': 'A torn or corrupt tail of the log (an incomplete last commit) is discarded and reported as tail "torn" with its size, and the store opens.',
    'WAL-6': 'Corruption before the tail of the log (a bad record followed by valid ones) makes open reject with an error whose code is ECORRUPT, never a silent truncation.',
    'WAL-7': 'Recovery is idempotent and crash-safe: reopening, or crashing during recovery and reopening, yields the same state.',
    'WAL-8': 'compact preserves the state, and a crash at any point of a compaction recovers that same state.',
    'WAL-9': 'Group commit: writes called while a commit is in flight are made durable together, so n concurrent sets need far fewer than n fsyncs.',
    'WAL-10': 'Under concurrent clients, the history of get, set and delete is linearizable per key.',
    'WAL-11': 'A key or value that is not a string is rejected with a TypeError naming kv-wal; options without exactly one of disk and path with a TypeError.',
    'WAL-12': 'close waits for writes in flight; every later call rejects; reopening yields the state at close.',
    'WAL-13': 'On the real disk, a process killed with SIGKILL mid-workload loses no acknowledged write.',
    'WAL-14': 'A write whose fsync fails is rejected, never acknowledged nor visible to get, and later writes are refused rather than guessing what reached the disk.',
  },
  exports: ['default'],
  async smoke(module: KvWalModule) {
    const { SimulatedDisk } = await import('../harness/disk/simulated-disk.ts');
    const store = await module.default({ disk: new SimulatedDisk() });
    await store.set('smoke', '1');
    const value = await store.get('smoke');
    await store.close();
    return value;
  },
});

export type KvOperation =
  | { readonly kind: 'set'; readonly key: string; readonly value: string }
  | { readonly kind: 'delete'; readonly key: string };

/** The model: a Map, and the operations applied to it in call order. */
export class KvModel {
  readonly map = new Map<string, string>();

  apply(operation: KvOperation): boolean {
    if (operation.kind === 'set') {
      this.map.set(operation.key, operation.value);
      return true;
    }
    return this.map.delete(operation.key);
  }

  entries(): [string, string][] {
    return [...this.map].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  }
}

/**
 * The prefixes of `operations` whose model state equals `entries`, among those at least
 * `shortest` long (one past the last acknowledged operation). Empty means the recovered state
 * is no allowed prefix.
 */
export function matchingPrefixes(operations: readonly KvOperation[], shortest: number, entries: readonly [string, string][]): number[] {
  const model = new KvModel();
  return matchingPrefixesOf(operations, shortest, { apply: (operation) => model.apply(operation), state: () => JSON.stringify(model.entries()) }, JSON.stringify(entries));
}
