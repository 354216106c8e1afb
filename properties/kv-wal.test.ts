// Properties of kv-wal. Without crashes, a model-based run against a Map (reopening included).
// With crashes, generated workloads run once on the simulated disk while the explorer stops
// them at every crash point and recovers each post-crash state: the state must be the model
// after a prefix of the calls that holds every acknowledged one, and recovering must be
// repeatable even when recovery itself crashes. Concurrent clients are checked for per-key
// linearizability.

import fc from 'fast-check';
import { expect } from 'vitest';
import { linearizableProperty } from '../harness/concurrent.ts';
import { exploreCrashes } from '../harness/disk/explore.ts';
import { SimulatedDisk } from '../harness/disk/simulated-disk.ts';
import { keyValueModel, type KeyValueInput, type KeyValueOutput } from '../harness/linearizability/models.ts';
import { shortestAllowedPrefix } from '../harness/prefix.ts';
import { replayableCommands, systemSuite } from '../harness/suite.ts';
import { KvModel, kvWalSpec, matchingPrefixes, type KvOperation, type KvStore } from '../spec/kv-wal.ts';

const suite = await systemSuite(kvWalSpec);
const openKvStore = suite.implementation.default;

const keys = ['a', 'b', 'c', 'd'];
const keyArbitrary = fc.constantFrom(...keys);
// values of a few sizes: a long one spans sectors, so a torn write can split it
const valueArbitrary = fc.oneof(fc.string({ maxLength: 6 }), fc.string({ minLength: 300, maxLength: 700 }));

interface Real {
  store: KvStore;
  readonly disk: SimulatedDisk;
}
type Command = fc.AsyncCommand<KvModel, Real>;

const commands: fc.Arbitrary<Command>[] = [
  fc.tuple(keyArbitrary, valueArbitrary).map(([key, value]): Command => ({
    check: () => true,
    async run(model, real) {
      model.apply({ kind: 'set', key, value });
      await real.store.set(key, value);
      const read = await real.store.get(key);
      suite.rule('WAL-1', () => expect(read).toBe(value));
    },
    toString: () => `set(${key}, ${value.length} chars)`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const existed = model.apply({ kind: 'delete', key });
      const deleted = await real.store.delete(key);
      suite.rule('WAL-1', () => expect(deleted).toBe(existed));
    },
    toString: () => `delete(${key})`,
  })),
  keyArbitrary.map((key): Command => ({
    check: () => true,
    async run(model, real) {
      const read = await real.store.get(key);
      suite.rule('WAL-1', () => expect(read).toBe(model.map.get(key)));
    },
    toString: () => `get(${key})`,
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
      real.store = await openKvStore({ disk: real.disk });
      const entries = await real.store.entries();
      suite.rule('WAL-12', () => expect(entries).toEqual(model.entries()));
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
      const entries = await real.store.entries();
      suite.rule('WAL-1', () => expect(entries.length).toBeLessThanOrEqual(keys.length));
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

const linearizabilityInput: fc.Arbitrary<KeyValueInput> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('x', 'y'), value: fc.constantFrom('1', '2', '3') }),
  fc.record({ kind: fc.constantFrom('get' as const, 'delete' as const), key: fc.constantFrom('x', 'y') }),
);

suite.property(
  'WAL-10',
  'the history of concurrent clients is linearizable per key',
  linearizableProperty<ReadonlyMap<string, string>, KvStore, KeyValueInput, KeyValueOutput>({
    model: keyValueModel,
    input: linearizabilityInput,
    create: () => openKvStore({ disk: new SimulatedDisk() }),
    async call(store, input): Promise<KeyValueOutput> {
      if (input.kind === 'get') return { value: await store.get(input.key) };
      if (input.kind === 'set') {
        await store.set(input.key, input.value);
        return 'ok';
      }
      return { existed: await store.delete(input.key) };
    },
    operationsPerClientMax: 6,
  }),
  { runsFactor: 0.5 },
);
