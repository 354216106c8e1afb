// Performance gates of versioned-store: writes per second on a 10,000-key store against copying a
// Map per version (the obvious way to keep versions), both keeping the last 64 versions, and the
// heap each write retains, against the same copy-per-version baseline reported beside it.

import createVersionedStore from '../impl/versioned-store/index.ts';
import { defineGates, type Gate, type Subject } from '../harness/perf.ts';
import { retainedBytes } from '../harness/heap.ts';

const keyCount = 10_000;
const writesPerRun = 10;
const versionsKept = 64;
const keys = Array.from({ length: keyCount }, (_, index) => `key-${index}`);
const initial = keys.map((key, index): [string, number] => [key, index]);

function oursSubject(): Subject {
  const store = createVersionedStore<number>({ initial, maxVersions: versionsKept });
  let next = 0;
  return {
    name: 'versioned-store set (persistent treap)',
    workPerRun: writesPerRun,
    run: () => {
      for (let write = 0; write < writesPerRun; write++, next++) store.set(keys[(next * 7_919) % keyCount] as string, next);
      return store.version;
    },
  };
}

function mapCopySubject(): Subject {
  const versions: Map<string, number>[] = [new Map(initial)];
  let next = 0;
  return {
    name: 'copy a Map per version',
    workPerRun: writesPerRun,
    run: () => {
      for (let write = 0; write < writesPerRun; write++, next++) {
        const copy = new Map(versions[versions.length - 1]);
        copy.set(keys[(next * 7_919) % keyCount] as string, next);
        versions.push(copy);
        if (versions.length > versionsKept) versions.shift();
      }
      return versions.length;
    },
  };
}


/** heap retained per write over `writes` writes, every version kept */
function bytesPerWrite(writes: number, write: (index: number) => void): number {
  const before = retainedBytes();
  for (let index = 0; index < writes; index++) write(index);
  return (retainedBytes() - before) / writes;
}

export default defineGates('versioned-store', () => [
  {
    kind: 'ratio',
    name: 'writes per second, 10,000 keys, 64 versions kept',
    unit: 'writes',
    minRatio: 20,
    ours: oursSubject(),
    baseline: mapCopySubject(),
  },
  {
    kind: 'metric',
    name: 'heap retained per write (10,000 keys, 1,000 writes, every version kept)',
    unit: 'bytes/write',
    max: 16 * 1024,
    measure: () => {
      const store = createVersionedStore<number>({ initial });
      return bytesPerWrite(1_000, (index) => store.set(keys[(index * 7_919) % keyCount] as string, -index));
    },
  },
  {
    kind: 'metric',
    name: 'heap retained per write by copying a Map per version (10,000 keys, 50 writes)',
    unit: 'bytes/write',
    measure: () => {
      const versions = [new Map(initial)];
      return bytesPerWrite(50, (index) => versions.push(new Map(versions[index]).set(keys[index] as string, -index)));
    },
  },
] satisfies Gate[]);
