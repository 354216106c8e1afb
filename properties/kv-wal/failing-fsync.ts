// kv-wal's WAL-14 under concurrency: clients call set, get, delete, compact and entries while
// the simulated disk holds every I/O for fc.scheduler and one fsync fails. Reads then really run
// while the failing fsync is pending, which sequential checks never reach. A run's verdict: no
// read sees a write that was rejected, no write called after a rejection was reported is
// acknowledged, and the history stays linearizable.

import fc from 'fast-check';
import { concurrentRuns, describeOutcome, runConcurrently, type ConcurrentRun, type ConcurrentSystem } from '../../harness/concurrent.ts';
import type { MapState } from '../../harness/linearizability/models.ts';
import type { OpenKvStore } from '../../spec/kv-wal.ts';
import { callStore, observingSyncs, scheduledStore, storeInput, storeModel, type ConcurrentStore, type ObservedSync, type StoreInput, type StoreOutput } from './concurrent.ts';
import { unicodeString } from '../../harness/generators.ts';

/** long enough that two sets of the same value are rare; when they happen, the value is not judged */
const distinctValues = unicodeString({ minLength: 6, maxLength: 8 });

export const failingFsyncRuns: fc.Arbitrary<ConcurrentRun<StoreInput>> = concurrentRuns({ input: storeInput(distinctValues, { compact: true }), operationsPerClientMax: 5 });

interface Stamp {
  readonly input: StoreInput;
  readonly calledAt: number;
  settledAt: number;
  rejected: boolean;
  output: StoreOutput | undefined;
  /** the fsyncs pending when the call started */
  readonly syncsPending: readonly ObservedSync[];
}

export interface FailingFsyncVerdict {
  readonly violations: readonly { readonly rule: 'WAL-10' | 'WAL-14'; readonly message: string }[];
  /** reads (get or entries) that started while an fsync that then failed was pending */
  readonly readsDuringFailingSync: number;
  readonly overlapMax: number;
}

const pairOf = (key: string, value: string) => JSON.stringify([key, value]);

function readPairs(stamp: Stamp): string[] {
  const { input, output } = stamp;
  if (output === undefined || typeof output !== 'object') return [];
  if ('entries' in output) return output.entries.map(([key, value]) => pairOf(key, value));
  if ('value' in output && output.value !== undefined && input.kind === 'get') return [pairOf(input.key, output.value)];
  return [];
}

function judge(stamps: readonly Stamp[]): FailingFsyncVerdict['violations'][number][] {
  const violations: FailingFsyncVerdict['violations'][number][] = [];
  const writes = stamps.filter((stamp) => stamp.input.kind === 'set' || stamp.input.kind === 'delete');
  const setPairs = (rejected: boolean) => new Set(writes.filter((stamp) => stamp.rejected === rejected && stamp.input.kind === 'set').map((stamp) => (stamp.input.kind === 'set' ? pairOf(stamp.input.key, stamp.input.value) : '')));
  const acknowledged = setPairs(false);
  const rejectedOnly = [...setPairs(true)].filter((pair) => !acknowledged.has(pair));
  for (const stamp of stamps) {
    const seen = readPairs(stamp).filter((pair) => rejectedOnly.includes(pair));
    if (seen.length > 0) violations.push({ rule: 'WAL-14', message: `${storeModel.describeInput(stamp.input)} saw ${seen.join(', ')}, written only by a set that was rejected` });
  }
  const firstRejection = Math.min(...writes.filter((stamp) => stamp.rejected).map((stamp) => stamp.settledAt));
  for (const stamp of writes) {
    if (stamp.calledAt > firstRejection && !stamp.rejected) {
      violations.push({ rule: 'WAL-14', message: `${storeModel.describeInput(stamp.input)}, called after a write's failed fsync was reported, was acknowledged` });
    }
  }
  return violations;
}

/** Runs one schedule with the fsync numbered `scheduleSeed mod 3` (from 0) failing, and judges it. */
export async function runWithFailingFsync(open: OpenKvStore, run: ConcurrentRun<StoreInput>): Promise<FailingFsyncVerdict> {
  const pending = new Set<ObservedSync>();
  const stamps: Stamp[] = [];
  let clock = 0;
  const system: ConcurrentSystem<MapState, ConcurrentStore, StoreInput, StoreOutput> = {
    model: storeModel,
    input: storeInput(distinctValues, { compact: true }),
    async create(context) {
      const real = await scheduledStore(open, context, (disk) => observingSyncs(disk, pending));
      real.disk.injectFault({ operation: 'sync', after: Math.abs(run.scheduleSeed) % 3, dropsUnsynced: true });
      return real;
    },
    async call(real, input) {
      const reads = input.kind === 'get' || input.kind === 'entries';
      const stamp: Stamp = { input, calledAt: clock++, settledAt: Infinity, rejected: false, output: undefined, syncsPending: reads ? [...pending] : [] };
      stamps.push(stamp);
      try {
        stamp.output = await callStore(real.store, input);
        return stamp.output;
      } catch (error) {
        stamp.rejected = true;
        throw error;
      } finally {
        stamp.settledAt = clock++;
      }
    },
    timeline: false,
  };
  const outcome = await runConcurrently(system, run);
  const violations = judge(stamps);
  if (outcome.result.verdict !== 'ok') violations.push({ rule: 'WAL-10', message: describeOutcome(storeModel, outcome) });
  const readsDuringFailingSync = stamps.filter((stamp) => stamp.syncsPending.some((sync) => sync.failed)).length;
  return { violations, readsDuringFailingSync, overlapMax: outcome.overlapMax };
}
