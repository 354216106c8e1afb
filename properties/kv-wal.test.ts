// Properties of kv-wal. Without crashes, a model-based run against a Map (reopening included).
// With crashes, generated workloads run once on the simulated disk while the explorer stops
// them at every crash point and recovers each post-crash state: the state must be the model
// after a prefix of the calls that holds every acknowledged one, and recovering must be
// repeatable even when recovery itself crashes. Concurrent clients, on a disk whose every I/O
// waits for the scheduler, are checked for linearizability (compactions racing writes included),
// for overlap, and against a failing fsync. Keys and values reach full Unicode, shared prefixes,
// prototype names and the empty string, so framing by UTF-16 length instead of bytes fails.

import fc from 'fast-check';
import { expect } from 'vitest';
import { concurrentRuns, describeOutcome, expectOverlap, runConcurrently } from '../harness/concurrent.ts';
import { exploreCrashes } from '../harness/disk/explore.ts';
import { SimulatedDisk } from '../harness/disk/simulated-disk.ts';
import { keyString, largeArray, unicodeString } from '../harness/generators.ts';
import { shortestAllowedPrefix } from '../harness/prefix.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { KvModel, kvWalSpec, matchingPrefixes, type KvOperation, type KvStore } from '../spec/kv-wal.ts';
import { concurrentStoreSystem, type ConcurrentStore } from './kv-wal/concurrent.ts';
import { failingFsyncRuns, runWithFailingFsync } from './kv-wal/failing-fsync.ts';

const suite = await systemSuite(kvWalSpec);
const openKvStore = suite.implementation.default;

// a pool that repeats (so operations collide), sharing prefixes, alike-looking, astral, prototype names
const keys = ['a', 'ab', 'a\u0000', '\u00e9', 'e\u0301', '😀', '__proto__', 'constructor'];
const keyArbitrary = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: keyString() });
// values of a few sizes, over full Unicode: a long one spans sectors, so a torn write can split it
const valueArbitrary = fc.oneof(fc.constant(''), unicodeString({ maxLength: 6 }), unicodeString({ minLength: 200, maxLength: 500 }));
const describeText = (text: string) => `${text.length} units${/[^\x20-\x7e]/.test(text) ? ', non-ASCII' : ''}`;

interface Real {
  store: KvStore;
  readonly disk: SimulatedDisk;
}
type Command = fc.AsyncCommand<KvModel, Real>;

/** after close every method rejects (WAL-12), and the recovery report stays readable */
async function expectClosed(store: KvStore): Promise<void> {
  const calls: [string, () => Promise<unknown>][] = [
    ['get', () => store.get('a')],
    ['set', () => store.set('a', 'after close')],
    ['delete', () => store.delete('a')],
    ['entries', () => store.entries()],
    ['compact', () => store.compact()],
  ];
  for (const [method, call] of calls) {
    const outcome = await Promise.resolve().then(call).then(() => 'resolved', () => 'rejected');
    suite.rule('WAL-12', () => expect(outcome, `${method} after close`).toBe('rejected'));
  }
}

const commands: fc.Arbitrary<Command>[] = [
  fc.tuple(keyArbitrary, valueArbitrary).map(([key, value]): Command => ({
    check: () => true,
    async run(model, real) {
      model.apply({ kind: 'set', key, value });
      await real.store.set(key, value);
      const read = await real.store.get(key);
      suite.rule('WAL-1', () => expect(read).toBe(value));
    },
    toString: () => `set(${JSON.stringify(key)}, ${describeText(value)})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const existed = model.apply({ kind: 'delete', key });
      const deleted = await real.store.delete(key);
      suite.rule('WAL-1', () => expect(deleted).toBe(existed));
    },
    toString: () => `delete(${JSON.stringify(key)})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const read = await real.store.get(key);
      suite.rule('WAL-1', () => expect(read).toBe(model.map.get(key)));
    },
    toString: () => `get(${JSON.stringify(key)})`,
  })),
  fc.constant<Command>({
    check: () => true,
    async run(model, real) {
      await real.store.compact();
      const entries = await real.store.entries();
      suite.rule('WAL-8', () => expect(entries).toEqual(model.entries()));
    },
    toString: () => 'compact()',
  }),
  fc.constant<Command>({
    check: () => true,
    async run(model, real) {
      await real.store.close();
      await expectClosed(real.store);
      real.store = await openKvStore({ disk: real.disk });
      const entries = await real.store.entries();
      suite.rule('WAL-12', () => expect(entries).toEqual(model.entries()));
      suite.rule('WAL-5', () => expect(real.store.recovery, 'recovery after a clean close').toMatchObject({ tail: 'clean', tailBytesDiscarded: 0 }));
      for (const [key, value] of model.map) await suite.rule('WAL-12', async () => expect(await real.store.get(key), `get(${JSON.stringify(key)}) after reopening`).toBe(value));
    },
    toString: () => 'close() and reopen',
  }),
];

suite.property(
  ['WAL-1', 'WAL-8', 'WAL-12'],
  'agrees with a Map on any sequence of sets, deletes, gets, compactions and reopenings',
  fc.asyncProperty(replayableCommands(commands, { maxCommands: 30 }), async (sequence) => {
    const disk = new SimulatedDisk();
    const real: Real = { store: await openKvStore({ disk }), disk };
    try {
      await fc.asyncModelRun(() => ({ model: new KvModel(), real }), sequence);
    } finally {
      await real.store.close();
    }
  }),
  { runsFactor: 0.5 },
);

/** A workload step: operations called together (a group commit's chance), or a compaction. */
type Step = { readonly kind: 'together'; readonly operations: readonly KvOperation[] } | { readonly kind: 'compact' };

const operationArbitrary: fc.Arbitrary<KvOperation> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(keyArbitrary, valueArbitrary).map(([key, value]): KvOperation => ({ kind: 'set', key, value })) },
  { weight: 1, arbitrary: keyArbitrary.map((key): KvOperation => ({ kind: 'delete', key })) },
);
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.array(operationArbitrary, { minLength: 1, maxLength: 3 }).map((operations): Step => ({ kind: 'together', operations })) },
  { weight: 1, arbitrary: fc.constant<Step>({ kind: 'compact' }) },
);

/** What a workload has called so far, in call order, and how far every call is acknowledged. */
class Journal {
  readonly called: KvOperation[] = [];
  readonly acknowledged = new Set<number>();

  /** one past the last acknowledged call: a recovered prefix must be at least this long */
  prefixMin(): number {
    return shortestAllowedPrefix(this.acknowledged);
  }
}

async function runWorkload(store: KvStore, steps: readonly Step[], journal: Journal): Promise<void> {
  for (const step of steps) {
    if (step.kind === 'compact') {
      await store.compact();
      continue;
    }
    await Promise.all(step.operations.map((operation) => {
      const index = journal.called.push(operation) - 1;
      const call = operation.kind === 'set' ? store.set(operation.key, operation.value) : store.delete(operation.key);
      return Promise.resolve(call).then(() => journal.acknowledged.add(index));
    }));
  }
}

/** The rule a recovered state breaks, if any: a lost acknowledged write, a resurrection, or no prefix at all. */
function judgeRecovery(journal: Journal, entries: [string, string][]): { rule: 'WAL-2' | 'WAL-3' | 'WAL-4'; message: string } | undefined {
  const prefixMin = journal.prefixMin();
  if (matchingPrefixes(journal.called, prefixMin, entries).length > 0) return undefined;
  const present = new Map(entries);
  for (const [index, operation] of journal.called.entries()) {
    if (operation.kind !== 'delete' || !journal.acknowledged.has(index)) continue;
    const setLater = journal.called.slice(index + 1).some((later) => later.kind === 'set' && later.key === operation.key && later.value === present.get(operation.key));
    if (present.has(operation.key) && !setLater) return { rule: 'WAL-4', message: `${operation.key} came back after its acknowledged delete (call ${index})` };
  }
  const described = JSON.stringify(entries.map(([key, value]) => `${key}=${value.length} chars`));
  if (matchingPrefixes(journal.called, 0, entries).length > 0) {
    return { rule: 'WAL-2', message: `recovered ${described}: a state from before the last acknowledged call (${prefixMin - 1})` };
  }
  return { rule: 'WAL-3', message: `recovered ${described}, the state after no prefix of the ${journal.called.length} calls` };
}

async function recoveredEntries(disk: SimulatedDisk): Promise<[string, string][]> {
  const store = await openKvStore({ disk });
  try {
    return await store.entries();
  } finally {
    await store.close();
  }
}

suite.property(
  ['WAL-2', 'WAL-3', 'WAL-4', 'WAL-7', 'WAL-8'],
  'at every crash point of a workload, every post-crash state recovers to a prefix holding all acknowledged calls, again after a second crash',
  fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (steps, seed) => {
    const journal = new Journal();
    await exploreCrashes({
      seed,
      variantsPerPointMax: 6,
      statesMax: 400,
      workload: async (disk) => {
        const store = await openKvStore({ disk });
        await runWorkload(store, steps, journal);
        await store.close();
      },
      check: async (crashed, state) => {
        // a store that cannot open after a crash has lost every acknowledged write
        const entries = await recoveredEntries(crashed).catch((error: unknown) =>
          suite.rule('WAL-2', () => expect.fail(`recovery after a crash failed: ${error instanceof Error ? error.message : String(error)}`)),
        );
        const verdict = judgeRecovery(journal, entries);
        if (verdict !== undefined) suite.rule(verdict.rule, () => expect.fail(verdict.message));
        // recovery writes too (a truncated tail, removed leftovers): crash right after it and recover again
        const again = await recoveredEntries(crashed.crash(seed + state.point));
        suite.rule('WAL-7', () => expect(again, 'state after recovering, crashing and recovering again').toEqual(entries));
      },
    });
  }),
  { runsFactor: 0.3, timeoutMs: 120_000 },
);

suite.check('WAL-7', 'a crash at any point of recovery itself recovers the same state', async () => {
  // recovery writes when it finds a torn tail (it cuts the log and syncs): crash it everywhere then
  let tornStates = 0;
  let recoveryStates = 0;
  await exploreCrashes({
    variantsPerPointMax: 16,
    workload: async (disk) => {
      const store = await openKvStore({ disk });
      for (let index = 0; index < 4; index += 1) await store.set(`k${index % 3}`, 'v'.repeat(300 + index));
      await store.close();
    },
    check: async (crashed, state) => {
      if (!/torn|zeroed/.test(state.description)) return;
      tornStates += 1;
      // an undisturbed copy of this post-crash state (nothing is unsynced in it yet), recovered once
      const expected = await recoveredEntries(crashed.crashVariants().build(0).disk);
      const report = await exploreCrashes({
        disk: crashed,
        workload: async (recovering) => {
          const reopened = await openKvStore({ disk: recovering });
          await reopened.close();
        },
        check: async (again) => {
          expect(await recoveredEntries(again)).toEqual(expected);
        },
      });
      recoveryStates += report.states;
    },
  });
  expect(tornStates, 'post-crash states with a torn or zeroed write').toBeGreaterThan(0);
  expect(recoveryStates).toBeGreaterThan(tornStates);
});

suite.check('WAL-9', '64 concurrent sets are made durable with far fewer than 64 fsyncs', async () => {
  const disk = new SimulatedDisk();
  const store = await openKvStore({ disk });
  const before = disk.counters.sync + disk.counters.syncDirectory;
  await Promise.all(Array.from({ length: 64 }, (_, index) => store.set(`key${index}`, `value${index}`)));
  const fsyncs = disk.counters.sync + disk.counters.syncDirectory - before;
  expect(fsyncs, 'fsyncs for 64 concurrent sets').toBeLessThanOrEqual(8);
  expect(fsyncs, 'and at least one: acknowledged means durable').toBeGreaterThanOrEqual(1);
  await store.close();
});

suite.property(
  ['WAL-1', 'WAL-8', 'WAL-9', 'WAL-12'],
  'thousands of Unicode keys, set together and one by one, survive compaction and reopening',
  fc.asyncProperty(largeArray(fc.tuple(keyString({ unicodeMaxLength: 12 }), unicodeString({ maxLength: 40 }))), async (pairs) => {
    const disk = new SimulatedDisk();
    let store = await openKvStore({ disk });
    const model = new KvModel();
    const half = Math.floor(pairs.length / 2);
    // the first half at once, past any plausible group size; the rest one by one
    await Promise.all(pairs.slice(0, half).map(([key, value]) => store.set(key, value)));
    for (const [key, value] of pairs.slice(0, half)) model.apply({ kind: 'set', key, value });
    for (const [key, value] of pairs.slice(half)) {
      model.apply({ kind: 'set', key, value });
      await store.set(key, value);
    }
    const written = await store.entries();
    suite.rule('WAL-1', () => expect(written).toEqual(model.entries()));
    await store.compact();
    for (const [key] of pairs.slice(0, 50)) model.apply({ kind: 'delete', key });
    await Promise.all(pairs.slice(0, 50).map(([key]) => store.delete(key)));
    await store.close();
    store = await openKvStore({ disk });
    const recovered = await store.entries();
    await store.close();
    suite.rule('WAL-8', () => expect(recovered, 'after compaction, deletes and reopening').toEqual(model.entries()));
  }),
  { runsMax: 2, timeoutMs: 60_000 },
);

const concurrentSystem = concurrentStoreSystem(openKvStore, { compact: true });

suite.property(
  ['WAL-10', 'WAL-8', 'WAL-12'],
  'concurrent clients, with every disk I/O held for the scheduler and compactions racing writes, are linearizable, and reopening keeps their state',
  fc.asyncProperty(concurrentRuns(concurrentSystem), async (run) => {
    let created: ConcurrentStore | undefined;
    const outcome = await runConcurrently({ ...concurrentSystem, create: async (context) => (created = await concurrentSystem.create(context)) }, run);
    if (outcome.result.verdict !== 'ok') suite.rule('WAL-10', () => expect.fail(describeOutcome(concurrentSystem.model, outcome)));
    if (created === undefined) throw new Error('the run created no store');
    created.disk.setCompletionHook(undefined);
    const live = await created.store.entries();
    await created.store.close();
    const reopened = await openKvStore({ disk: created.disk });
    const recovered = await reopened.entries();
    await reopened.close();
    const compacted = run.clients.some((inputs) => inputs.some((input) => input.kind === 'compact'));
    suite.rule(compacted ? 'WAL-8' : 'WAL-12', () => expect(recovered, `reopened after the run (schedule ${outcome.schedule})`).toEqual(live));
  }),
  { runsFactor: 0.5 },
);

suite.check('WAL-10', 'in those concurrent runs several calls really are inside the store at once', async () => {
  await expectOverlap(concurrentSystem, { runs: 30 });
});

suite.property(
  ['WAL-14', 'WAL-10'],
  'while a failing fsync is pending, no read sees the write it covers, and writes called after the failure is reported are refused',
  fc.asyncProperty(failingFsyncRuns, async (run) => {
    const verdict = await runWithFailingFsync(openKvStore, run);
    for (const violation of verdict.violations) suite.rule(violation.rule, () => expect.fail(violation.message));
  }),
  { runsFactor: 0.5 },
);

suite.check('WAL-14', 'in those runs reads really start while the failing fsync is pending, beside other calls', async () => {
  let reads = 0;
  let overlapMax = 0;
  for (const run of fc.sample(failingFsyncRuns, { numRuns: 40, seed: 20261207 })) {
    const verdict = await runWithFailingFsync(openKvStore, run);
    reads += verdict.readsDuringFailingSync;
    overlapMax = Math.max(overlapMax, verdict.overlapMax);
  }
  expect(reads, 'reads started while a failing fsync was pending, over 40 runs').toBeGreaterThan(0);
  expect(overlapMax, 'calls inside the store at once').toBeGreaterThanOrEqual(2);
});
