// kv-wal under concurrent clients: the per-key map model widened with compact and entries (a
// whole-map read, so histories are checked unpartitioned), and a system whose simulated disk
// holds every I/O until fc.scheduler releases it, so several calls are inside the store at once
// and a compaction can run while writes are in flight. Shared by the WAL-10 and WAL-14 checks.

import fc from 'fast-check';
import type { ConcurrentContext, ConcurrentSystem } from '../../harness/concurrent.ts';
import type { Disk } from '../../harness/disk/disk.ts';
import { forwardingDisk } from '../../harness/disk/forwarding-disk.ts';
import { SimulatedDisk } from '../../harness/disk/simulated-disk.ts';
import { illegal, unknownOutput, type Model } from '../../harness/linearizability/model.ts';
import { keyValueModel, type KeyValueInput, type KeyValueOutput, type MapState } from '../../harness/linearizability/models.ts';
import { unicodeString } from '../../harness/generators.ts';
import { KvModel, type KvStore, type OpenKvStore } from '../../spec/kv-wal.ts';

export type StoreInput = KeyValueInput | { readonly kind: 'compact' } | { readonly kind: 'entries' };
export type StoreOutput = KeyValueOutput | { readonly entries: readonly (readonly [string, string])[] };

function sortedEntries(state: MapState): [string, string][] {
  const model = new KvModel();
  for (const [key, value] of state) model.map.set(key, value);
  return model.entries();
}

/** set/get/delete as the key-value model has them; compact changes nothing; entries reads the whole map */
export const storeModel: Model<MapState, StoreInput, StoreOutput> = {
  name: 'kv-wal store',
  init: () => new Map(),
  step(state, input, output) {
    if (input.kind === 'compact') return output === unknownOutput || output === 'ok' ? state : illegal;
    if (input.kind === 'entries') {
      const read = output !== unknownOutput && typeof output === 'object' && 'entries' in output ? JSON.stringify(output.entries) : undefined;
      return output === unknownOutput || read === JSON.stringify(sortedEntries(state)) ? state : illegal;
    }
    if (output !== unknownOutput && typeof output === 'object' && 'entries' in output) return illegal;
    return keyValueModel.step(state, input, output);
  },
  hash: keyValueModel.hash,
  equal: keyValueModel.equal,
  describeInput: (input) => (input.kind === 'compact' || input.kind === 'entries' ? `${input.kind}()` : keyValueModel.describeInput(input)),
  describeOutput: (output) => (typeof output === 'object' && 'entries' in output ? JSON.stringify(output.entries) : keyValueModel.describeOutput(output)),
  describeState: (state) => JSON.stringify(sortedEntries(state)),
};

/** keys that share prefixes, look alike (composed and decomposed é), leave the BMP, or shadow Object.prototype */
export const concurrentKeys = ['a', 'a\u0000', '\u00e9', 'e\u0301', '😀', '__proto__'] as const;

export function storeInput(values: fc.Arbitrary<string>, options: { readonly compact: boolean }): fc.Arbitrary<StoreInput> {
  const key = fc.constantFrom(...concurrentKeys);
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: values }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('get' as const, 'delete' as const), key }) },
    { weight: options.compact ? 1 : 0, arbitrary: fc.constant({ kind: 'compact' as const }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'entries' as const }) },
  );
}

export const concurrentValues: fc.Arbitrary<string> = fc.oneof(fc.constant(''), unicodeString({ minLength: 1, maxLength: 4 }));

export interface ConcurrentStore {
  readonly store: KvStore;
  /** the simulated disk under the store (its completion hook is the scheduler's pause) */
  readonly disk: SimulatedDisk;
}

export async function callStore(store: KvStore, input: StoreInput): Promise<StoreOutput> {
  switch (input.kind) {
    case 'get':
      return { value: await store.get(input.key) };
    case 'set':
      await store.set(input.key, input.value);
      return 'ok';
    case 'delete':
      return { existed: await store.delete(input.key) };
    case 'compact':
      await store.compact();
      return 'ok';
    case 'entries':
      return { entries: await store.entries() };
  }
}

/**
 * A store on a fresh simulated disk whose every operation after opening waits for the
 * scheduler: opening runs unheld, since the scheduler releases nothing before the clients start.
 */
export async function scheduledStore(open: OpenKvStore, context: ConcurrentContext, wrap: (disk: Disk) => Disk = (disk) => disk): Promise<ConcurrentStore> {
  const disk = new SimulatedDisk();
  const store = await open({ disk: wrap(disk) });
  disk.setCompletionHook((operation, path) => context.pause(`${operation} ${path}`));
  return { store, disk };
}

export function concurrentStoreSystem(open: OpenKvStore, options: { readonly compact: boolean }): ConcurrentSystem<MapState, ConcurrentStore, StoreInput, StoreOutput> {
  return {
    model: storeModel,
    input: storeInput(concurrentValues, options),
    create: (context) => scheduledStore(open, context),
    call: (real, input) => callStore(real.store, input),
    operationsPerClientMax: 5,
    timeline: false,
  };
}

/** One fsync call seen through an observing disk: pending until it settles, then whether it failed. */
export interface ObservedSync {
  settled: boolean;
  failed: boolean;
}

/** A disk that forwards everything and records each file fsync, so a check can ask "was a failing fsync pending then?". */
export function observingSyncs(disk: Disk, pending: Set<ObservedSync>): Disk {
  return forwardingDisk(disk, {
    file: (file) => ({
      sync: async () => {
        const sync: ObservedSync = { settled: false, failed: false };
        pending.add(sync);
        try {
          await file.sync();
        } catch (error) {
          sync.failed = true;
          throw error;
        } finally {
          sync.settled = true;
          pending.delete(sync);
        }
      },
    }),
  });
}
