// The disk effect in one import: the Disk interface durable systems take, the real Node disk
// (their default), the simulated crashing disk and the exhaustive crash explorer that grade them.
//
// A durable system takes `{ disk?: Disk }` in its factory options, defaulting to
// `createNodeDisk(directory)`. Its suites hand it a SimulatedDisk instead:
//
//   const disk = new SimulatedDisk();
//   const store = await createStore({ disk });
//   await store.set('k', 'v');                        // acknowledged: must survive
//   const rebooted = disk.crash(seed);                 // one post-crash state, chosen by the seed
//   const recovered = await createStore({ disk: rebooted });
//
// or visit every crash point of a small workload, and several or all states at each:
//
//   const acknowledged: Operation[] = [];
//   const report = await exploreCrashes({
//     workload: async (disk) => { ...issue operations, push each to `acknowledged` once it resolves... },
//     check: async (crashed) => { ...recover from `crashed`, compare with `acknowledged`... },
//   });                                                // { crashPoints, states, complete }
//
// The check runs while the workload is paused inside the disk operation that just took
// effect, so `acknowledged` holds exactly what had been acknowledged at that crash point. A
// failing check ends the exploration with a CrashCheckError naming the point and what survived.
// Crash model: crash-state.ts. Counters (fsyncs, bytes written...): `disk.counters`, or
// createCountingDisk(any disk). Faults: `disk.injectFault({ operation: 'sync', after: 2 })`.
// Overlap: `disk.setCompletionHook((operation, path) => context.pause(`${operation} ${path}`))`
// holds each operation until the concurrency scheduler releases it.

export {
  DiskError,
  diskOperations,
  hasErrorCode,
  type Disk,
  type DiskCounters,
  type DiskErrorCode,
  type DiskFile,
  type DiskOperation,
  type OpenOptions,
} from './disk.ts';
export { createNodeDisk } from './node-disk.ts';
export { createCountingDisk, type CountingDisk } from './counting-disk.ts';
export { forwardingDisk, type ForwardingOverrides } from './forwarding-disk.ts';
export { type Fault } from './faults.ts';
export { SimulatedDisk, type CompletionHook, type CrashVariantSet, type OperationHook, type SimulatedDiskOptions } from './simulated-disk.ts';
export { exploreCrashes, CrashCheckError, type CrashState, type ExploreCrashesOptions, type ExploreReport } from './explore.ts';
